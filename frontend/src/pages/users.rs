//! 设置 · users: who works here, their role and department (administrators).

use rapport_types::page::Paged;
use rapport_types::users::User;
use yew::prelude::*;

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
        </section>
    }
}
