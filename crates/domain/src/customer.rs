//! How a customer is classified (SPEC section 2).

use crate::messages::Message;
use crate::msg;
use serde::{Deserialize, Serialize};

/// Where the customer is in its relationship with us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Stage {
    /// Not yet a buyer.
    Potential,
    /// Bought recently.
    New,
    /// A customer of long standing.
    LongTerm,
}

impl Stage {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Stage; 3] = [Stage::Potential, Stage::New, Stage::LongTerm];
}

/// How much attention a customer gets; sets the routine-visit cadence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Tier {
    /// Core customer: visited every month.
    Core,
    /// Potential customer: visited every two months.
    Potential,
    /// Ordinary customer: visited every quarter.
    Ordinary,
}

impl Tier {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Tier; 3] = [Tier::Core, Tier::Potential, Tier::Ordinary];
}

/// How a customer or contact prefers to be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Channel {
    /// By telephone.
    Phone,
    /// By email.
    Email,
    /// By WeChat.
    Wechat,
    /// In person.
    Visit,
}

impl Channel {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Channel; 4] = [
        Channel::Phone,
        Channel::Email,
        Channel::Wechat,
        Channel::Visit,
    ];
}

/// Whether a registration has been checked by a second person (seed 001:
/// information is checked before it enters the system).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(
    feature = "sea-orm",
    derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter),
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Verification {
    /// Registered, waiting for a reviewer.
    PendingReview,
    /// Checked and accepted.
    Verified,
    /// Checked and refused, with a reason.
    Rejected,
}

impl Verification {
    /// Every value, so the database can be told exactly which codes it may hold.
    pub const ALL: [Verification; 3] = [
        Verification::PendingReview,
        Verification::Verified,
        Verification::Rejected,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Verification::PendingReview => "pending_review",
            Verification::Verified => "verified",
            Verification::Rejected => "rejected",
        }
    }

    /// Whether a customer of this status may have `wanted` (SPEC 2): a
    /// `verified` customer anything; a `pending_review` one no orders or
    /// contracts, but a service request is still taken (a caller with a
    /// fault is never turned away), flagged; a `rejected` one nothing.
    pub fn allows(self, wanted: Use) -> Result<Admission, Refusal> {
        let refused = Err(Refusal {
            status: self,
            wanted,
        });
        match (self, wanted) {
            (Verification::Verified, _) => Ok(Admission::Clear),
            (Verification::Rejected, _) => refused,
            (Verification::PendingReview, Use::Order | Use::Contract) => refused,
            (Verification::PendingReview, Use::Visit) => Ok(Admission::Clear),
            (Verification::PendingReview, Use::Request) => Ok(Admission::Unverified),
        }
    }
}

/// What is asked for a customer, which its review may refuse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Use {
    /// An order entered.
    Order,
    /// A contract drafted (paid) or issued (the free batch).
    Contract,
    /// An executive or routine visit scheduled. A return visit is not
    /// asked for: it follows a request already taken in, and refusing it
    /// would leave that request unable to be resolved.
    Visit,
    /// A service request taken in.
    Request,
}

impl Use {
    /// What is refused, in the plural: "a `rejected` customer gets no {noun}".
    fn plural(self) -> Message {
        match self {
            Use::Order => msg!("orders"),
            Use::Contract => msg!("contracts"),
            Use::Visit => msg!("visits"),
            Use::Request => msg!("service requests"),
        }
    }
}

/// What a customer's review lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Go ahead.
    Clear,
    /// Go ahead, but the customer is not yet verified: the request is
    /// flagged `customer_unverified` and the reviewers are told.
    Unverified,
}

/// Why a customer's review refuses what was asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().english())]
pub struct Refusal {
    /// The customer's status.
    pub status: Verification,
    /// What was asked.
    pub wanted: Use,
}

