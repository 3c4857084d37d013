//! The next routine visit by the tier's cadence (SPEC 2: core customers
//! monthly, potential every two months, ordinary quarterly), computed by
//! the domain crate, the same rule the server's visits-due list uses.

use rapport_domain::customer::Tier;
use rapport_domain::visits::{next_routine_visit, routine_visit_interval_months};
use rapport_types::customers::Customer;
use yew::prelude::*;

use crate::format;
use crate::i18n::{T, use_lang};

#[derive(Properties, PartialEq)]
pub struct CadenceProps {
    pub customer: Customer,
}

/// How often the tier is visited.
fn cadence(tier: Tier) -> T {
    match routine_visit_interval_months(tier) {
        1 => T::CadenceMonthly,
        2 => T::CadenceBimonthly,
        _ => T::CadenceQuarterly,
    }
}

#[component]
pub fn Cadence(props: &CadenceProps) -> Html {
    let lang = use_lang();
    let customer = &props.customer;
    let registered_on = customer
        .created_at
        .with_timezone(&format::ORG_TZ)
        .date_naive();
    let next = next_routine_visit(customer.tier, customer.last_routine_visit_on, registered_on);
    let due = next <= format::today();
    let due_since = T::RoutineVisitDueSince
        .get(lang)
        .split_once("{date}")
        .unwrap_or_default();
    html! {
        <p class="cadence card" id="cadence" data-next={next.to_string()}>
            <span>{ format!("{}: {}", T::RoutineCadence.get(lang), cadence(customer.tier).get(lang)) }</span>
            <span class="last">
                { format!("{}: ", T::LastRoutineVisit.get(lang)) }
                { customer.last_routine_visit_on.map_or_else(|| T::NeverVisited.get(lang).to_owned(), |on| on.to_string()) }
            </span>
            if due {
                // Never "next: <a date long past>": the date it has been due since.
                <span class="next tag overdue" id="routine-due">
                    { due_since.0 }
                    <strong id="next-routine-visit">{ next.to_string() }</strong>
                    { due_since.1 }
                </span>
            } else {
                <span class="next">
                    { format!("{}: ", T::NextRoutineVisit.get(lang)) }
                    <strong id="next-routine-visit">{ next.to_string() }</strong>
                </span>
            }
        </p>
    }
}
