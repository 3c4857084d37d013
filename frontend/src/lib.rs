//! Rapport's browser app: the staff's daily work (SPEC section 12) and the
//! customer's survey page. Pages are chosen by [`route::Route`]; the
//! session and the language reach every page through contexts; every
//! string comes from the catalogue in [`i18n`].
//!
//! It is built as three programs from this one library, so that nobody
//! downloads the screens of work they are not doing: the service desk's
//! (`src/main.rs`, [`desk_page`]: home, the queue, intake, requests,
//! notifications), account management's (`src/bin/accounts.rs`,
//! [`accounts_page`]: customers, contracts, visits, complaints, care,
//! needs, the knowledge base, reports) and the settings program
//! (`src/bin/settings.rs`, [`settings_page`]: the settings area and the
//! audit log). The server sends each program's page for its addresses
//! ([`rapport_types::app::Program::of`]). Each renders the others' pages
//! as a reload of the same address, which brings the right program; all
//! share the frame, the session (the refresh token survives the reload)
//! and the language.

mod components;
mod format;
mod frame;
mod i18n;
mod layout;
mod pages;
mod route;
mod services;
mod session;
mod storage;
mod survey;

use rapport_types::app::Program;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::i18n::{Lang, LangContext, T, use_lang};
use crate::layout::Layout;
use crate::route::Route;
use crate::session::{Session, SessionProvider, use_session};
use crate::survey::SurveyPage;

/// Which pages a program renders itself: [`desk_page`], [`accounts_page`]
/// or [`settings_page`]. The others are left out of its wasm.
#[derive(Clone, Copy)]
pub struct Pages(pub fn(Route) -> Html);

impl PartialEq for Pages {
    /// A program chooses its pages once, at start: they never change.
    fn eq(&self, _: &Pages) -> bool {
        true
    }
}

/// Starts the program whose own pages `pages` renders.
pub fn start(pages: Pages) {
    yew::Renderer::<App>::with_props(AppProps { pages }).render();
}

#[derive(Properties, PartialEq)]
struct AppProps {
    pages: Pages,
}

#[component]
fn App(props: &AppProps) -> Html {
    let pages = props.pages;
    let lang = use_state(Lang::remembered);
    let set = {
        let lang = lang.clone();
        Callback::from(move |next: Lang| {
            next.remember();
            lang.set(next);
        })
    };
    {
        let code = lang.code();
        use_effect_with(code, move |code| {
            if let Some(root) = web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.document_element())
            {
                let _ = root.set_attribute("lang", code);
            }
        });
    }
    let context = LangContext { lang: *lang, set };
    html! {
        <ContextProvider<LangContext> {context}>
            <BrowserRouter>
                <SessionProvider>
                    <Switch<Route> render={move |route| html! { <Page {route} {pages} /> }} />
                </SessionProvider>
            </BrowserRouter>
        </ContextProvider<LangContext>>
    }
}

#[derive(Properties, PartialEq)]
struct PageProps {
    route: Route,
    pages: Pages,
}

/// The page for `route`: the public ones as they are; the others only
/// for a logged-in user (else the login, which comes back here) whose
/// role may open them (else a page that says so).
#[component]
fn Page(props: &PageProps) -> Html {
    let lang = use_lang();
    let context = use_session();
    let location = use_location();
    let route = props.route.clone();
    match route {
        Route::Survey { token } => return html! { <SurveyPage token={AttrValue::from(token)} /> },
        Route::Login => return html! { <pages::login::Login /> },
        _ => {}
    }
    match &context.session {
        Session::Restoring => html! { <p class="restoring">{ T::Loading.get(lang) }</p> },
        Session::Anonymous { .. } => {
            let next = location
                .map(|location| format!("{}{}", location.path(), location.query_str()))
                .unwrap_or_default();
            html! { <pages::login::ToLogin {next} /> }
        }
        Session::User(_) => {
            let session = &context.session;
            let allowed = route.open_to(|action| session.may(action));
            let page = if !allowed {
                html! { <pages::refusal::NotAllowed /> }
            } else {
                (props.pages.0)(route)
            };
            let page = if allowed && props.route.is_settings() {
                html! { <pages::settings::Area>{ page }</pages::settings::Area> }
            } else {
                page
            };
            html! { <Layout>{ page }</Layout> }
        }
    }
}

