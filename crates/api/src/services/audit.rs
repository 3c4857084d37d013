//! `/api/v1/audit`: reading the append-only audit log (SPEC section 9),
//! newest first, for admins and managers.

use rapport_entity::audit_log;

use rapport_types::audit::AuditEntry;

/// The audit entry a stored row describes.
pub fn audit_entry_from_model(model: audit_log::Model) -> AuditEntry {
    AuditEntry {
        id: model.id,
        at: model.at,
        actor_id: model.actor_id,
        action: model.action,
        entity_type: model.entity_type,
        entity_id: model.entity_id,
        before: model.before,
        after: model.after,
    }
}
