//! Who is logged in, for every page: restored from the kept refresh token
//! on start, set by the login page, cleared by logout or an expired session.

use rapport_domain::permissions::{self, Action};
use rapport_types::users::User;
use yew::prelude::*;

use crate::services::session as tokens;

/// Where the session stands.
#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// Looking for a kept session.
    Restoring,
    /// Nobody is logged in; `expired` when a session just ran out.
    Anonymous { expired: bool },
    /// Someone is.
    User(User),
}

impl Session {
    /// The logged-in user.
    pub fn user(&self) -> Option<&User> {
        match self {
            Session::User(user) => Some(user),
            _ => None,
        }
    }

    /// Whether the logged-in user may do `action`.
    pub fn may(&self, action: Action) -> bool {
        self.user()
            .is_some_and(|user| permissions::allows(user.role, action))
    }
}

/// The session with a way to change it.
#[derive(Clone, PartialEq)]
pub struct SessionContext {
    /// Where it stands.
    pub session: Session,
    /// Replaces it (login, logout).
    pub set: Callback<Session>,
}

/// The session of the page being rendered.
#[hook]
pub fn use_session() -> SessionContext {
    use_context::<SessionContext>().unwrap_or_else(|| SessionContext {
        session: Session::Anonymous { expired: false },
        set: Callback::noop(),
    })
}

#[derive(Properties, PartialEq)]
pub struct SessionProviderProps {
    pub children: Html,
}

/// Provides the session to everything inside it.
#[component]
pub fn SessionProvider(props: &SessionProviderProps) -> Html {
    let session = use_state(|| Session::Restoring);
    let set = {
        let session = session.clone();
        Callback::from(move |next| session.set(next))
    };
    {
        let set = set.clone();
        use_effect_with((), move |_| {
            let on_expired = set.clone();
            tokens::on_expired(Callback::from(move |()| {
                on_expired.emit(Session::Anonymous { expired: true })
            }));
            wasm_bindgen_futures::spawn_local(async move {
                set.emit(match tokens::resume().await {
                    Some(user) => Session::User(user),
                    None => Session::Anonymous { expired: false },
                });
            });
        });
    }
    let context = SessionContext {
        session: (*session).clone(),
        set,
    };
    html! {
        <ContextProvider<SessionContext> {context}>
            { props.children.clone() }
        </ContextProvider<SessionContext>>
    }
}
