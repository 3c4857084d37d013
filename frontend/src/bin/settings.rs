//! The settings area (`/settings/…`): the administrators' pages.

fn main() {
    rapport_frontend::start(rapport_frontend::Pages(rapport_frontend::settings_page));
}
