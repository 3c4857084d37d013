//! Rapport's schema. One file per change, named by date; every migration
//! must run on SQLite and on PostgreSQL (CI runs both).
//!
//! Conventions: ids are UUIDs; times are `timestamp with time zone` written
//! by the application in UTC (never a database default, so SQLite's text
//! values all share one sortable format); dates are `date`; money is
//! `bigint` fen in columns ending `_cents`; enumerations are short strings;
//! mutable rows carry `version`, `created_at` and `updated_at`; nothing is
//! deleted, archivable rows get `archived_at`. Unique indexes are named
//! `ux_<table>_<what>` so the API can map a violation to the field.

pub use sea_orm_migration::prelude::*;

mod ddl;

mod m20261123_000001_create_settings;
mod m20261123_000002_create_users;
mod m20261123_000003_create_customers;
mod m20261123_000004_create_orders;
mod m20261123_000005_create_contracts;
mod m20261123_000006_create_audit_and_idempotency;
mod m20261124_000007_create_service_requests;
mod m20261124_000008_create_visits;
mod m20261124_000009_create_complaints;
pub mod m20261125_000010_create_assignee_loads;
mod m20261126_000011_index_visits_by_customer;
mod m20261129_000012_index_visits_by_due_date;
mod m20261201_000013_add_users_token_epoch;
pub mod m20261202_000014_check_coded_columns;
pub mod m20261203_000015_add_notification_params;
mod m20261204_000016_add_contract_line_free_periods;
mod m20261204_000017_flag_requests_of_unverified_customers;
mod m20261205_000018_create_scheduler;
mod m20261205_000019_create_care_greetings;
mod m20261206_000020_create_webhooks;
mod m20261207_000001_index_monthly_report;
mod m20261208_000022_create_needs;
mod m20261208_000023_create_knowledge;
mod m20261208_000024_create_need_events;
pub mod m20261209_000030_create_request_search;
mod m20261209_000031_summarize_request_sla;
mod m20261209_000032_index_request_views;
mod m20261210_000033_create_login_failures;
mod m20261211_000034_index_customer_and_audit_lists;
mod m20261212_000035_add_order_line_positions;
pub mod m20261212_000036_create_customer_search;
mod m20261212_000038_index_list_cursors;
pub mod m20261212_000039_index_open_requests_by_department;
mod m20261213_000040_add_request_sla_request_created_at;
mod m20261213_000041_store_search_vectors;
mod m20261213_000042_add_service_requests_closed_at;
mod m20261213_000043_index_requests_by_resolution_method;
mod m20261213_000044_index_at_risk_requests;
pub mod m20261214_000045_index_remote_requests;
mod m20261215_000046_summarize_request_due;
mod m20261216_000047_bound_search_pending_lists;
mod m20261216_000048_index_open_requests_by_assignee;
mod m20261216_000049_index_open_requests_by_status_and_priority;
pub mod m20261217_000050_index_overdue_needs_and_complaints;
pub mod m20261217_000051_add_customer_search_order;
pub mod m20261218_000052_cover_customer_orders_with_archived_at;
pub mod m20261218_000053_count_customer_search_changes;
pub mod m20261219_000054_order_composite_request_index_by_id;
pub mod m20261220_000055_index_only_resolved_requests_for_report;
pub mod m20261220_000056_drop_request_assignee_status_index;
pub mod m20261220_000057_carry_sla_summary_in_list_order_indexes;
pub mod m20261221_000058_mark_breached_requests;
pub mod m20261222_000059_block_request_search_order;
pub mod m20261223_000060_unlink_webhook_deliveries_from_events;
pub mod m20261224_000061_cluster_request_children_by_request;
pub mod sla_summary;

/// Applies Rapport's migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_create_settings::Migration),
            Box::new(m20261123_000002_create_users::Migration),
            Box::new(m20261123_000003_create_customers::Migration),
            Box::new(m20261123_000004_create_orders::Migration),
            Box::new(m20261123_000005_create_contracts::Migration),
            Box::new(m20261123_000006_create_audit_and_idempotency::Migration),
            Box::new(m20261124_000007_create_service_requests::Migration),
            Box::new(m20261124_000008_create_visits::Migration),
            Box::new(m20261124_000009_create_complaints::Migration),
            Box::new(m20261125_000010_create_assignee_loads::Migration),
            Box::new(m20261126_000011_index_visits_by_customer::Migration),
            Box::new(m20261129_000012_index_visits_by_due_date::Migration),
            Box::new(m20261201_000013_add_users_token_epoch::Migration),
            Box::new(m20261202_000014_check_coded_columns::Migration),
            Box::new(m20261203_000015_add_notification_params::Migration),
            Box::new(m20261204_000016_add_contract_line_free_periods::Migration),
            Box::new(m20261204_000017_flag_requests_of_unverified_customers::Migration),
            Box::new(m20261205_000018_create_scheduler::Migration),
            Box::new(m20261205_000019_create_care_greetings::Migration),
            Box::new(m20261206_000020_create_webhooks::Migration),
            Box::new(m20261207_000001_index_monthly_report::Migration),
            Box::new(m20261208_000022_create_needs::Migration),
            Box::new(m20261208_000023_create_knowledge::Migration),
            Box::new(m20261208_000024_create_need_events::Migration),
            Box::new(m20261209_000030_create_request_search::Migration),
            Box::new(m20261209_000031_summarize_request_sla::Migration),
            Box::new(m20261209_000032_index_request_views::Migration),
            Box::new(m20261210_000033_create_login_failures::Migration),
            Box::new(m20261211_000034_index_customer_and_audit_lists::Migration),
            Box::new(m20261212_000035_add_order_line_positions::Migration),
            Box::new(m20261212_000036_create_customer_search::Migration),
            Box::new(m20261212_000038_index_list_cursors::Migration),
            Box::new(m20261212_000039_index_open_requests_by_department::Migration),
            Box::new(m20261213_000040_add_request_sla_request_created_at::Migration),
            Box::new(m20261213_000041_store_search_vectors::Migration),
            Box::new(m20261213_000042_add_service_requests_closed_at::Migration),
            Box::new(m20261213_000043_index_requests_by_resolution_method::Migration),
            Box::new(m20261213_000044_index_at_risk_requests::Migration),
            Box::new(m20261214_000045_index_remote_requests::Migration),
            Box::new(m20261215_000046_summarize_request_due::Migration),
            Box::new(m20261216_000047_bound_search_pending_lists::Migration),
            Box::new(m20261216_000048_index_open_requests_by_assignee::Migration),
            Box::new(m20261216_000049_index_open_requests_by_status_and_priority::Migration),
            Box::new(m20261217_000050_index_overdue_needs_and_complaints::Migration),
            Box::new(m20261217_000051_add_customer_search_order::Migration),
            Box::new(m20261218_000052_cover_customer_orders_with_archived_at::Migration),
            Box::new(m20261218_000053_count_customer_search_changes::Migration),
            Box::new(m20261219_000054_order_composite_request_index_by_id::Migration),
            Box::new(m20261220_000055_index_only_resolved_requests_for_report::Migration),
            Box::new(m20261220_000056_drop_request_assignee_status_index::Migration),
            Box::new(m20261220_000057_carry_sla_summary_in_list_order_indexes::Migration),
            Box::new(m20261221_000058_mark_breached_requests::Migration),
            Box::new(m20261222_000059_block_request_search_order::Migration),
            Box::new(m20261223_000060_unlink_webhook_deliveries_from_events::Migration),
            Box::new(m20261224_000061_cluster_request_children_by_request::Migration),
        ]
    }
}
