//! 设置 · 用户 who works here (administrators): each user's role,
//! department and skills, changed in place with the version read, and
//! deactivated (or reactivated) there; a new user with a first password.
//! Also the scheduler's jobs with what each last did.

use rapport_domain::org::{Department, Role};
use rapport_types::jobs::{JobName, JobStatus};
use rapport_types::page::Paged;
use rapport_types::users::{NewUser, User, UserChanges};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::components::filled::fill;
use crate::components::form::{keep_picked, node_value, options};
use crate::components::loaded::{Head, ready, use_reloaded};
use crate::format;
use crate::i18n::{Label, S, T, use_lang};
use crate::pages::settings::{Refusal, beside};
use crate::services::{self, Failure};

#[component]
pub fn Users() -> Html {
    let lang = use_lang();
    let (users, reload) = use_reloaded::<Paged<User>>("/api/v1/users?limit=200".to_owned());
    let body = match ready(&users, lang) {
        Err(other) => other,
        Ok(page) => html! {
            <table class="users" id="users">
                <Head words={vec![T::Email.into(), T::Name.into(), S::Role.into(), T::Department.into(), S::Skills.into(), T::Status.into()]}>
                    <th></th>
                </Head>
                <tbody>
                    { for page.items.iter().map(|user| html! {
                        <UserRow key={format!("{}@{}", user.id, user.version)} user={user.clone()} on_reload={reload.clone()} />
                    }) }
                </tbody>
            </table>
        },
    };
    html! {
        <section class="users-page">
            <h2>{ S::Users.get(lang) }</h2>
            { body }
            <NewUserForm on_created={reload} />
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct UserRowProps {
    user: User,
    on_reload: Callback<()>,
}

/// What a user row holds while it is edited.
#[derive(Clone, PartialEq)]
struct Edit {
    display_name: String,
    role: Role,
    department: Department,
    skills: String,
    active: bool,
    password: String,
}

impl Edit {
    fn of(user: &User) -> Edit {
        Edit {
            display_name: user.display_name.clone(),
            role: user.role,
            department: user.department,
            skills: user.skills.join(", "),
            active: user.active,
            password: String::new(),
        }
    }
}

/// Skills typed as a list: split at commas (either script) and spaces.
fn skills(text: &str) -> Vec<String> {
    text.split([',', '，', '、', ' '])
        .map(str::trim)
        .filter(|skill| !skill.is_empty())
        .map(str::to_owned)
        .collect()
}

/// One user: read, or edited in place.
#[component]
fn UserRow(props: &UserRowProps) -> Html {
    let lang = use_lang();
    let user = use_state(|| props.user.clone());
    let editing = use_state(|| None::<Edit>);
    let failure = use_state(|| None::<Failure>);
    let Some(edit) = (*editing).clone() else {
        let open = {
            let (editing, user, failure) = (editing.clone(), user.clone(), failure.clone());
            Callback::from(move |_| {
                failure.set(None);
                editing.set(Some(Edit::of(&user)));
            })
        };
        return html! {
            <tr data-user={user.email.clone()} class={classes!((!user.active).then_some("inactive"))}>
                <td>{ user.email.clone() }</td>
                <td>{ user.display_name.clone() }</td>
                <td class="role">{ user.role.label(lang) }</td>
                <td class="department">{ user.department.label(lang) }</td>
                <td class="skills">{ user.skills.join(", ") }</td>
                <td class="state">{ if user.active { T::Active.get(lang) } else { T::Inactive.get(lang) } }</td>
                <td><button type="button" class="edit" onclick={open}>{ S::Edit.get(lang) }</button></td>
            </tr>
        };
    };
    let set = |apply: fn(&mut Edit, String)| {
        let editing = editing.clone();
        Callback::from(move |value: String| {
            if let Some(mut next) = (*editing).clone() {
                apply(&mut next, value);
                editing.set(Some(next));
            }
        })
    };
    let typed = |event: InputEvent| event.target_unchecked_into::<HtmlInputElement>().value();
    let selected = |event: Event| event.target_unchecked_into::<HtmlSelectElement>().value();
    let save = {
        let (user, editing, failure, edit) =
            (user.clone(), editing.clone(), failure.clone(), edit.clone());
        Callback::from(move |_| {
            let changed = |same: bool| !same;
            let listed = skills(&edit.skills);
            let body = UserChanges {
                version: user.version,
                display_name: changed(edit.display_name == user.display_name)
                    .then(|| edit.display_name.trim().to_owned()),
                role: changed(edit.role == user.role).then_some(edit.role),
                department: changed(edit.department == user.department).then_some(edit.department),
                skills: changed(listed == user.skills).then_some(listed),
                active: changed(edit.active == user.active).then_some(edit.active),
                password: (!edit.password.is_empty()).then(|| edit.password.clone()),
            };
            let path = format!("/api/v1/users/{}", user.id);
            let (user, editing, failure) = (user.clone(), editing.clone(), failure.clone());
            wasm_bindgen_futures::spawn_local(async move {
                match services::patch::<_, User>(&path, &body).await {
                    Ok(after) => {
                        user.set(after);
                        editing.set(None);
                        failure.set(None);
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    let cancel = {
        let (editing, failure) = (editing.clone(), failure.clone());
        Callback::from(move |_| {
            editing.set(None);
            failure.set(None);
        })
    };
    html! {
        <tr data-user={user.email.clone()} class="editing">
            <td>
                { user.email.clone() }
                <input class="password" type="password" autocomplete="new-password" placeholder={S::NewPassword.get(lang)}
                    value={edit.password.clone()} oninput={set(|edit, value| edit.password = value).reform(typed)} />
                { beside(&failure, "password") }
            </td>
            <td>
                <input class="display-name" maxlength="100" value={edit.display_name.clone()}
                    oninput={set(|edit, value| edit.display_name = value).reform(typed)} aria-label={T::Name.get(lang)} />
                { beside(&failure, "display_name") }
            </td>
            <td>
                <select class="role" onchange={set(|edit, value| if let Some(role) = format::from_code(&value) { edit.role = role }).reform(selected)}
                    aria-label={S::Role.get(lang)}>
                    { options(Role::ALL, |role| role == edit.role, lang) }
                </select>
                { beside(&failure, "role") }
            </td>
            <td>
                <select class="department" onchange={set(|edit, value| if let Some(department) = format::from_code(&value) { edit.department = department }).reform(selected)}
                    aria-label={T::Department.get(lang)}>
                    { options(Department::ALL, |department| department == edit.department, lang) }
                </select>
                { beside(&failure, "department") }
            </td>
            <td>
                <input class="skills" value={edit.skills.clone()} placeholder={S::WordsHint.get(lang)}
                    oninput={set(|edit, value| edit.skills = value).reform(typed)} aria-label={S::Skills.get(lang)} />
                { beside(&failure, "skills") }
            </td>
            <td>
                <label class="active">
                    <input type="checkbox" class="active" checked={edit.active}
                        onchange={set(|edit, _| edit.active = !edit.active).reform(|_: Event| String::new())} />
                    { T::Active.get(lang) }
                </label>
                { beside(&failure, "active") }
            </td>
            <td>
                <button type="button" class="primary save" onclick={save}>{ T::Save.get(lang) }</button>
                <button type="button" class="link cancel" onclick={cancel}>{ S::Cancel.get(lang) }</button>
                <Refusal failure={(*failure).clone()} on_reload={props.on_reload.clone()}
                    shown={vec![AttrValue::from("password"), "display_name".into(), "role".into(), "department".into(), "skills".into(), "active".into()]} />
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct NewUserProps {
    on_created: Callback<()>,
}

/// A new user with a first password.
#[component]
fn NewUserForm(props: &NewUserProps) -> Html {
    let lang = use_lang();
    let (email, name, password, skill_list) = (
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
        use_node_ref(),
    );
    let role = use_state(|| Role::Technician);
    let department = use_state(|| Department::TechnicalSoftware);
    let failure = use_state(|| None::<Failure>);
    let key = use_state(services::idempotency_key);
    let onsubmit = {
        let (email, name, password, skill_list, role, department, failure, key, on_created) = (
            email.clone(),
            name.clone(),
            password.clone(),
            skill_list.clone(),
            role.clone(),
            department.clone(),
            failure.clone(),
            key.clone(),
            props.on_created.clone(),
        );
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            let body = NewUser {
                email: node_value(&email).trim().to_owned(),
                display_name: node_value(&name).trim().to_owned(),
                password: node_value(&password),
                role: *role,
                department: *department,
                skills: skills(&node_value(&skill_list)),
            };
            let (failure, key, on_created, form) = (
                failure.clone(),
                key.clone(),
                on_created.clone(),
                [
                    email.clone(),
                    name.clone(),
                    password.clone(),
                    skill_list.clone(),
                ],
            );
            wasm_bindgen_futures::spawn_local(async move {
                match services::create::<_, User>("/api/v1/users", &body, &key).await {
                    Ok(_) => {
                        failure.set(None);
                        key.set(services::idempotency_key());
                        for node in &form {
                            fill(node, "");
                        }
                        on_created.emit(());
                    }
                    Err(refused) => failure.set(Some(refused)),
                }
            });
        })
    };
    html! {
        <form class="card new-user" id="new-user" {onsubmit}>
            <h3>{ S::NewUser.get(lang) }</h3>
            <label class="field inline">
                <span>{ T::Email.get(lang) }</span>
                <input id="new-user-email" type="email" required=true ref={email} />
                { beside(&failure, "email") }
            </label>
            <label class="field inline">
                <span>{ T::Name.get(lang) }</span>
                <input id="new-user-name" required=true maxlength="100" ref={name} />
                { beside(&failure, "display_name") }
            </label>
            <label class="field inline">
                <span>{ T::Password.get(lang) }</span>
                <input id="new-user-password" type="password" autocomplete="new-password" required=true ref={password} />
                { beside(&failure, "password") }
            </label>
            <label class="field inline">
                <span>{ S::Role.get(lang) }</span>
                <select id="new-user-role" onchange={keep_picked(&role)}>
                    { options(Role::ALL, |choice| choice == *role, lang) }
                </select>
            </label>
            <label class="field inline">
                <span>{ T::Department.get(lang) }</span>
                <select id="new-user-department" onchange={keep_picked(&department)}>
                    { options(Department::ALL, |choice| choice == *department, lang) }
                </select>
            </label>
            <label class="field inline">
                <span>{ S::Skills.get(lang) }</span>
                <input id="new-user-skills" placeholder={S::WordsHint.get(lang)} ref={skill_list} />
                { beside(&failure, "skills") }
            </label>
            <button type="submit" class="primary" id="create-user">{ S::Create.get(lang) }</button>
            if let Some(failure) = &*failure {
                if ["email", "display_name", "password", "skills"].iter().all(|field| failure.field(field).is_none()) {
                    <p class="error">{ failure.detail() }</p>
                }
            }
        </form>
    }
}

/// The scheduler's jobs: how often each runs, its last run and what it
/// announced, its last error; one can be run now.
#[component]
pub fn Jobs() -> Html {
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
    let body = match ready(&jobs, lang) {
        Err(other) => other,
        Ok(jobs) => html! {
            <table class="jobs">
                <Head columns={vec![T::Name, T::Every, T::LastRun, T::Outcome, T::Runs, T::LastError]}>
                    <th></th>
                </Head>
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
            <h2>{ T::Jobs.get(lang) }</h2>
            { body }
        </section>
    }
}
