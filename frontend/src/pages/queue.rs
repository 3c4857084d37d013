//! 服务请求 queue: the views of SPEC section 12 with their counts, filters
//! and the page in the URL (a copied link reproduces the view; back and
//! forward work), the SLA badge per row, and `j`/`k`/`Enter`/`/`/`?`.

use chrono::{Days, NaiveDate};
use rapport_domain::lifecycle::request::Status;
use rapport_domain::request::{Category, Priority};
use rapport_domain::sla::SlaStatus;
use rapport_types::requests::{RequestFilter, RequestPage, RequestSummary};
use rapport_types::users::User;
use serde::{Deserialize, Serialize};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::components::filled::use_search;
use crate::components::form::options;
use crate::components::keys::use_keys;
use crate::components::latest::load_latest;
use crate::components::loaded::{Head, shown};
use crate::components::pager::Pager;
use crate::components::query::{use_go, use_query};
use crate::components::sla_badge::SlaBadge;
use crate::format;
use crate::i18n::{Label, Lang, T, use_lang};
use crate::route::Route;
use crate::services::{self, Failure};
use crate::session::use_session;

/// Rows per page.
const LIMIT: u64 = 50;

thread_local! {
    /// The requests of the view last shown, in order, for `saved, next`.
    static SHOWN: std::cell::RefCell<Vec<uuid::Uuid>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// The request after `id` in the view last shown.
pub fn next_after(id: uuid::Uuid) -> Option<uuid::Uuid> {
    SHOWN.with(|shown| {
        let shown = shown.borrow();
        let at = shown.iter().position(|shown| *shown == id)?;
        shown.get(at + 1).copied()
    })
}

/// The queue's views (SPEC section 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum View {
    /// Open requests assigned to me.
    #[default]
    Mine,
    /// Open requests nobody is assigned to.
    Unassigned,
    /// Open requests of my department.
    Department,
    /// Requests with a target at risk.
    AtRisk,
    /// Requests with a breached target.
    Breached,
    /// Requests waiting on the customer.
    Waiting,
    /// Everything.
    All,
}

impl View {
    const ALL: [View; 7] = [
        View::Mine,
        View::Unassigned,
        View::Department,
        View::AtRisk,
        View::Breached,
        View::Waiting,
        View::All,
    ];

    fn name(self) -> T {
        match self {
            View::Mine => T::ViewMine,
            View::Unassigned => T::ViewUnassigned,
            View::Department => T::ViewDepartment,
            View::AtRisk => T::ViewAtRisk,
            View::Breached => T::ViewBreached,
            View::Waiting => T::ViewWaiting,
            View::All => T::ViewAll,
        }
    }

    /// The list filter this view stands for, for `user`.
    pub fn filter(self, user: &User) -> RequestFilter {
        let mut filter = RequestFilter::default();
        match self {
            View::Mine => {
                filter.assignee_id = Some(user.id);
                filter.open = Some(true);
            }
            View::Unassigned => {
                filter.unassigned = Some(true);
                filter.open = Some(true);
            }
            View::Department => {
                filter.department = Some(user.department);
                filter.open = Some(true);
            }
            View::AtRisk => filter.sla_status = Some(SlaStatus::AtRisk),
            View::Breached => filter.breached = Some(true),
            View::Waiting => filter.status = Some(Status::WaitingCustomer),
            View::All => {}
        }
        filter
    }
}

/// What the URL holds: the view, the filters on top of it, the page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct QueueQuery {
    pub view: Option<View>,
    pub priority: Option<Priority>,
    pub q: Option<String>,
    /// Only requests taken in today (the organisation's day).
    pub today: Option<bool>,
    /// Only this category (a bar of the monthly report).
    pub category: Option<Category>,
    /// Only requests taken in on or after this day (the organisation's).
    pub from: Option<NaiveDate>,
    /// Only requests taken in on or before this day (the organisation's).
    pub to: Option<NaiveDate>,
    pub page: Option<u64>,
}

impl QueueQuery {
    fn filter(&self, user: &User) -> RequestFilter {
        let mut filter = self.view.unwrap_or_default().filter(user);
        filter.priority = self.priority;
        filter.q = self.q.clone().filter(|q| !q.trim().is_empty());
        if self.today == Some(true) {
            filter.created_from = Some(format::start_of_today());
        }
        filter.category = self.category;
        if let Some(from) = self.from.and_then(format::start_of) {
            filter.created_from = Some(filter.created_from.map_or(from, |today| today.max(from)));
        }
        filter.created_before = self
            .to
            .and_then(|to| to.checked_add_days(Days::new(1)))
            .and_then(format::start_of);
        filter.page = self.page;
        filter.limit = Some(LIMIT);
        filter
    }
}

