//! A record edited as a draft and saved whole with the version it was read
//! at (the routing rules, the SLA policy, a calendar): each change marks
//! the draft unsaved, a save keeps the server's refusal or says it went
//! through, and a stale version is read again.

use serde::Serialize;
use serde::de::DeserializeOwned;
use yew::prelude::*;

use crate::components::form::reread;
use crate::services::{self, Failure};

/// A draft's saving: the last refusal, whether the last save went
/// through (until the next change), and how many times the record was read.
#[derive(Clone)]
pub struct Drafting {
    pub failure: UseStateHandle<Option<Failure>>,
    pub saved: UseStateHandle<bool>,
    /// Moves on when the record is to be read again.
    pub reads: UseStateHandle<u32>,
}

/// A draft's [`Drafting`], nothing sent yet.
#[hook]
pub fn use_drafting() -> Drafting {
    Drafting {
        failure: use_state(|| None),
        saved: use_state(|| false),
        reads: use_state(|| 0),
    }
}

impl Drafting {
    /// Reads the record again (offered on a stale version).
    pub fn reread(&self) -> Callback<()> {
        reread(&self.failure, &self.saved, &self.reads)
    }

    /// A change to the draft in `draft`, given what the event brings.
    pub fn edit<D, E>(
        &self,
        draft: &UseStateHandle<D>,
        apply: impl Fn(&mut D, E) + 'static,
    ) -> Callback<E>
    where
        D: Clone + 'static,
        E: 'static,
    {
        let (draft, saved) = (draft.clone(), self.saved.clone());
        Callback::from(move |event: E| {
            let mut next = (*draft).clone();
            apply(&mut next, event);
            draft.set(next);
            saved.set(false);
        })
    }

    /// `PUT path` with `body`: `done` is given the record as it now
    /// stands, else the refusal is kept.
    pub fn save<B, V>(&self, path: String, body: B, done: impl FnOnce(V) + 'static)
    where
        B: Serialize + 'static,
        V: DeserializeOwned + 'static,
    {
        let (failure, saved) = (self.failure.clone(), self.saved.clone());
        wasm_bindgen_futures::spawn_local(async move {
            match services::put::<_, V>(&path, &body).await {
                Ok(after) => {
                    done(after);
                    failure.set(None);
                    saved.set(true);
                }
                Err(refused) => {
                    failure.set(Some(refused));
                    saved.set(false);
                }
            }
        });
    }
}

/// A change to one part of a draft edited in place (a rule of the list,
/// the sample request): `apply` makes the changed copy of `part` from
/// what was typed or picked, and `on_change` is given it whole.
pub fn change_of<V: Clone + 'static>(
    part: &V,
    on_change: &Callback<V>,
    apply: fn(&mut V, String),
) -> Callback<String> {
    let (part, on_change) = (part.clone(), on_change.clone());
    Callback::from(move |value: String| {
        let mut next = part.clone();
        apply(&mut next, value);
        on_change.emit(next);
    })
}
