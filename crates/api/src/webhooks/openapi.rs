//! The events as OpenAPI 3.1 `webhooks`: one operation per event, whose
//! body is the payload a receiver gets, with the signature header.

use serde_json::{Map, Value, json};
use utoipa::ToSchema;

use rapport_types::webhooks::{
    ComplaintData, ContractData, EventKind, RequestData, SlaData, VisitData,
};

use crate::webhooks::worker::TIMEOUT;

/// Adds `webhooks` (and the schemas of their data) to `document`.
pub fn add(document: &mut Value) {
    let Some(root) = document.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(components) = components else { return };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut();
    let Some(schemas) = schemas else { return };
    let request = schema::<RequestData>(schemas);
    let sla = schema::<SlaData>(schemas);
    let visit = schema::<VisitData>(schemas);
    let complaint = schema::<ComplaintData>(schemas);
    let contract = schema::<ContractData>(schemas);
    let mut webhooks = Map::new();
    for kind in EventKind::ALL {
        let data = match kind {
            EventKind::RequestCreated
            | EventKind::RequestAssigned
            | EventKind::RequestResolved
            | EventKind::RequestClosed => &request,
            EventKind::RequestSlaAtRisk | EventKind::RequestSlaBreached => &sla,
            EventKind::VisitDissatisfied => &visit,
            EventKind::ComplaintCreated | EventKind::ComplaintOverdue => &complaint,
            EventKind::ContractSigned
            | EventKind::ContractExpiring
            | EventKind::ContractExpired => &contract,
        };
        webhooks.insert(kind.code().to_owned(), operation(kind, data));
    }
    root.insert("webhooks".to_owned(), Value::Object(webhooks));
}

/// Adds `T`'s schema and those it refers to; its name.
fn schema<T: ToSchema>(schemas: &mut Map<String, Value>) -> String {
    let mut found = Vec::new();
    T::schemas(&mut found);
    found.push((T::name().into_owned(), T::schema()));
    for (name, schema) in found {
        let value = serde_json::to_value(schema).unwrap_or_default();
        schemas.entry(name).or_insert(value);
    }
    T::name().into_owned()
}

fn operation(kind: EventKind, data: &str) -> Value {
    let code = kind.code();
    let described = description(kind);
    json!({
        "post": {
            "tags": ["webhooks"],
            "operationId": format!("webhook_{}", code.replace('.', "_")),
            "summary": code,
            "description": format!(
                "{described} Sent as a JSON POST to every active endpoint subscribed to \
                 `{code}`, signed with the endpoint's secret: `Rapport-Signature: \
                 t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">`. Reject a `t` \
                 older than 5 minutes. Any answer but a 2xx within {timeout} s is retried \
                 with exponential backoff for 24 hours; an endpoint's events arrive in the \
                 order they happened. Contact data is masked as in every list.",
                timeout = TIMEOUT.as_secs(),
            ),
            "parameters": [
                {
                    "name": "Rapport-Signature",
                    "in": "header",
                    "required": true,
                    "description": "`t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.<raw body>\">`",
                    "schema": { "type": "string" }
                },
                {
                    "name": "Rapport-Event",
                    "in": "header",
                    "required": true,
                    "description": "The event's name, as in the body",
                    "schema": { "type": "string", "const": code }
                },
                {
                    "name": "Rapport-Event-Id",
                    "in": "header",
                    "required": true,
                    "description": "The event's id, as in the body: the same on every retry",
                    "schema": { "type": "string", "format": "uuid" }
                }
            ],
            "requestBody": {
                "required": true,
                "content": { "application/json": { "schema": {
                    "type": "object",
                    "required": ["id", "event", "occurred_at", "data"],
                    "properties": {
                        "id": {
                            "type": "string",
                            "format": "uuid",
                            "description": "The event's id: the same on every retry and re-send"
                        },
                        "event": { "type": "string", "const": code },
                        "occurred_at": { "type": "string", "format": "date-time" },
                        "data": { "$ref": format!("#/components/schemas/{data}") }
                    }
                } } }
            },
            "responses": {
                "2XX": { "description": "Received" },
                "default": { "description": "Not received: tried again later" }
            }
        }
    })
}

fn description(kind: EventKind) -> &'static str {
    match kind {
        EventKind::RequestCreated => "A service request was taken in.",
        EventKind::RequestAssigned => "A request was assigned (by routing at intake, or by hand).",
        EventKind::RequestSlaAtRisk => "One of a request's SLA targets turned at risk.",
        EventKind::RequestSlaBreached => "One of a request's SLA targets was breached.",
        EventKind::RequestResolved => "A request was resolved.",
        EventKind::RequestClosed => "A request was closed.",
        EventKind::VisitDissatisfied => "A return visit or survey scored 1–3.",
        EventKind::ComplaintCreated => "A complaint was taken.",
        EventKind::ComplaintOverdue => "A complaint's promised time passed while it was open.",
        EventKind::ContractSigned => "A contract was signed.",
        EventKind::ContractExpiring => "A contract or its free period ends within 30 days.",
        EventKind::ContractExpired => "A contract ended (its status is now `expired`).",
    }
}
