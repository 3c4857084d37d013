//! Account management: customers, contracts, visits, complaints, care,
//! needs, the knowledge base and reports.

fn main() {
    rapport_frontend::start(rapport_frontend::Pages(rapport_frontend::accounts_page));
}
