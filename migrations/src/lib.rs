//! Rapport's schema. One file per change, named by date; every migration
//! must run on SQLite and on PostgreSQL (CI runs both).

pub use sea_orm_migration::prelude::*;

mod m20261123_000001_create_settings;

/// Applies Rapport's migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![Box::new(m20261123_000001_create_settings::Migration)]
    }
}
