//! How the browser app is split between its two programs (see
//! `frontend/src/lib.rs`): the server sends the settings program's page
//! for these addresses, and each program reloads into the other for the
//! other's addresses. One rule for both sides, so they cannot disagree
//! (and reload each other forever).

/// Whether `path` is shown by the settings program: the settings area and
/// the audit log, the administrators' and managers' screens that the
/// service desk never opens.
pub fn in_settings_program(path: &str) -> bool {
    ["/settings", "/audit"].iter().any(|area| {
        path == *area
            || path
                .strip_prefix(area)
                .is_some_and(|rest| rest.starts_with('/'))
    })
}

#[cfg(test)]
mod tests {
    use super::in_settings_program;

    #[test]
    fn the_settings_area_and_the_audit_log_and_nothing_else() {
        for path in [
            "/settings",
            "/settings/",
            "/settings/calendars/7x24",
            "/audit",
        ] {
            assert!(in_settings_program(path), "{path}");
        }
        for path in [
            "/",
            "/requests",
            "/settingsx",
            "/auditor",
            "/customers/settings",
        ] {
            assert!(!in_settings_program(path), "{path}");
        }
    }
}
