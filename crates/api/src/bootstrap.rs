//! First start: the administrator from `RAPPORT_ADMIN_EMAIL` /
//! `RAPPORT_ADMIN_PASSWORD` when there are no users, and, when asked
//! (`make run` asks), a demo team with one user of every role.

use rapport_domain::org::{Department, Role};
use rapport_entity::users;
use sea_orm::{EntityTrait, PaginatorTrait};

use rapport_types::users::NewUser;

use crate::config::Config;
use crate::error::ApiError;
use crate::services::users::insert;
use crate::state::AppState;

/// Password of every demo user (shown by `make run`; demo data only).
pub const DEMO_PASSWORD: &str = "rapport-demo";

/// The demo team: (email, name, role, department, skills).
const DEMO_TEAM: [(&str, &str, Role, Department, &[&str]); 8] = [
    (
        "manager@rapport.local",
        "王经理 Wang (manager)",
        Role::Manager,
        Department::Management,
        &[],
    ),
    (
        "am@rapport.local",
        "李客户经理 Li (account manager)",
        Role::AccountManager,
        Department::Sales,
        &[],
    ),
    (
        "sales@rapport.local",
        "赵销售 Zhao (sales)",
        Role::Sales,
        Department::Sales,
        &[],
    ),
    (
        "service@rapport.local",
        "陈客服 Chen (service desk)",
        Role::Service,
        Department::Service,
        &[],
    ),
    (
        "assistant@rapport.local",
        "刘助理 Liu (assistant)",
        Role::Assistant,
        Department::Service,
        &[],
    ),
    (
        "tech@rapport.local",
        "张工 Zhang (software technician)",
        Role::Technician,
        Department::TechnicalSoftware,
        &["erp"],
    ),
    (
        "hwtech@rapport.local",
        "孙工 Sun (hardware technician)",
        Role::Technician,
        Department::TechnicalHardware,
        &["server", "network"],
    ),
    (
        "marketing@rapport.local",
        "周市场 Zhou (marketing)",
        Role::Marketing,
        Department::Marketing,
        &[],
    ),
];

/// Creates the first administrator and the demo data when the database is new.
pub async fn first_start(state: &AppState, config: &Config) -> Result<(), ApiError> {
    let no_users = users::Entity::find().count(&state.db).await? == 0;
    if !no_users {
        return Ok(());
    }
    if let Some(admin) = &config.first_admin {
        insert(
            state,
            None,
            NewUser {
                email: admin.email.clone(),
                display_name: "Administrator 管理员".to_owned(),
                password: admin.password.expose().to_owned(),
                role: Role::Admin,
                department: Department::Management,
                skills: Vec::new(),
            },
        )
        .await?;
        log::info!("created the first administrator {}", admin.email);
    }
    if config.demo_data {
        let mut team = Vec::new();
        for (email, name, role, department, skills) in DEMO_TEAM {
            let user = insert(
                state,
                None,
                NewUser {
                    email: email.to_owned(),
                    display_name: name.to_owned(),
                    password: DEMO_PASSWORD.to_owned(),
                    role,
                    department,
                    skills: skills.iter().map(|skill| (*skill).to_owned()).collect(),
                },
            )
            .await?;
            team.push((email, user.id, role));
        }
        crate::demo::load(state, &team).await?;
        log::info!("loaded the demo team; every demo user's password is {DEMO_PASSWORD}");
    }
    Ok(())
}
