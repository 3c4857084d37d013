//! The browser's local storage: the language and the refresh token. A
//! browser that refuses storage (private mode) simply forgets them.

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The value stored under `key`.
pub fn get(key: &str) -> Option<String> {
    local()?.get_item(key).ok()?
}

/// Stores `value` under `key`.
pub fn set(key: &str, value: &str) {
    if let Some(storage) = local() {
        // Storage full or refused: the value is only forgotten.
        let _ = storage.set_item(key, value);
    }
}

/// Forgets `key`.
pub fn remove(key: &str) {
    if let Some(storage) = local() {
        let _ = storage.remove_item(key);
    }
}
