//! The entities match the migrated schema: every table takes a row and gives
//! it back unchanged, on SQLite and (when `RAPPORT_TEST_POSTGRES_URL` is set)
//! on PostgreSQL; the named unique indexes reject duplicates in a way the API
//! can map to a field.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use rapport_domain::customer::{Channel, Stage, Tier, Verification};
use rapport_domain::lifecycle::complaint;
use rapport_domain::lifecycle::contract::{self, InvoiceMethod};
use rapport_domain::org::{Department, Role};
use rapport_domain::request::ProductKind;
use rapport_entity::prelude::*;
use rapport_entity::{
    api_tokens, audit_log, complaint_events, complaints, contacts, contract_lines, contracts,
    customers, follow_ups, free_batches, idempotency_keys, order_lines, orders, packages, products,
    refresh_tokens, settings, users,
};
use rapport_migrations::{Migrator, MigratorTrait};
use rapport_types::complaints::EventKind as ComplaintEventKind;
use rapport_types::contracts::ContractKind;
use rapport_types::follow_ups::Method;
use sea_orm::prelude::Uuid;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Database, DatabaseConnection, DbBackend, EntityTrait,
    IntoActiveModel, ModelTrait, QueryFilter, QueryOrder, SqlErr,
};
use serde_json::json;

#[tokio::test]
async fn every_table_round_trips_on_sqlite() {
    let folder = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}?mode=rwc",
        folder.path().join("rapport.db").display()
    );
    let db = Database::connect(&url).await.unwrap();

    round_trip_everything(&db).await;

    db.close().await.unwrap();
}

#[tokio::test]
async fn every_table_round_trips_on_postgres() {
    let Some(server) = rapport_testdb::server_from_env() else {
        eprintln!(
            "{} is not set; skipping the PostgreSQL run",
            rapport_testdb::SERVER_VAR
        );
        return;
    };
    let database = rapport_testdb::Throwaway::create(&server).await;
    let db = Database::connect(database.url()).await.unwrap();

    round_trip_everything(&db).await;

    db.close().await.unwrap();
}

/// A UTC instant with microseconds, the finest PostgreSQL keeps.
fn at(seconds: i64, micros: u32) -> DateTime<Utc> {
    DateTime::from_timestamp(seconds, micros * 1000).unwrap()
}

fn day(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

async fn insert<A>(db: &DatabaseConnection, model: A) -> <A::Entity as EntityTrait>::Model
where
    A: ActiveModelTrait + sea_orm::ActiveModelBehavior + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    model.insert(db).await.unwrap()
}

