//! A coded column stores its enum's serde code (`in_progress`,
//! `account_manager`): the CHECK constraints list those codes, rows written
//! before the columns were typed hold them, and SQL in the domain
//! (`lifecycle::request::sla`) names them. The active enums derive their
//! values from the variant names separately, so every variant is compared.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Debug;

use rapport_domain::customer::{Channel, Stage, Tier, Verification};
use rapport_domain::lifecycle::{complaint, contract, need, request};
use rapport_domain::org::{Department, Role};
use rapport_domain::request::{
    Category, IntakeChannel, Priority, ProductKind, ResolutionMethod, WorkType,
};
use rapport_domain::{knowledge, sla::SlaTarget};
use rapport_types::{complaints, contracts::ContractKind, follow_ups, needs, visits};
use sea_orm::{ActiveEnum, Iterable};
use serde::Serialize;

fn stores_its_serde_code<T>()
where
    T: ActiveEnum<Value = String> + Iterable + Serialize + Debug,
{
    let variants: Vec<T> = T::iter().collect();
    assert!(!variants.is_empty());
    for variant in variants {
        assert_eq!(
            serde_json::to_value(&variant).unwrap(),
            serde_json::Value::String(variant.to_value()),
            "{variant:?} of {}",
            std::any::type_name::<T>()
        );
    }
}

#[test]
fn every_coded_enum_stores_its_serde_code() {
    stores_its_serde_code::<Stage>();
    stores_its_serde_code::<Tier>();
    stores_its_serde_code::<Channel>();
    stores_its_serde_code::<Verification>();
    stores_its_serde_code::<Role>();
    stores_its_serde_code::<Department>();
    stores_its_serde_code::<Category>();
    stores_its_serde_code::<ProductKind>();
    stores_its_serde_code::<WorkType>();
    stores_its_serde_code::<Priority>();
    stores_its_serde_code::<IntakeChannel>();
    stores_its_serde_code::<ResolutionMethod>();
    stores_its_serde_code::<SlaTarget>();
    stores_its_serde_code::<knowledge::Status>();
    stores_its_serde_code::<complaint::Status>();
    stores_its_serde_code::<contract::Status>();
    stores_its_serde_code::<contract::InvoiceMethod>();
    stores_its_serde_code::<need::Kind>();
    stores_its_serde_code::<need::Status>();
    stores_its_serde_code::<request::Status>();
    stores_its_serde_code::<complaints::EventKind>();
    stores_its_serde_code::<ContractKind>();
    stores_its_serde_code::<follow_ups::Method>();
    stores_its_serde_code::<visits::VisitKind>();
    stores_its_serde_code::<visits::VisitStatus>();
    stores_its_serde_code::<needs::EventKind>();
}
