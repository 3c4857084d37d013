//! What a page reads from the API, and how it is shown in its three other
//! states: still loading, refused, and (for a list) empty. A list page,
//! a detail page and the customer page's tabs all read this way.

use rapport_types::customers::Customer;
use rapport_types::page::Paged;
use rapport_types::requests::RequestPage;
use serde::Serialize;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use yew::prelude::*;

use crate::components::latest::load_latest;
use crate::components::pager::{Pager, more};
use crate::i18n::{Lang, T, Words, use_lang};
use crate::services::{self, Failure};

/// An answer as far as it has come: none yet, the refusal, or the value.
pub type Answer<V> = Option<Result<V, Failure>>;

/// A page of a list as far as it has been read.
pub type Loaded<Item> = UseStateHandle<Answer<Paged<Item>>>;

/// The value at `path`, read again whenever `path` or `generation` changes
/// (a form that adds to a list bumps its generation). What was shown
/// stays until the new answer comes.
#[hook]
pub fn use_get<V>(path: String, generation: u32) -> UseStateHandle<Answer<V>>
where
    V: DeserializeOwned + 'static,
{
    let answer = use_state(|| None);
    {
        let answer = answer.clone();
        use_effect_with((path, generation), move |(path, _)| {
            let path = path.clone();
            load_latest(async move { services::get(&path).await }, move |found| {
                answer.set(Some(found))
            })
        });
    }
    answer
}

/// The value at `path` as [`use_get`] reads it, and the callback that
/// reads it again (after a change was saved).
#[hook]
pub fn use_reloaded<V>(path: String) -> (UseStateHandle<Answer<V>>, Callback<()>)
where
    V: DeserializeOwned + 'static,
{
    let generation = use_state(|| 0u32);
    let answer = use_get(path, *generation);
    let reload = Callback::from(move |()| generation.set(*generation + 1));
    (answer, reload)
}

/// The page of a list at `path`, as [`use_get`] reads it.
#[hook]
pub fn use_page<Item>(path: String, generation: u32) -> Loaded<Item>
where
    Item: DeserializeOwned + 'static,
{
    use_get(path, generation)
}

/// `GET path?asked`, read again (loading shown meanwhile) whenever
/// `asked` changes; nothing is read while it is `None`.
#[hook]
pub fn use_get_with<V, A>(path: &'static str, asked: Option<A>) -> UseStateHandle<Answer<V>>
where
    V: DeserializeOwned + 'static,
    A: Serialize + Clone + PartialEq + 'static,
{
    let answer = use_state(|| None);
    {
        let answer = answer.clone();
        use_effect_with(asked, move |asked| {
            let asked = asked.clone();
            if asked.is_some() {
                answer.set(None);
            }
            let load = async move {
                match asked {
                    Some(asked) => Some(services::get_with(path, &asked).await),
                    None => None,
                }
            };
            load_latest(load, move |found| {
                if found.is_some() {
                    answer.set(found);
                }
            })
        });
    }
    answer
}

/// The name of the customer `id` once read (nothing meanwhile, or when
/// refused), for a page about them to name them.
#[hook]
pub fn use_customer_name(id: Uuid) -> Option<String> {
    let customer = use_get::<Customer>(format!("/api/v1/customers/{id}"), 0);
    match &*customer {
        Some(Ok(customer)) => Some(customer.name.clone()),
        _ => None,
    }
}

/// Sets `answer` to a value the server gave back (after a step, say).
pub fn keep<V: 'static>(answer: &UseStateHandle<Answer<V>>) -> Callback<V> {
    let answer = answer.clone();
    Callback::from(move |after: V| answer.set(Some(Ok(after))))
}

/// The value once read; else what the page shows instead (loading, or
/// the refusal), for the page to return.
pub fn ready<V>(answer: &Answer<V>, lang: Lang) -> Result<&V, Html> {
    match answer {
        None => Err(html! { <p class="loading">{ T::Loading.get(lang) }</p> }),
        Some(Err(failure)) => Err(html! { <p class="error">{ failure.detail() }</p> }),
        Some(Ok(value)) => Ok(value),
    }
}

/// What a list answer holds: items, or none.
pub trait Listing {
    /// There is nothing to list.
    fn is_empty(&self) -> bool;
}

impl<Item> Listing for Paged<Item> {
    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl Listing for RequestPage {
    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<Item> Listing for Vec<Item> {
    fn is_empty(&self) -> bool {
        <[Item]>::is_empty(self)
    }
}

/// `list` as the page shows it: loading, the failure, `empty` when it has
/// no items, else `table`.
pub fn shown<L: Listing>(
    list: &Answer<L>,
    lang: Lang,
    empty: T,
    table: impl FnOnce(&L) -> Html,
) -> Html {
    match ready(list, lang) {
        Err(other) => other,
        Ok(found) if found.is_empty() => html! { <p class="empty">{ empty.get(lang) }</p> },
        Ok(found) => table(found),
    }
}

/// [`shown`] for a list read a page at a time: the table, then the pager
/// under it, which opens another page through `on_page`.
pub fn shown_paged<Item>(
    list: &Answer<Paged<Item>>,
    lang: Lang,
    empty: T,
    on_page: Callback<u64>,
    table: impl FnOnce(&Paged<Item>) -> Html,
) -> Html {
    shown(list, lang, empty, |page| {
        html! {
            <>
                { table(page) }
                <Pager page={page.page} limit={page.limit} total={page.total}
                    exact={page.total_exact} more={more(page)} {on_page} />
            </>
        }
    })
}

#[derive(Properties, PartialEq)]
pub struct HeadProps {
    /// The columns' names, in order.
    #[prop_or_default]
    pub columns: Vec<T>,
    /// Or, where a table's names come from both catalogues, those.
    #[prop_or_default]
    pub words: Vec<Words>,
    /// Header cells after them (a number's column, a blank one).
    #[prop_or_default]
    pub children: Html,
}

/// A table's head: a column for each name, then any cells given.
#[component]
pub fn Head(props: &HeadProps) -> Html {
    let lang = use_lang();
    let names = props.columns.iter().map(|&name| Words::from(name));
    let names = names.chain(props.words.iter().copied());
    html! {
        <thead><tr>
            { for names.map(|name| html! { <th>{ name.get(lang) }</th> }) }
            { props.children.clone() }
        </tr></thead>
    }
}