#[component]
pub fn Queue() -> Html {
    let lang = use_lang();
    let context = use_session();
    let navigator = use_navigator();
    let query: QueueQuery = use_query();
    let go = use_go(Route::Queue);
    let rows = use_state(|| None::<Result<RequestPage, Failure>>);
    let counts = use_state(|| [None::<(u64, bool)>; 7]);
    let selected = use_state(|| 0usize);
    let help = use_state(|| false);
    let (search, on_search) = {
        let query = query.clone();
        use_search(
            query.q.clone(),
            go.reform(move |q| QueueQuery {
                q,
                page: None,
                ..query.clone()
            }),
        )
    };
    let Some(user) = context.session.user().cloned() else {
        return html! {};
    };

    // The page of rows, whenever the URL changes.
    {
        let (rows, selected, user) = (rows.clone(), selected.clone(), user.clone());
        use_effect_with(query.clone(), move |query| {
            let filter = query.filter(&user);
            rows.set(None);
            selected.set(0);
            load_latest(
                async move { services::get_with("/api/v1/requests", &filter).await },
                move |page: Result<RequestPage, Failure>| {
                    if let Ok(page) = &page {
                        SHOWN.with(|shown| {
                            *shown.borrow_mut() =
                                page.items.iter().map(|request| request.id).collect()
                        });
                    }
                    rows.set(Some(page));
                },
            )
        });
    }
    // The count of each view, once per opening, after the rows: one at a
    // time, so they never hold up the page the user is waiting for.
    let rows_shown = rows.is_some();
    {
        let (counts, user) = (counts.clone(), user.clone());
        let counted = use_mut_ref(|| false);
        use_effect_with(rows_shown, move |shown| {
            if *shown && !*counted.borrow() {
                *counted.borrow_mut() = true;
                wasm_bindgen_futures::spawn_local(async move {
                    let mut found = [None; 7];
                    for (index, view) in View::ALL.into_iter().enumerate() {
                        let mut filter = view.filter(&user);
                        filter.limit = Some(1);
                        let page: Result<RequestPage, _> =
                            services::get_with("/api/v1/requests", &filter).await;
                        found[index] = page.ok().map(|page| (page.total, page.total_exact));
                        counts.set(found);
                    }
                });
            }
        });
    }

    let items: Vec<RequestSummary> = match &*rows {
        Some(Ok(page)) => page.items.clone(),
        _ => Vec::new(),
    };

    let on_key = {
        let (items, selected, help, search, navigator) = (
            items.clone(),
            selected.clone(),
            help.clone(),
            search.clone(),
            navigator.clone(),
        );
        Callback::from(
            move |event: web_sys::KeyboardEvent| match event.key().as_str() {
                "j" if *selected + 1 < items.len() => selected.set(*selected + 1),
                "k" if *selected > 0 => selected.set(*selected - 1),
                "Enter" => {
                    if let (Some(request), Some(navigator)) = (items.get(*selected), &navigator) {
                        navigator.push(&Route::Request { id: request.id });
                    }
                }
                "/" => {
                    event.prevent_default();
                    if let Some(input) = search.cast::<HtmlInputElement>() {
                        let _ = input.focus();
                    }
                }
                "?" => help.set(!*help),
                "Escape" => help.set(false),
                _ => {}
            },
        )
    };
    use_keys(on_key);

    let current = query.view.unwrap_or_default();
    let tabs = View::ALL.into_iter().enumerate().map(|(index, view)| {
        let next = QueueQuery {
            view: Some(view),
            ..QueueQuery::default()
        };
        let onclick = go.reform(move |_| next.clone());
        // Past 1,000 the server stops counting: "1000+".
        let count = counts[index]
            .map(|(count, exact)| {
                if exact {
                    count.to_string()
                } else {
                    format!("{count}+")
                }
            })
            .unwrap_or_default();
        html! {
            <button class={classes!("tab", (view == current).then_some("current"))}
                data-view={format::code(view)} {onclick}>
                { view.name().get(lang) }
                <span class="count">{ count }</span>
            </button>
        }
    });

    let on_priority = {
        let (go, query) = (go.clone(), query.clone());
        Callback::from(move |event: Event| {
            let value = event.target_unchecked_into::<HtmlSelectElement>().value();
            let priority = format::from_code(&value);
            go.emit(QueueQuery {
                priority,
                page: None,
                ..query.clone()
            });
        })
    };

    let on_page = {
        let query = query.clone();
        go.reform(move |target| QueueQuery {
            page: Some(target),
            ..query.clone()
        })
    };
    let body = shown(&rows, lang, T::NothingHere, |page| {
        let rows = page.items.iter().enumerate().map(|(index, request)| {
            html! { <Row request={request.clone()} selected={index == *selected} /> }
        });
        html! {
            <>
                <table class="queue">
                    <Head columns={vec![T::Number, T::Title, T::Customer, T::Assignee, T::Priority, T::Status, T::Tags, T::Due]} />
                    <tbody>{ for rows }</tbody>
                </table>
                <Pager page={page.page} limit={page.limit} total={page.total}
                    more={page.next_cursor.is_some()} exact={page.total_exact} {on_page} />
            </>
        }
    });

    html! {
        <section class="queue-page">
            <div class="tabs">{ for tabs }</div>
            <div class="filters">
                <form onsubmit={on_search}>
                    <input ref={search} id="search" type="search" placeholder={T::SearchHint.get(lang)}
                        aria-label={T::Search.get(lang)} />
                </form>
                <select id="priority-filter" onchange={on_priority} aria-label={T::Priority.get(lang)}>
                    <option value="" selected={query.priority.is_none()}>{ format!("{}: {}", T::Priority.get(lang), T::Any.get(lang)) }</option>
                    { options([Priority::Urgent, Priority::Important, Priority::Routine], |priority| query.priority == Some(priority), lang) }
                </select>
                <span class="hint">{ T::KeysHelp.get(lang) }</span>
            </div>
            <Chips query={query.clone()} go={go.clone()} />
            { body }
            if *help {
                <KeyHelp lang={lang} close={Callback::from({ let help = help.clone(); move |_| help.set(false) })} />
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct ChipsProps {
    query: QueueQuery,
    go: Callback<QueueQuery>,
}

/// The filters on top of the view that have no control of their own (a
/// report bar's category and month, home's "today"), each removable.
#[component]
fn Chips(props: &ChipsProps) -> Html {
    let lang = use_lang();
    let query = &props.query;
    let chip = |name: &'static str, text: String, without: QueueQuery| {
        let onclick = props.go.reform(move |_| QueueQuery {
            page: None,
            ..without.clone()
        });
        html! {
            <span class="chip" data-filter={name}>
                { text }
                <button class="remove" aria-label={T::RemoveFilter.get(lang)} title={T::RemoveFilter.get(lang)} {onclick}>{ "×" }</button>
            </span>
        }
    };
    let mut chips = Vec::new();
    if let Some(category) = query.category {
        chips.push(chip(
            "category",
            format!("{}: {}", T::Category.get(lang), category.label(lang)),
            QueueQuery {
                category: None,
                ..query.clone()
            },
        ));
    }
    if query.from.is_some() || query.to.is_some() {
        let day = |day: Option<NaiveDate>| day.map(|day| day.to_string()).unwrap_or_default();
        chips.push(chip(
            "created",
            format!(
                "{}: {} – {}",
                T::TakenIn.get(lang),
                day(query.from),
                day(query.to)
            ),
            QueueQuery {
                from: None,
                to: None,
                ..query.clone()
            },
        ));
    }
    if query.today == Some(true) {
        chips.push(chip(
            "today",
            T::TodayNew.get(lang).to_owned(),
            QueueQuery {
                today: None,
                ..query.clone()
            },
        ));
    }
    if chips.is_empty() {
        return html! {};
    }
    html! { <div class="chips" id="queue-chips">{ for chips }</div> }
}

#[derive(Properties, PartialEq)]
struct RowProps {
    request: RequestSummary,
    selected: bool,
}

/// One request of the list; the selected row scrolls into view.
#[component]
fn Row(props: &RowProps) -> Html {
    let lang = use_lang();
    let row = use_node_ref();
    {
        let row = row.clone();
        use_effect_with(props.selected, move |selected| {
            if *selected && let Some(element) = row.cast::<web_sys::Element>() {
                let options = web_sys::ScrollIntoViewOptions::new();
                options.set_block(web_sys::ScrollLogicalPosition::Nearest);
                element.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    }
    let request = &props.request;
    let id = request.id;
    html! {
        <tr ref={row} class={classes!(props.selected.then_some("selected"))} data-number={request.number.clone()}>
            <td class="number"><Link<Route> to={Route::Request { id }}>{ request.number.clone() }</Link<Route>></td>
            <td>{ request.title.clone() }</td>
            <td class="customer">{ request.customer_name.clone().unwrap_or_default() }</td>
            <td class="assignee">{ request.assignee_name.clone().unwrap_or_else(|| T::Nobody.get(lang).to_owned()) }</td>
            <td class={classes!("priority", format::code(request.priority))}>{ request.priority.label(lang) }</td>
            <td>{ request.status.label(lang) }</td>
            <td>
                if request.remote { <span class="tag remote">{ T::Remote.get(lang) }</span> }
                if request.billable { <span class="tag billable">{ T::Billable.get(lang) }</span> }
            </td>
            <td>
                if request.status.is_open() {
                    <SlaBadge due={request.due} paused={request.paused_since.is_some()} />
                } else {
                    <span class="sla finished">{ "—" }</span>
                }
            </td>
        </tr>
    }
}

#[derive(Properties, PartialEq)]
struct KeyHelpProps {
    lang: Lang,
    close: Callback<MouseEvent>,
}

/// The list of keys, shown by `?`.
#[component]
fn KeyHelp(props: &KeyHelpProps) -> Html {
    let lang = props.lang;
    let keys = [
        ("j", T::KeyDown),
        ("k", T::KeyUp),
        ("Enter", T::KeyOpen),
        ("/", T::KeySearch),
        ("?", T::KeyHelp),
    ];
    html! {
        <div class="overlay" id="key-help" role="dialog">
            <div class="card">
                <h3>{ T::Keys.get(lang) }</h3>
                <dl>
                    { for keys.into_iter().map(|(key, what)| html! { <><dt><kbd>{ key }</kbd></dt><dd>{ what.get(lang) }</dd></> }) }
                </dl>
                <button onclick={props.close.clone()}>{ T::Close.get(lang) }</button>
            </div>
        </div>
    }
}