async fn round_trip_everything(db: &DatabaseConnection) {
    Migrator::up(db, None).await.unwrap();
    let now = at(1_764_000_000, 123_456);

    // Users and credentials.
    let user = users::Model {
        id: Uuid::new_v4(),
        email: "zhang.wei@example.com".into(),
        display_name: "张伟".into(),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        role: Role::AccountManager,
        department: Department::Sales,
        skills: json!(["erp", "network"]),
        active: true,
        last_assigned_at: None,
        version: 1,
        token_epoch: 0,
        created_at: now,
        updated_at: now,
    };
    let stored = insert(db, user.clone().into_active_model()).await;
    assert_eq!(stored, user);
    assert_eq!(
        Users::find_by_id(user.id).one(db).await.unwrap(),
        Some(user.clone())
    );

    let duplicate = users::Model {
        id: Uuid::new_v4(),
        ..user.clone()
    };
    assert_unique_violation(
        db,
        duplicate.into_active_model().insert(db).await.unwrap_err(),
        "ux_users_email",
        "users.email",
    );

    let refresh = refresh_tokens::Model {
        id: Uuid::new_v4(),
        user_id: user.id,
        family_id: Uuid::new_v4(),
        token_hash: "a".repeat(64),
        expires_at: at(1_765_000_000, 0),
        revoked_at: Some(now),
        created_at: now,
    };
    assert_eq!(
        insert(db, refresh.clone().into_active_model()).await,
        refresh
    );

    let api_token = api_tokens::Model {
        id: Uuid::new_v4(),
        user_id: user.id,
        name: "ERP sync".into(),
        token_hash: "b".repeat(64),
        scopes: json!(["customers:read"]),
        last_used_at: None,
        revoked_at: None,
        created_at: now,
    };
    assert_eq!(
        insert(db, api_token.clone().into_active_model()).await,
        api_token
    );

    // Customers.
    let customer = customers::Model {
        id: Uuid::new_v4(),
        name: "北京示例科技有限公司".into(),
        industry: "manufacturing".into(),
        address: "北京市海淀区".into(),
        stage: Stage::New,
        tier: Tier::Core,
        account_manager_id: Some(user.id),
        preferred_channel: Channel::Wechat,
        verification: Verification::Verified,
        rejection_reason: None,
        registered_by: user.id,
        reviewed_by: Some(user.id),
        reviewed_at: Some(now),
        last_routine_visit_on: Some(day(2025, 11, 3)),
        archived_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    assert_eq!(
        insert(db, customer.clone().into_active_model()).await,
        customer
    );

    let contact = contacts::Model {
        id: Uuid::new_v4(),
        customer_id: customer.id,
        name: "李娜".into(),
        position: "IT 主管".into(),
        department: "信息部".into(),
        phone: "13812345678".into(),
        email: "li.na@example.com".into(),
        birthday: Some(day(1985, 2, 28)),
        is_executive: false,
        preferred_channel: Channel::Phone,
        archived_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    assert_eq!(
        insert(db, contact.clone().into_active_model()).await,
        contact
    );
    let contacts = customer.find_related(Contacts).all(db).await.unwrap();
    assert_eq!(contacts, vec![contact.clone()]);

    let follow_up = follow_ups::Model {
        id: Uuid::new_v4(),
        customer_id: customer.id,
        contact_id: Some(contact.id),
        occurred_at: at(1_763_990_000, 500_000),
        method: Method::Visit,
        summary: "季度回访".into(),
        feedback: "满意".into(),
        outcome: String::new(),
        next_step: "报价".into(),
        recorded_by: user.id,
        created_at: now,
    };
    assert_eq!(
        insert(db, follow_up.clone().into_active_model()).await,
        follow_up
    );

    // Orders.
    let product = products::Model {
        id: Uuid::new_v4(),
        sku: "SRV-001".into(),
        name: "服务器".into(),
        kind: ProductKind::Hardware,
        list_price_cents: 12_000_000,
        archived_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    assert_eq!(
        insert(db, product.clone().into_active_model()).await,
        product
    );
    let same_sku = products::Model {
        id: Uuid::new_v4(),
        ..product.clone()
    };
    assert_unique_violation(
        db,
        same_sku.into_active_model().insert(db).await.unwrap_err(),
        "ux_products_sku",
        "products.sku",
    );

    let order = orders::Model {
        id: Uuid::new_v4(),
        customer_id: customer.id,
        order_date: day(2025, 10, 30),
        note: String::new(),
        total_cents: 24_000_000,
        created_by: user.id,
        archived_at: None,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    assert_eq!(insert(db, order.clone().into_active_model()).await, order);
    let line = order_lines::Model {
        id: Uuid::new_v4(),
        order_id: order.id,
        product_id: product.id,
        product_kind: ProductKind::Hardware,
        quantity: 2,
        unit_price_cents: 12_000_000,
        line_total_cents: 24_000_000,
        position: 0,
        installation_completed_on: Some(day(2025, 11, 5)),
        invoiced_on: Some(day(2025, 11, 1)),
        acceptance_signed_on: None,
        warranty_start: Some(day(2025, 11, 5)),
        version: 1,
        created_at: now,
        updated_at: now,
    };
    assert_eq!(insert(db, line.clone().into_active_model()).await, line);
    assert_eq!(
        order.find_related(OrderLines).all(db).await.unwrap(),
        vec![line.clone()]
    );

    // Contracts.
    let seeded = Packages::find()
        .order_by_asc(packages::Column::RateBp)
        .all(db)
        .await
        .unwrap();
    let codes: Vec<_> = seeded
        .iter()
        .map(|p| (p.code.as_str(), p.rate_bp))
        .collect();
    assert_eq!(
        codes,
        [("BASIC", 800), ("STANDARD", 1200), ("PREMIUM", 1800)]
    );

    let free = contracts::Model {
        id: Uuid::new_v4(),
        customer_id: customer.id,
        kind: ContractKind::Free,
        status: contract::Status::Signed,
        package_code: None,
        period_start: day(2025, 11, 5),
        period_end: day(2026, 11, 4),
        covered_value_cents: 24_000_000,
        fee_cents: 0,
        previous_contract_id: None,
        maintenance_contact_id: Some(contact.id),
        technician_id: None,
        sites: 1,
        installed_versions: String::new(),
        calendar_name: None,
        invoice_method: None,
        invoice_sent_on: None,
        paid_on: None,
        cancel_reason: None,
        free_batch_month: Some("2025-11".into()),
        created_by: user.id,
        version: 1,
        created_at: now,
        updated_at: now,
    };
    assert_eq!(insert(db, free.clone().into_active_model()).await, free);
    let same_batch = contracts::Model {
        id: Uuid::new_v4(),
        ..free.clone()
    };
    assert_unique_violation(
        db,
        same_batch.into_active_model().insert(db).await.unwrap_err(),
        "ux_contracts_free_batch",
        "contracts.customer_id, contracts.free_batch_month",
    );

    // Paid contracts have no batch month, and NULLs never collide.
    let paid = contracts::Model {
        id: Uuid::new_v4(),
        kind: ContractKind::Paid,
        status: contract::Status::Paid,
        package_code: Some("STANDARD".into()),
        period_start: day(2026, 11, 5),
        period_end: day(2027, 11, 4),
        fee_cents: 2_880_000,
        previous_contract_id: Some(free.id),
        technician_id: Some(user.id),
        sites: 3,
        installed_versions: "ERP 5.2".into(),
        calendar_name: Some("default".into()),
        invoice_method: Some(InvoiceMethod::Courier),
        invoice_sent_on: Some(day(2026, 11, 10)),
        paid_on: Some(day(2026, 11, 20)),
        free_batch_month: None,
        ..free.clone()
    };
    let renewal = contracts::Model {
        id: Uuid::new_v4(),
        status: contract::Status::Draft,
        previous_contract_id: Some(paid.id),
        ..paid.clone()
    };
    assert_eq!(insert(db, paid.clone().into_active_model()).await, paid);
    assert_eq!(
        insert(db, renewal.clone().into_active_model()).await,
        renewal
    );

    let covered = contract_lines::Model {
        id: Uuid::new_v4(),
        contract_id: free.id,
        order_line_id: line.id,
        covered_value_cents: 24_000_000,
        free_from: NaiveDate::from_ymd_opt(2025, 3, 10),
        free_until: NaiveDate::from_ymd_opt(2026, 3, 9),
    };
    assert_eq!(
        insert(db, covered.clone().into_active_model()).await,
        covered
    );
    assert_eq!(
        free.find_related(ContractLines).all(db).await.unwrap(),
        vec![covered.clone()]
    );
    let covered_twice = contract_lines::Model {
        id: Uuid::new_v4(),
        ..covered.clone()
    };
    assert_unique_violation(
        db,
        covered_twice
            .into_active_model()
            .insert(db)
            .await
            .unwrap_err(),
        "ux_contract_lines_contract_line",
        "contract_lines.contract_id, contract_lines.order_line_id",
    );

    let batch = free_batches::Model {
        month: "2025-11".into(),
        ran_at: now,
        ran_by: user.id,
        contracts_created: 1,
        lines_covered: 1,
    };
    assert_eq!(insert(db, batch.clone().into_active_model()).await, batch);

    // Contracts ending soon: a date range filter on the inclusive end.
    let ending = Contracts::find()
        .filter(contracts::Column::PeriodEnd.between(day(2026, 11, 1), day(2026, 11, 30)))
        .all(db)
        .await
        .unwrap();
    assert_eq!(ending, vec![free.clone()]);

    // Complaints and their timeline.
    let complaint = complaints::Model {
        id: Uuid::new_v4(),
        customer_id: customer.id,
        contact_id: Some(contact.id),
        // No foreign key: the service request may not exist in this test.
        request_id: Some(Uuid::new_v4()),
        summary: "上门服务迟到".into(),
        details: "工程师迟到两小时".into(),
        status: complaint::Status::Revisited,
        promised_by: at(1_764_086_400, 0),
        responsible_department: Some(Department::TechnicalHardware),
        cause: Some("排班冲突".into()),
        solution: Some("调整排班并致歉".into()),
        approved_by: Some(user.id),
        approved_at: Some(now),
        resolved_at: Some(now),
        revisited_at: Some(now),
        satisfaction: Some(4),
        created_by: user.id,
        version: 6,
        created_at: now,
        updated_at: now,
    };
    assert_eq!(
        insert(db, complaint.clone().into_active_model()).await,
        complaint
    );
    let received = complaint_events::Model {
        id: Uuid::new_v4(),
        complaint_id: complaint.id,
        version: 1,
        at: now,
        actor_id: user.id,
        kind: ComplaintEventKind::Received,
        before: None,
        after: Some(json!({"status": "received"})),
    };
    assert_eq!(
        insert(db, received.clone().into_active_model()).await,
        received
    );
    assert_eq!(
        complaint
            .find_related(ComplaintEvents)
            .all(db)
            .await
            .unwrap(),
        vec![received.clone()]
    );
    let same_version = complaint_events::Model {
        id: Uuid::new_v4(),
        ..received
    };
    assert_unique_violation(
        db,
        same_version
            .into_active_model()
            .insert(db)
            .await
            .unwrap_err(),
        "ux_complaint_events_complaint_version",
        "complaint_events.complaint_id, complaint_events.version",
    );
    let overdue = Complaints::find()
        .filter(complaints::Column::PromisedBy.lt(at(1_764_086_400, 1)))
        .all(db)
        .await
        .unwrap();
    assert_eq!(overdue, vec![complaint]);

    // Records.
    let entry = audit_log::Model {
        id: Uuid::new_v4(),
        at: now,
        actor_id: None,
        action: "contract.create".into(),
        entity_type: "contract".into(),
        entity_id: free.id.to_string(),
        before: None,
        after: Some(serde_json::to_value(&free).unwrap()),
    };
    assert_eq!(insert(db, entry.clone().into_active_model()).await, entry);

    let key = idempotency_keys::Model {
        user_id: user.id,
        key: "3f1c-retry".into(),
        request_hash: "c".repeat(64),
        response_status: 201,
        response_body: r#"{"id":"x"}"#.into(),
        created_at: now,
    };
    assert_eq!(insert(db, key.clone().into_active_model()).await, key);
    assert_eq!(
        IdempotencyKeys::find_by_id((user.id, "3f1c-retry".to_owned()))
            .one(db)
            .await
            .unwrap(),
        Some(key)
    );

    let setting = settings::Model {
        key: "calendar".into(),
        value: json!({"time_zone": "Asia/Shanghai"}),
        version: 1,
        updated_at: now,
    };
    assert_eq!(
        insert(db, setting.clone().into_active_model()).await,
        setting
    );

    // Timestamps order chronologically, on SQLite too (text in one UTC format).
    let later = follow_ups::Model {
        id: Uuid::new_v4(),
        occurred_at: at(1_763_990_001, 0),
        ..follow_up.clone()
    };
    insert(db, later.clone().into_active_model()).await;
    let newest_first: Vec<_> = FollowUps::find()
        .filter(follow_ups::Column::OccurredAt.gt(at(1_763_989_999, 999_999)))
        .order_by_desc(follow_ups::Column::OccurredAt)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(newest_first, [later.id, follow_up.id]);
}

/// PostgreSQL names the violated index; SQLite names the columns instead.
fn assert_unique_violation(
    db: &DatabaseConnection,
    error: sea_orm::DbErr,
    index: &str,
    sqlite_columns: &str,
) {
    let Some(SqlErr::UniqueConstraintViolation(message)) = error.sql_err() else {
        panic!("expected a unique violation, got {error:?}");
    };
    let expected = match db.get_database_backend() {
        DbBackend::Sqlite => sqlite_columns,
        _ => index,
    };
    assert!(
        message.contains(expected),
        "{message:?} does not name {expected:?}"
    );
}
