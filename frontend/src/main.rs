//! The service desk's program: home, the queue, intake, requests.

fn main() {
    rapport_frontend::start(rapport_frontend::Pages(rapport_frontend::desk_page));
}
