//! `contract_lines`: the order lines a contract covers, with the value each
//! contributes (unique per contract and line); a free contract's line also
//! holds its own free year (null until the line's warranty starts).

use sea_orm::entity::prelude::*;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, Serialize)]
#[sea_orm(table_name = "contract_lines")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub contract_id: Uuid,
    pub order_line_id: Uuid,
    pub covered_value_cents: i64,
    /// First day of this line's free year (free contracts, once its warranty started).
    pub free_from: Option<Date>,
    /// Last day of this line's free year.
    pub free_until: Option<Date>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::contracts::Entity",
        from = "Column::ContractId",
        to = "super::contracts::Column::Id"
    )]
    Contract,
}

impl Related<super::contracts::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Contract.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
