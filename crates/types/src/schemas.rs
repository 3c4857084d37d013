//! Schemas the derive cannot write: arrays whose items have limits of
//! their own, said as the server checks them.

use utoipa::openapi::schema::{Array, ArrayBuilder, ObjectBuilder, SchemaType, Type};

/// At most `max_items` strings of 1 to `max_length` characters, none
/// blank; `nullable` for a change that may send null to leave it be.
pub(crate) fn non_blank_strings(
    max_items: usize,
    max_length: usize,
    description: &str,
    nullable: bool,
) -> Array {
    let item = ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max_length))
        .pattern(Some(r"\S"));
    let array = ArrayBuilder::new()
        .items(item)
        .max_items(Some(max_items))
        .description(Some(description));
    let array = if nullable {
        array.schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
    } else {
        array
    };
    array.build()
}
