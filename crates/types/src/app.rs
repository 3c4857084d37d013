//! How the browser app is split into programs (see `frontend/src/lib.rs`):
//! the server sends a program's page for its addresses, and each program
//! reloads into another for that one's addresses. One rule for both sides,
//! so they cannot disagree (and reload each other forever).

/// One of the app's programs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Program {
    /// The service desk's: home, the queue, intake, requests, notifications
    /// (and every address no other program claims).
    Desk,
    /// Account management's: customers, contracts, visits, complaints,
    /// care, needs, the knowledge base, reports.
    Accounts,
    /// The settings area and the audit log.
    Settings,
}

/// Where each program other than the desk's begins.
const AREAS: [(&str, Program); 10] = [
    ("/customers", Program::Accounts),
    ("/contracts", Program::Accounts),
    ("/visits", Program::Accounts),
    ("/complaints", Program::Accounts),
    ("/care", Program::Accounts),
    ("/needs", Program::Accounts),
    ("/knowledge", Program::Accounts),
    ("/reports", Program::Accounts),
    ("/settings", Program::Settings),
    ("/audit", Program::Settings),
];

impl Program {
    /// The program that shows `path`.
    pub fn of(path: &str) -> Program {
        AREAS
            .iter()
            .find(|(area, _)| {
                path == *area
                    || path
                        .strip_prefix(area)
                        .is_some_and(|rest| rest.starts_with('/'))
            })
            .map_or(Program::Desk, |(_, program)| *program)
    }

    /// The page `make frontend` writes for the program.
    pub fn page(self) -> &'static str {
        match self {
            Program::Desk => "index.html",
            Program::Accounts => "accounts.html",
            Program::Settings => "settings.html",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Program;

    #[test]
    fn each_address_has_one_program() {
        for (path, program) in [
            ("/", Program::Desk),
            ("/requests", Program::Desk),
            (
                "/requests/0194c0de-1234-7abc-8def-0123456789ab",
                Program::Desk,
            ),
            ("/notifications", Program::Desk),
            ("/survey/abc", Program::Desk),
            ("/customers", Program::Accounts),
            (
                "/customers/0194c0de-1234-7abc-8def-0123456789ab/quote",
                Program::Accounts,
            ),
            ("/contracts/x", Program::Accounts),
            ("/reports", Program::Accounts),
            ("/settings", Program::Settings),
            ("/settings/calendars/7x24", Program::Settings),
            ("/audit", Program::Settings),
            ("/settingsx", Program::Desk),
            ("/auditor", Program::Desk),
            ("/requests/customers", Program::Desk),
        ] {
            assert_eq!(Program::of(path), program, "{path}");
        }
    }
}
