//! `contracts`: free and paid maintenance contracts. `period_end` is the
//! last covered day (inclusive). A free contract records the batch month
//! that created it (`ux_contracts_free_batch` on customer and month).

use rapport_domain::lifecycle::contract::{InvoiceMethod, Status};
use rapport_types::contracts::ContractKind;
use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "contracts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub customer_id: Uuid,
    pub kind: ContractKind,
    pub status: Status,
    pub package_code: Option<String>,
    pub period_start: Date,
    pub period_end: Date,
    pub covered_value_cents: i64,
    pub fee_cents: i64,
    pub previous_contract_id: Option<Uuid>,
    pub maintenance_contact_id: Option<Uuid>,
    pub technician_id: Option<Uuid>,
    pub sites: i32,
    #[sea_orm(column_type = "Text")]
    pub installed_versions: String,
    pub calendar_name: Option<String>,
    pub invoice_method: Option<InvoiceMethod>,
    pub invoice_sent_on: Option<Date>,
    pub paid_on: Option<Date>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_reason: Option<String>,
    /// `YYYY-MM` of the free batch that created this contract.
    pub free_batch_month: Option<String>,
    pub created_by: Uuid,
    pub version: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::contract_lines::Entity")]
    ContractLines,
}

impl Related<super::contract_lines::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::ContractLines.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
