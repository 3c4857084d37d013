//! 设置: who works here, their role and department, and the scheduler's
//! jobs with what each last did (administrators).

use rapport_types::jobs::{JobName, JobStatus};
use rapport_types::page::Paged;
use rapport_types::users::User;
use yew::prelude::*;

use crate::format;
use crate::i18n::{Label, T, use_lang};
use crate::services::{self, Failure};

#[component]
pub fn Users() -> Html {
    let lang = use_lang();
    let users = use_state(|| None::<Result<Paged<User>, Failure>>);
    {
        let users = users.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                users.set(Some(services::get("/api/v1/users?limit=200").await));
            });
        });
    }
    let body = match &*users {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(page)) => html! {
            <table class="users">
                <thead><tr>
                    <th>{ T::Email.get(lang) }</th>
                    <th>{ T::Assignee.get(lang) }</th>
                    <th>{ T::Department.get(lang) }</th>
                </tr></thead>
                <tbody>
                    { for page.items.iter().map(|user| html! {
                        <tr class={classes!((!user.active).then_some("inactive"))}>
                            <td>{ user.email.clone() }</td>
                            <td>{ format!("{} · {}", user.display_name, user.role.label(lang)) }</td>
                            <td>{ user.department.label(lang) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="users-page">
            <h2>{ T::Settings.get(lang) }</h2>
            { body }
            <Jobs />
            <crate::pages::webhooks::Webhooks />
        </section>
    }
}

/// The scheduler's jobs: how often each runs, its last run and what it
/// announced, its last error; one can be run now.
#[component]
fn Jobs() -> Html {
    let lang = use_lang();
    let jobs = use_state(|| None::<Result<Vec<JobStatus>, Failure>>);
    let reloads = use_state(|| 0u32);
    {
        let jobs = jobs.clone();
        use_effect_with(*reloads, move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                jobs.set(Some(services::get("/api/v1/jobs").await));
            });
        });
    }
    let run = {
        let reloads = reloads.clone();
        Callback::from(move |name: JobName| {
            let reloads = reloads.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let path = format!("/api/v1/jobs/{}/run", name.code());
                let _ = services::post_empty(&path, &()).await;
                reloads.set(*reloads + 1);
            });
        })
    };
    let body = match &*jobs {
        None => html! { <p class="loading">{ T::Loading.get(lang) }</p> },
        Some(Err(failure)) => html! { <p class="error">{ failure.detail() }</p> },
        Some(Ok(jobs)) => html! {
            <table class="jobs">
                <thead><tr>
                    <th>{ T::Name.get(lang) }</th>
                    <th>{ T::Every.get(lang) }</th>
                    <th>{ T::LastRun.get(lang) }</th>
                    <th>{ T::Outcome.get(lang) }</th>
                    <th>{ T::Runs.get(lang) }</th>
                    <th>{ T::LastError.get(lang) }</th>
                    <th></th>
                </tr></thead>
                <tbody>
                    { for jobs.iter().map(|job| {
                        let name = job.name;
                        let run = run.clone();
                        let outcome = job
                            .last_outcome
                            .iter()
                            .map(|(what, count)| format!("{what} {count}"))
                            .collect::<Vec<_>>()
                            .join(", ");
                        html! {
                            <tr data-job={name.code()} class={classes!(job.last_error.is_some().then_some("failed"))}>
                                <td><code>{ name.code() }</code></td>
                                <td>{ format!("{} s", job.every_seconds) }</td>
                                <td>{ job.last_started_at.map(|at| format!("{} ({} ms)", format::time(at), job.last_duration_ms.unwrap_or(0))).unwrap_or_default() }</td>
                                <td>{ outcome }</td>
                                <td>{ format!("{} / {}", job.runs, job.failures) }</td>
                                <td>{ job.last_error.clone().unwrap_or_default() }</td>
                                <td><button onclick={Callback::from(move |_| run.emit(name))}>{ T::RunNow.get(lang) }</button></td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="jobs">
            <h3>{ T::Jobs.get(lang) }</h3>
            { body }
        </section>
    }
}