impl Refusal {
    /// The stable code the API answers with.
    pub fn code(&self) -> &'static str {
        match self.status {
            Verification::Rejected => "customer_rejected",
            Verification::PendingReview | Verification::Verified => "customer_unverified",
        }
    }

    /// Why not, in either language.
    pub fn message(&self) -> Message {
        match self.status {
            Verification::PendingReview => msg!(
                "a `pending_review` customer gets no {what} until a reviewer verifies it",
                what = self.wanted.plural()
            ),
            Verification::Verified | Verification::Rejected => msg!(
                "a `{status}` customer gets no {what}",
                status = self.status.code(),
                what = self.wanted.plural()
            ),
        }
    }
}

/// What the customer list's search finds a customer by
/// ([`crate::text::document`]): the words of its name, industry and
/// address, and every tail of the digits of each live contact's phone (so
/// the last digits of a caller's number, however the number was typed,
/// find the customer).
pub fn search_document(name: &str, industry: &str, address: &str, phones: &[&str]) -> String {
    let digits: Vec<String> = phones
        .iter()
        .map(|phone| {
            phone
                .chars()
                .filter(char::is_ascii_digit)
                .collect::<String>()
        })
        .filter(|digits| !digits.is_empty())
        .collect();
    let digits: Vec<&str> = digits.iter().map(String::as_str).collect();
    crate::text::document(&[name, industry, address], &digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_status_allows_each_use_as_spec_section_2_says() {
        use Admission::{Clear, Unverified};
        use Verification::{PendingReview, Rejected, Verified};
        let refused = None;
        let table: [(Verification, Use, Option<Admission>); 12] = [
            (Verified, Use::Order, Some(Clear)),
            (Verified, Use::Contract, Some(Clear)),
            (Verified, Use::Visit, Some(Clear)),
            (Verified, Use::Request, Some(Clear)),
            (PendingReview, Use::Order, refused),
            (PendingReview, Use::Contract, refused),
            (PendingReview, Use::Visit, Some(Clear)),
            (PendingReview, Use::Request, Some(Unverified)),
            (Rejected, Use::Order, refused),
            (Rejected, Use::Contract, refused),
            (Rejected, Use::Visit, refused),
            (Rejected, Use::Request, refused),
        ];
        for (status, wanted, expected) in table {
            assert_eq!(
                status.allows(wanted).ok(),
                expected,
                "{status:?} asking for {wanted:?}"
            );
        }
    }

    #[test]
    fn a_refusal_names_the_status_and_what_was_refused() {
        let rejected = Verification::Rejected.allows(Use::Request).unwrap_err();
        assert_eq!(rejected.code(), "customer_rejected");
        assert_eq!(
            rejected.to_string(),
            "a `rejected` customer gets no service requests"
        );
        let pending = Verification::PendingReview
            .allows(Use::Contract)
            .unwrap_err();
        assert_eq!(pending.code(), "customer_unverified");
        assert_eq!(
            pending.to_string(),
            "a `pending_review` customer gets no contracts until a reviewer verifies it"
        );
    }

    #[test]
    fn codes_are_the_serialised_names() {
        for status in Verification::ALL {
            let json = serde_json::to_value(status).unwrap();
            assert_eq!(json, status.code());
        }
    }

    #[test]
    fn a_customer_is_found_by_its_words_and_its_phones_last_digits() {
        let query = |text: &str| crate::text::Query::parse(text);
        let document = search_document(
            "北方机械 Acme",
            "retail",
            "长江路 1 号",
            &["+86 138-1234-5678"],
        );
        let terms: Vec<&str> = document.split(' ').collect();
        for word in ["北方", "机械", "acme", "retail", "长江"] {
            for term in query(word).words {
                assert!(terms.contains(&term.text.as_str()), "{word}");
            }
        }
        for tail in ["5678", "12345678", "8613812345678"] {
            let code = query(tail).code.unwrap();
            assert!(terms.contains(&code.text.as_str()), "{tail}");
        }
        assert!(!terms.contains(&query("5679").code.unwrap().text.as_str()));
    }
}
