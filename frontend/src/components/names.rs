//! Customers' names for the ids a list shows. A list of visits or
//! complaints carries customer ids; the page asks for each customer it has
//! not seen yet, once per page load, and shows the name as it arrives.

use std::collections::BTreeMap;

use rapport_types::customers::Customer;
use uuid::Uuid;
use yew::prelude::*;

use crate::services;

/// The names of the customers `ids` name, filled in as they arrive.
#[hook]
pub fn use_customer_names(ids: Vec<Uuid>) -> BTreeMap<Uuid, String> {
    let names = use_mut_ref(BTreeMap::<Uuid, String>::new);
    let update = use_force_update();
    {
        let names = names.clone();
        use_effect_with(ids, move |ids| {
            let missing: Vec<Uuid> = ids
                .iter()
                .filter(|id| !names.borrow().contains_key(id))
                .copied()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            if !missing.is_empty() {
                wasm_bindgen_futures::spawn_local(async move {
                    for id in missing {
                        if let Ok(customer) =
                            services::get::<Customer>(&format!("/api/v1/customers/{id}")).await
                        {
                            names.borrow_mut().insert(id, customer.name);
                            update.force_update();
                        }
                    }
                });
            }
        });
    }
    names.borrow().clone()
}
