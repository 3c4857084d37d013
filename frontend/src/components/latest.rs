//! Loading for a page whose URL can change while an answer is on its way.
//! Without this, an answer for the previous URL that arrives late (the
//! user clicked a tab, then Back) overwrites the newer one, and the page
//! shows rows of a view the address bar no longer names.

use std::cell::Cell;
use std::future::Future;
use std::rc::Rc;

/// Runs `load` and hands its answer to `show`, unless the effect that
/// started it has been cleaned up by then (its dependencies changed or the
/// page went away). Return its result from the `use_effect_with` closure:
/// it is that clean-up.
pub fn load_latest<T: 'static>(
    load: impl Future<Output = T> + 'static,
    show: impl FnOnce(T) + 'static,
) -> impl FnOnce() {
    let live = Rc::new(Cell::new(true));
    let still_live = live.clone();
    wasm_bindgen_futures::spawn_local(async move {
        let answer = load.await;
        if still_live.get() {
            show(answer);
        }
    });
    move || live.set(false)
}