/// The service desk's pages; the others are a reload into their program.
pub fn desk_page(route: Route) -> Html {
    match route {
        Route::Home => html! { <pages::home::Home /> },
        Route::Queue => html! { <pages::queue::Queue /> },
        Route::Intake => html! { <pages::intake::Intake /> },
        Route::Request { id } => html! { <pages::request::RequestPage {id} /> },
        Route::Notifications => html! { <pages::notifications::Notifications /> },
        Route::NotFound | Route::Login | Route::Survey { .. } => {
            html! { <pages::refusal::NotFound /> }
        }
        route => other_program(&route, Program::Desk),
    }
}

/// Account management's pages; the others are a reload into their program.
pub fn accounts_page(route: Route) -> Html {
    match route {
        Route::Care => html! { <pages::care::Care /> },
        Route::Report => html! { <pages::report::Report /> },
        Route::Knowledge => html! { <pages::knowledge::Knowledge /> },
        Route::Needs => html! { <pages::needs::Needs /> },
        Route::Need { id } => html! { <pages::needs::NeedPage {id} /> },
        Route::Article { id } => html! { <pages::knowledge::ArticlePage {id} /> },
        Route::Contracts => html! { <pages::contracts::Contracts /> },
        Route::Contract { id } => html! { <pages::contract::ContractPage {id} /> },
        Route::Quote { id } => html! { <pages::quote::QuotePage {id} /> },
        Route::NewContract { id } => html! { <pages::new_contract::NewContractPage {id} /> },
        Route::NewOrder { id } => html! { <pages::new_order::NewOrderPage {id} /> },
        Route::Visit { id } => html! { <pages::visit::VisitPage {id} /> },
        Route::Complaint { id } => html! { <pages::complaint::ComplaintPage {id} /> },
        Route::Customers => html! { <pages::customers::Customers /> },
        Route::Visits => html! { <pages::visits::Visits /> },
        Route::Complaints => html! { <pages::complaints::Complaints /> },
        Route::Customer { id } => html! { <pages::customer::CustomerPage {id} /> },
        Route::NotFound | Route::Login | Route::Survey { .. } => {
            html! { <pages::refusal::NotFound /> }
        }
        route => other_program(&route, Program::Accounts),
    }
}

/// The settings program's pages; the others are a reload into their program.
pub fn settings_page(route: Route) -> Html {
    match route {
        Route::Settings => html! { <pages::settings::FirstPage /> },
        Route::Users => html! { <pages::users::Users /> },
        Route::Calendar => html! { <pages::settings::calendar::Calendars /> },
        Route::NamedCalendar { name } => {
            html! { <pages::settings::calendar::Calendars name={AttrValue::from(name)} /> }
        }
        Route::Sla => html! { <pages::settings::sla::Sla /> },
        Route::Routing => html! { <pages::settings::routing::Routing /> },
        Route::Packages => html! { <pages::settings::packages::Packages /> },
        Route::Products => html! { <pages::settings::products::Products /> },
        Route::Tokens => html! { <pages::settings::tokens::Tokens /> },
        Route::Webhooks => html! { <pages::webhooks::Webhooks /> },
        Route::Jobs => html! { <pages::users::Jobs /> },
        Route::Audit => html! { <pages::audit::Audit /> },
        Route::NotFound | Route::Login | Route::Survey { .. } => {
            html! { <pages::refusal::NotFound /> }
        }
        route => other_program(&route, Program::Settings),
    }
}

/// A page of another program: loading the address again brings it (the
/// server picks the program by address). Should the server pick this
/// program again (a page missing from its list), reloading would repeat
/// forever: that page is not found instead.
fn other_program(route: &Route, this: Program) -> Html {
    if Program::of(&route.to_path()) == this {
        return html! { <pages::refusal::NotFound /> };
    }
    html! { <Reload /> }
}

/// Loads the address again; it is already the page's.
#[component]
fn Reload() -> Html {
    use_effect_with((), |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    });
    html! {}
}
