//! The staff app: every page but the settings area's.

fn main() {
    rapport_frontend::start(rapport_frontend::Pages(rapport_frontend::staff_page));
}
