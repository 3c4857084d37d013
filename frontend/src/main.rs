//! Rapport's browser app. For now the shell (the product's name in Chinese
//! and English, and the server's version fetched from `/healthz` in the
//! footer) and the customer's survey page at `/survey/{token}`.

mod frame;
mod services;
mod survey;

use yew::prelude::*;

use crate::frame::Frame;
use crate::services::health::{self, Health};
use crate::survey::SurveyPage;

/// What the footer knows about the server.
#[derive(Clone, PartialEq)]
enum ServerState {
    Loading,
    Up(Health),
    Down(String),
}

/// The page for the address the browser opened (the server answers every
/// path outside `/api/` with this app).
#[component]
fn App() -> Html {
    let path = web_sys::window()
        .and_then(|window| window.location().pathname().ok())
        .unwrap_or_default();
    match path
        .strip_prefix("/survey/")
        .map(|token| token.trim_end_matches('/'))
    {
        Some(token) if !token.is_empty() => {
            html! { <SurveyPage token={AttrValue::from(token.to_owned())} /> }
        }
        _ => html! { <Home /> },
    }
}

#[component]
fn Home() -> Html {
    let server = use_state(|| ServerState::Loading);
    {
        let server = server.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                server.set(match health::fetch().await {
                    Ok(health) => ServerState::Up(health),
                    Err(error) => ServerState::Down(error.to_string()),
                });
            });
        });
    }

    let footer = match &*server {
        ServerState::Loading => {
            html! { <span id="server-version">{ "连接服务器… / Connecting…" }</span> }
        }
        ServerState::Up(health) => html! {
            <span id="server-version">{ format!("Rapport v{}", health.version) }</span>
        },
        ServerState::Down(error) => html! {
            <span id="server-version" class="error">{ format!("服务器不可用 / Server unavailable: {error}") }</span>
        },
    };

    html! {
        <Frame title="Rapport 客户服务"
            subtitle="客户关系与售后服务系统 · Customer relationship and after-sales service"
            footer={footer}>
            <p>{ "欢迎使用 Rapport。 Welcome to Rapport." }</p>
        </Frame>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
