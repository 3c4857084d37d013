//! Command-line options, with the defaults `make bench` relies on.

use std::path::PathBuf;
use std::time::Duration;

use crate::error::BenchError;

pub const USAGE: &str = "\
usage: rapport-bench [options]

  --rows N            service requests to seed (default 200000)
  --full              seed 1000000 service requests, and the big lists
  --big-lists         also seed 100000 customers and 1000000 audit entries
                      and measure their lists (customers by name, newest,
                      a filter, search, a deep cursor page; the audit log
                      newest first, a deep cursor page, by record, by actor)
  --customers N       with the big lists: customers in all (default 100000)
  --audit-entries N   with the big lists: audit entries (default 1000000)
  --seconds S         measured seconds per phase (default 20)
  --warmup S          unmeasured seconds before each phase (default 3)
  --connections C     concurrent keep-alive connections (default 16)
  --database D        sqlite, postgres or both (default both)
  --postgres-url URL  a server whose role may CREATEDB; a throwaway database
                      rapport_bench is created and dropped
                      (default $BENCH_POSTGRES_URL or
                      postgres://rapport:rapport@127.0.0.1:5432/postgres?sslmode=disable;
                      TLS on loopback only costs CPU)
  --server PATH       the release server (default $CARGO_TARGET_DIR/release/rapport)
  --keep              keep the seeded SQLite file and the PostgreSQL database
                      (dropped by the next run) for EXPLAIN and the like
  --reuse URL         measure the database a --keep run left at URL instead
                      of seeding one (--rows is then its request count; the
                      intake phases add to it, and it is not dropped)
  --only GROUPS       measure only these groups of phases, comma-separated:
                      reads (get-by-id, filtered list), views, big-lists,
                      report, jobs, intake (alone and with a webhook;
                      with views too, at risk, breached and the searches
                      again after it)";

/// A database to benchmark on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What to run.
#[derive(Debug, Clone)]
pub struct Args {
    pub rows: u64,
    pub measure: Duration,
    pub warmup: Duration,
    pub connections: usize,
    pub backends: Vec<Backend>,
    pub postgres_url: String,
    pub server: PathBuf,
    pub keep: bool,
    /// A database seeded by an earlier `--keep` run, to measure instead.
    pub reuse: Option<String>,
    /// The big lists to seed and measure, if asked.
    pub big_lists: Option<BigLists>,
    /// The groups of phases to measure; none for all of them.
    pub only: Option<Vec<Group>>,
}

/// A group of phases `--only` can pick.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Reads,
    Views,
    BigLists,
    Report,
    Jobs,
    Intake,
}

impl Group {
    fn parse(name: &str) -> Result<Group, BenchError> {
        Ok(match name {
            "reads" => Group::Reads,
            "views" => Group::Views,
            "big-lists" => Group::BigLists,
            "report" => Group::Report,
            "jobs" => Group::Jobs,
            "intake" => Group::Intake,
            other => {
                return Err(BenchError::msg(format!(
                    "--only takes reads, views, big-lists, report, jobs or intake, not {other:?}"
                )));
            }
        })
    }
}

/// How large the customer list and the audit log are seeded.
#[derive(Debug, Clone, Copy)]
pub struct BigLists {
    pub customers: u64,
    pub audit_entries: u64,
}

impl BigLists {
    /// What a large vendor reaches (issue 14).
    pub const LARGE: BigLists = BigLists {
        customers: 100_000,
        audit_entries: 1_000_000,
    };
}

impl Args {
    /// Whether the phases of `group` are to be measured.
    pub fn measures(&self, group: Group) -> bool {
        self.only
            .as_ref()
            .is_none_or(|groups| groups.contains(&group))
    }

    /// The options in `words`; `None` when help was asked for.
    pub fn parse(mut words: impl Iterator<Item = String>) -> Result<Option<Args>, BenchError> {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".to_owned());
        let mut args = Args {
            rows: 200_000,
            measure: Duration::from_secs(20),
            warmup: Duration::from_secs(3),
            connections: 16,
            backends: vec![Backend::Sqlite, Backend::Postgres],
            postgres_url: std::env::var("BENCH_POSTGRES_URL").unwrap_or_else(|_| {
                "postgres://rapport:rapport@127.0.0.1:5432/postgres?sslmode=disable".to_owned()
            }),
            server: PathBuf::from(target).join("release").join("rapport"),
            keep: false,
            reuse: None,
            big_lists: None,
            only: None,
        };
        while let Some(word) = words.next() {
            let mut value = |name: &str| {
                words
                    .next()
                    .ok_or_else(|| BenchError::msg(format!("{name} needs a value")))
            };
            match word.as_str() {
                "-h" | "--help" => return Ok(None),
                "--full" => {
                    args.rows = 1_000_000;
                    args.big_lists.get_or_insert(BigLists::LARGE);
                }
                "--big-lists" => {
                    args.big_lists.get_or_insert(BigLists::LARGE);
                }
                "--customers" => {
                    let customers = number("--customers", &value("--customers")?)?;
                    args.big_lists.get_or_insert(BigLists::LARGE).customers = customers;
                }
                "--audit-entries" => {
                    let entries = number("--audit-entries", &value("--audit-entries")?)?;
                    args.big_lists.get_or_insert(BigLists::LARGE).audit_entries = entries;
                }
                "--keep" => args.keep = true,
                "--reuse" => args.reuse = Some(value("--reuse")?),
                "--rows" => args.rows = number("--rows", &value("--rows")?)?,
                "--seconds" => {
                    args.measure = Duration::from_secs(number("--seconds", &value("--seconds")?)?)
                }
                "--warmup" => {
                    args.warmup = Duration::from_secs(number("--warmup", &value("--warmup")?)?)
                }
                "--connections" => {
                    let connections = number("--connections", &value("--connections")?)?;
                    args.connections = usize::try_from(connections)
                        .map_err(|error| BenchError::new("reading --connections", error))?;
                }
                "--database" => {
                    args.backends = match value("--database")?.as_str() {
                        "sqlite" => vec![Backend::Sqlite],
                        "postgres" => vec![Backend::Postgres],
                        "both" => vec![Backend::Sqlite, Backend::Postgres],
                        other => {
                            return Err(BenchError::msg(format!(
                                "--database must be sqlite, postgres or both, not {other:?}"
                            )));
                        }
                    }
                }
                "--postgres-url" => args.postgres_url = value("--postgres-url")?,
                "--server" => args.server = PathBuf::from(value("--server")?),
                "--only" => {
                    let groups: Result<Vec<Group>, _> =
                        value("--only")?.split(',').map(Group::parse).collect();
                    args.only = Some(groups?);
                }
                other => return Err(BenchError::msg(format!("unknown option {other:?}"))),
            }
        }
        if let Some(big) = args.big_lists
            && (big.customers < 1_000 || big.audit_entries < 1_000)
        {
            return Err(BenchError::msg(
                "--customers and --audit-entries must be at least 1000",
            ));
        }
        if args.rows < 1_000 || args.connections == 0 || args.measure.is_zero() {
            return Err(BenchError::msg(
                "--rows must be at least 1000, --connections and --seconds at least 1",
            ));
        }
        Ok(Some(args))
    }
}

fn number(name: &str, text: &str) -> Result<u64, BenchError> {
    text.replace('_', "")
        .parse()
        .map_err(|error| BenchError::new(format!("reading {name} {text:?}"), error))
}

/// `url` without its password, for messages.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            let user = credentials.split(':').next().unwrap_or_default();
            format!("{}{user}:***{}", &url[..scheme + 3], &url[at..])
        }
        _ => url.to_owned(),
    }
}
