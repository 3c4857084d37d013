//! `/api/v1/notifications`: the caller's own notifications, newest first,
//! and marking one read.

use rapport_entity::notifications;

use rapport_types::notifications::Notification;

/// The notification a stored row describes.
pub fn notification_from_model(model: notifications::Model) -> Notification {
    Notification {
        id: model.id,
        kind: model.kind,
        subject: model.subject,
        body: model.body,
        entity_type: model.entity_type,
        entity_id: model.entity_id,
        created_at: model.created_at,
        read_at: model.read_at,
    }
}
