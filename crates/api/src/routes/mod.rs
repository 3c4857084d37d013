//! HTTP routes, one module per resource. `api` registers every documented
//! route; the server and the OpenAPI document both use it.

pub mod api_tokens;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod care;
pub mod complaints;
pub mod contacts;
pub mod contracts;
pub mod customers;
pub mod extract;
pub mod follow_ups;
pub mod health;
pub mod jobs;
pub mod knowledge;
pub mod needs;
pub mod notifications;
pub mod openapi;
pub mod orders;
pub mod reports;
pub mod requests;
pub mod responses;
pub mod routing;
pub mod sla;
pub mod spa;
pub mod surveys;
pub mod unmatched;
pub mod users;
pub mod visits;
pub mod webhooks;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every route of the API (not the app shell).
pub fn api(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(
        // actix tries the routes in this order, matching each pattern with
        // path parameters against the path: the service desk's hot routes
        // (a request by id, the lists, intake) come first. Behind the other
        // resources, routing was 2.5% of a get-by-id's CPU.
        utoipa_actix_web::scope("/api/v1")
            .configure(requests::routes)
            .service(auth::login)
            .service(auth::refresh)
            .service(auth::logout)
            .service(auth::me)
            .service(users::create)
            .service(users::list)
            .service(users::get_one)
            .service(users::update)
            .service(customers::create)
            .service(customers::list)
            .service(customers::visits_due)
            .service(customers::get_one)
            .service(customers::update)
            .service(customers::review)
            .service(customers::archive)
            .service(contacts::create)
            .service(contacts::list)
            .service(contacts::get_one)
            .service(contacts::update)
            .service(contacts::reveal)
            .configure(follow_ups::routes)
            .configure(orders::routes)
            .configure(contracts::routes)
            .configure(routing::routes)
            .configure(visits::routes)
            .configure(surveys::routes)
            .configure(notifications::routes)
            .configure(audit::routes)
            .configure(jobs::routes)
            .configure(api_tokens::routes)
            .configure(calendar::routes)
            .configure(care::routes)
            .configure(sla::routes)
            .configure(complaints::routes)
            .configure(webhooks::routes)
            .configure(reports::routes)
            .configure(needs::routes)
            .configure(knowledge::routes)
            .default_service(actix_web::dev::fn_service(unmatched::answer)),
    );
}
