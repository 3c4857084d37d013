//! The machine, the results table and the targets of the issue.

use std::time::Duration;

use crate::load::Phase;

/// One database's results.
pub struct Run {
    pub database: String,
    pub rows: u64,
    pub phases: Vec<Phase>,
}

impl Run {
    /// The server's peak resident set over every phase (KiB).
    fn peak_rss_kib(&self) -> u64 {
        self.phases
            .iter()
            .map(|phase| phase.peak_rss_kib)
            .max()
            .unwrap_or(0)
    }
}

/// A target of the issue, checked against every run.
pub struct Target {
    phase: &'static str,
    min_per_second: Option<f64>,
    max_p99: Duration,
    /// Only judged at this many seeded requests or more.
    min_rows: u64,
}

/// Peak RSS the server may reach.
const MAX_RSS_MIB: u64 = 150;

impl Target {
    pub const ALL: [Target; 4] = [
        Target {
            phase: "intake",
            min_per_second: Some(1_000.0),
            max_p99: Duration::from_millis(100),
            min_rows: 0,
        },
        Target {
            phase: "get-by-id",
            min_per_second: Some(12_000.0),
            max_p99: Duration::from_millis(10),
            min_rows: 0,
        },
        Target {
            phase: "filtered list",
            min_per_second: None,
            max_p99: Duration::from_millis(50),
            min_rows: 1_000_000,
        },
        // Issue 16: the monthly report answers in under a second.
        Target {
            phase: "monthly report",
            min_per_second: None,
            max_p99: Duration::from_millis(1_000),
            min_rows: 0,
        },
    ];
}

/// nproc, the CPU model and the memory, as `docs/benchmarks.md` records them.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name"))
        .map_or("unknown", |rest| rest.trim_start_matches([' ', '\t', ':']));
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_gib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<f64>()
                .ok()
        })
        .map_or(0.0, |kib| kib / 1024.0 / 1024.0);
    format!("machine: {cores} cores ({model}), {memory_gib:.1} GiB RAM")
}

/// The results as a Markdown table.
pub fn table(runs: &[Run]) -> String {
    let mut text = String::from(
        "| database | requests seeded | phase | requests/s | p50 ms | p99 ms | answered | errors | server peak RSS |\n\
         |---|--:|---|--:|--:|--:|--:|--:|--:|\n",
    );
    for run in runs {
        for phase in &run.phases {
            text.push_str(&format!(
                "| {} | {} | {} | {:.0} | {:.2} | {:.2} | {} | {} | {:.0} MiB |\n",
                run.database,
                run.rows,
                phase.name,
                phase.per_second,
                millis(phase.p50),
                millis(phase.p99),
                phase.requests,
                phase.errors,
                phase.peak_rss_kib as f64 / 1024.0,
            ));
        }
    }
    text
}

/// Which targets each run met.
pub fn verdicts(runs: &[Run], targets: &[Target]) -> String {
    let mut text = String::new();
    for run in runs {
        for target in targets {
            let Some(phase) = run.phases.iter().find(|phase| phase.name == target.phase) else {
                continue;
            };
            if run.rows < target.min_rows {
                text.push_str(&format!(
                    "{}: {} p99 ≤ {} ms is judged at {} requests seeded (run with --full)\n",
                    run.database,
                    target.phase,
                    target.max_p99.as_millis(),
                    target.min_rows
                ));
                continue;
            }
            let fast_enough = target
                .min_per_second
                .is_none_or(|minimum| phase.per_second >= minimum);
            let met = fast_enough && phase.p99 <= target.max_p99 && phase.errors == 0;
            let rate = target
                .min_per_second
                .map(|minimum| format!(" ≥ {minimum:.0}/s and"))
                .unwrap_or_default();
            text.push_str(&format!(
                "{}: {}{rate} p99 ≤ {} ms: {}\n",
                run.database,
                target.phase,
                target.max_p99.as_millis(),
                if met { "met" } else { "NOT met" }
            ));
        }
        let rss_mib = run.peak_rss_kib() / 1024;
        text.push_str(&format!(
            "{}: server peak RSS ≤ {MAX_RSS_MIB} MiB: {}\n",
            run.database,
            if rss_mib <= MAX_RSS_MIB {
                "met"
            } else {
                "NOT met"
            }
        ));
    }
    text
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1_000.0
}
