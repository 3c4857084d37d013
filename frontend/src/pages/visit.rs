//! One visit: whom, when, and, while it is due, the form the service desk
//! fills in on the phone: the six checklist points of seed 003 (回访注意点),
//! the 1–5 score (keys 1–5 pick it) with what it will do to the request
//! said before saving (the domain's rule: 4–5 closes it, 1–3 reopens it
//! and starts the 24-hour review), and the customer's suggestions.

use rapport_domain::permissions::Action;
use rapport_domain::visits::{Satisfaction, VisitChecklist, VisitOutcome};
use rapport_types::visits::{Visit, VisitKind, VisitRecord, VisitStatus};
use uuid::Uuid;
use wasm_bindgen::JsCast;
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

use crate::components::cells::{customer_heading, request_link};
use crate::components::loaded::{keep, ready, use_get};
use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::services::{self, Failure};
use crate::session::use_session;

#[derive(Properties, PartialEq)]
pub struct VisitProps {
    pub id: Uuid,
}

/// Where a checklist point's answer is kept.
type Point = fn(&mut VisitChecklist) -> &mut bool;

/// The checklist's points, in seed 003's order, with their words.
const POINTS: [(T, Point); 6] = [
    (T::AppointmentMade, |c| &mut c.appointment_made),
    (T::FaultExplained, |c| &mut c.fault_explained),
    (T::FeesExplained, |c| &mut c.fees_explained),
    (T::ContactLeft, |c| &mut c.contact_left),
    (T::AskedOtherProblems, |c| &mut c.asked_other_problems),
    (T::DatabaseBackupChecked, |c| &mut c.database_backup_checked),
];

#[component]
pub fn VisitPage(props: &VisitProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let visit = use_get::<Visit>(format!("/api/v1/visits/{}", props.id), 0);
    let shown = match ready(&visit, lang) {
        Ok(shown) => shown.clone(),
        Err(other) => return other,
    };
    let on_recorded = keep(&visit);
    let may_record = context.session.may(Action::WriteVisits);
    html! {
        <section class="visit-page">
            { customer_heading(shown.kind.label(lang), shown.customer_id, shown.customer_name.clone()) }
            <dl class="facts">
                <dt>{ T::DueAt.get(lang) }</dt><dd>{ format::time(shown.due_at) }</dd>
                <dt>{ T::Status.get(lang) }</dt><dd id="visit-status">{ shown.status.label(lang) }</dd>
                if shown.request_id.is_some() {
                    <dt>{ T::Request.get(lang) }</dt><dd>{ request_link(shown.request_id, lang) }</dd>
                }
                if let Some(score) = shown.satisfaction {
                    <dt>{ T::Satisfaction.get(lang) }</dt><dd id="visit-score">{ format!("{score} / 5") }</dd>
                }
                if let Some(suggestions) = shown.suggestions.clone().filter(|text| !text.is_empty()) {
                    <dt>{ T::Suggestions.get(lang) }</dt><dd>{ suggestions }</dd>
                }
            </dl>
            if shown.status == VisitStatus::Due && may_record {
                <RecordForm visit={shown.clone()} {on_recorded} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct RecordFormProps {
    visit: Visit,
    on_recorded: Callback<Visit>,
}

#[component]
fn RecordForm(props: &RecordFormProps) -> Html {
    let lang = use_lang();
    let checklist = use_state(VisitChecklist::default);
    let score = use_state(|| None::<Satisfaction>);
    let failure = use_state(|| None::<Failure>);
    let busy = use_state(|| false);
    let suggestions = use_node_ref();
    let points = POINTS.iter().enumerate().map(|(index, (text, field))| {
        let checklist = checklist.clone();
        let mut current = *checklist;
        let checked = *field(&mut current);
        let field = *field;
        let toggle = Callback::from(move |_| {
            let mut next = *checklist;
            let point = field(&mut next);
            *point = !*point;
            checklist.set(next);
        });
        html! {
            <label class="point">
                <input type="checkbox" id={format!("point-{index}")} {checked} onchange={toggle} />
                { text.get(lang) }
            </label>
        }
    });
    let scores = (1..=5u8).map(|value| {
        let score = score.clone();
        let picked = score.map(u8::from) == Some(value);
        let pick = Callback::from(move |_| score.set(Satisfaction::new(value).ok()));
        html! {
            <button type="button" class={classes!("score", picked.then_some("picked"))} data-score={value.to_string()} onclick={pick}>
                { value }
            </button>
        }
    });
    // Keys 1–5 pick the score, unless the suggestions field has the focus.
    let on_key = {
        let score = score.clone();
        Callback::from(move |event: KeyboardEvent| {
            let typing = event
                .target()
                .and_then(|target| target.dyn_into::<HtmlTextAreaElement>().ok())
                .is_some();
            let picked = event.key().parse::<u8>().ok().map(Satisfaction::new);
            if let (false, Some(Ok(picked))) = (typing, picked) {
                score.set(Some(picked));
            }
        })
    };
    let outcome = score.map(|score| match (props.visit.kind, score.outcome()) {
        (VisitKind::Return, VisitOutcome::CloseRequest) => T::OutcomeCloses,
        (VisitKind::Return, VisitOutcome::ReopenRequest) => T::OutcomeReopens,
        _ => T::OutcomeRecorded,
    });
    let submit = {
        let (visit, on_recorded) = (props.visit.clone(), props.on_recorded.clone());
        let (checklist, score, failure, busy) = (
            checklist.clone(),
            score.clone(),
            failure.clone(),
            busy.clone(),
        );
        let suggestions = suggestions.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let Some(satisfaction) = *score else { return };
            if *busy {
                return;
            }
            busy.set(true);
            let record = VisitRecord {
                version: visit.version,
                contact_id: visit.contact_id,
                satisfaction,
                suggestions: suggestions
                    .cast::<HtmlTextAreaElement>()
                    .map(|area| area.value())
                    .unwrap_or_default(),
                checklist: *checklist,
            };
            let (on_recorded, failure, busy) = (on_recorded.clone(), failure.clone(), busy.clone());
            let path = format!("/api/v1/visits/{}/record", visit.id);
            wasm_bindgen_futures::spawn_local(async move {
                match services::post::<_, Visit>(&path, &record).await {
                    Ok(after) => on_recorded.emit(after),
                    Err(refused) => failure.set(Some(refused)),
                }
                busy.set(false);
            });
        })
    };
    html! {
        <form class="record-visit card" onsubmit={submit} onkeydown={on_key}>
            <h3>{ T::RecordVisit.get(lang) }</h3>
            <fieldset class="checklist">{ for points }</fieldset>
            <div class="scores">
                <span>{ T::Satisfaction.get(lang) }</span>
                { for scores }
                if let Some(outcome) = outcome {
                    <span class="outcome" id="visit-outcome">{ outcome.get(lang) }</span>
                }
            </div>
            <label>{ T::Suggestions.get(lang) }
                <textarea id="visit-suggestions" rows="3" ref={suggestions} />
            </label>
            if let Some(failure) = &*failure {
                <p class="error">{ failure.detail() }</p>
            }
            <button type="submit" class="primary" id="record-visit" disabled={score.is_none() || *busy}>{ T::Save.get(lang) }</button>
        </form>
    }
}
