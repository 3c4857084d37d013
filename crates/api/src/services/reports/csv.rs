//! The monthly report as CSV for Excel: UTF-8 with a byte-order mark (or
//! Excel reads the Chinese as mojibake), CRLF line ends (RFC 4180), one
//! table of five columns: section, item, detail, the month, the month
//! before. Sections are labelled in Chinese and English; items are the
//! JSON field names, so a column of the sheet and a field of the API
//! answer the same question.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Display;

use rapport_types::reports::{Breakdown, MonthFigures, MonthlyReport, Tally};
use uuid::Uuid;

/// The byte-order mark Excel looks for.
pub const BOM: &str = "\u{feff}";

/// The media type of the answer.
pub const CONTENT_TYPE: &str = "text/csv; charset=utf-8";

/// The file name to save `report` as.
pub fn file_name(report: &MonthlyReport) -> String {
    let mut name = format!("rapport-monthly-report-{}", report.month);
    if let Some(department) = report.department {
        name.push('-');
        name.push_str(department.code());
    }
    if let Some(technician) = &report.technician {
        name.push('-');
        name.push_str(&technician.id.to_string());
    }
    name.push_str(".csv");
    name
}

/// `report` as a CSV document, BOM first.
pub fn render(report: &MonthlyReport) -> String {
    let (now, before) = (&report.current, &report.previous);
    let mut sheet = Sheet::default();
    sheet.row(["section", "item", "detail", &now.month, &before.month]);

    let about = "报表 Report";
    sheet.row([about, "time_zone", "", &report.time_zone, &report.time_zone]);
    let department = report.department.map(|d| d.code()).unwrap_or_default();
    sheet.row([about, "department", "", department, department]);
    let technician = report
        .technician
        .as_ref()
        .map(|t| t.name.as_str())
        .unwrap_or_default();
    sheet.row([about, "technician", "", technician, technician]);
    let generated = report.generated_at.to_rfc3339();
    sheet.row([about, "generated_at", "", &generated, &generated]);

    for (section, pick) in [
        (
            "服务请求新建 Requests opened",
            (|f: &MonthFigures| &f.requests.opened) as fn(&MonthFigures) -> &Breakdown,
        ),
        ("服务请求解决 Requests resolved", |f| {
            &f.requests.resolved
        }),
        ("服务请求关闭 Requests closed", |f| &f.requests.closed),
    ] {
        breakdown(&mut sheet, section, pick(now), pick(before));
    }

    let sla = "SLA 达成 SLA outcomes";
    for (target, fared) in &now.sla {
        let earlier = before.sla.get(target).cloned().unwrap_or_default();
        for (item, a, b) in [
            ("met_in_time", fared.met_in_time, earlier.met_in_time),
            ("met_late", fared.met_late, earlier.met_late),
            ("breached", fared.breached, earlier.breached),
            ("running", fared.running, earlier.running),
        ] {
            sheet.figures(sla, item, target, a, b);
        }
        sheet.figures(
            sla,
            "compliance_percent",
            target,
            percent(fared.compliance),
            percent(earlier.compliance),
        );
    }

    let call = "回电 Call-backs";
    let (a, b) = (&now.call_back, &before.call_back);
    sheet.figures(call, "called_back", "", a.called_back, b.called_back);
    for (item, x, y) in [
        ("average_minutes", a.average_minutes, b.average_minutes),
        ("median_minutes", a.median_minutes, b.median_minutes),
    ] {
        sheet.figures(call, item, "", decimal(x), decimal(y));
    }

    let happy = "满意度 Satisfaction";
    let (a, b) = (&now.satisfaction, &before.satisfaction);
    sheet.figures(happy, "visits", "", a.visits, b.visits);
    sheet.figures(happy, "average", "", decimal(a.average), decimal(b.average));
    for (score, n) in &a.distribution {
        let m = b.distribution.get(score).copied().unwrap_or(0);
        sheet.figures(happy, "distribution", score, n, m);
    }
    sheet.figures(happy, "surveys", "", a.surveys, b.surveys);
    for (item, x, y) in [
        (
            "survey_resolution",
            a.survey_resolution,
            b.survey_resolution,
        ),
        ("survey_speed", a.survey_speed, b.survey_speed),
        ("survey_attitude", a.survey_attitude, b.survey_attitude),
    ] {
        sheet.figures(happy, item, "", decimal(x), decimal(y));
    }

    let complaints = "投诉 Complaints";
    let (a, b) = (&now.complaints, &before.complaints);
    for (item, x, y) in [
        ("opened", a.opened, b.opened),
        ("resolved", a.resolved, b.resolved),
        ("overdue", a.overdue, b.overdue),
    ] {
        sheet.figures(complaints, item, "", x, y);
    }

    let contracts = "维护合同 Contracts";
    let (a, b) = (&now.contracts, &before.contracts);
    for (item, x, y) in [
        ("signed", a.signed, b.signed),
        ("renewed", a.renewed, b.renewed),
        ("expiring", a.expiring, b.expiring),
        ("invoiced", a.invoiced, b.invoiced),
        ("paid", a.paid, b.paid),
    ] {
        tally(&mut sheet, contracts, item, x, y);
    }
    sheet.text
}

/// A breakdown's rows: total, each category and priority, each technician
/// counted in either month (by name; "未分配 unassigned" for none).
fn breakdown(sheet: &mut Sheet, section: &str, now: &Breakdown, before: &Breakdown) {
    sheet.figures(section, "total", "", now.total, before.total);
    for (item, a, b) in [
        ("by_category", &now.by_category, &before.by_category),
        ("by_priority", &now.by_priority, &before.by_priority),
    ] {
        let keys: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
        for key in keys {
            let x = a.get(key).copied().unwrap_or(0);
            let y = b.get(key).copied().unwrap_or(0);
            sheet.figures(section, item, key, x, y);
        }
    }
    // Each technician's name and counts, this month's first.
    let mut technicians: BTreeMap<Option<Uuid>, (String, [u64; 2])> = BTreeMap::new();
    for (month, counts) in [&now.by_technician, &before.by_technician]
        .into_iter()
        .enumerate()
    {
        for counted in counts {
            let entry = technicians.entry(counted.technician_id).or_insert_with(|| {
                (
                    label(counted.name.as_deref(), counted.technician_id),
                    [0; 2],
                )
            });
            entry.1[month] += counted.count;
        }
    }
    let mut ordered: Vec<_> = technicians.into_values().collect();
    ordered.sort_by(|a, b| b.1[0].cmp(&a.1[0]).then_with(|| a.0.cmp(&b.0)));
    for (name, [x, y]) in ordered {
        sheet.figures(section, "by_technician", &name, x, y);
    }
}

fn label(name: Option<&str>, id: Option<Uuid>) -> String {
    match (name, id) {
        (Some(name), _) => name.to_owned(),
        (None, Some(id)) => id.to_string(),
        (None, None) => "未分配 unassigned".to_owned(),
    }
}

fn tally(sheet: &mut Sheet, section: &str, item: &str, now: Tally, before: Tally) {
    sheet.figures(section, item, "count", now.count, before.count);
    sheet.figures(
        section,
        item,
        "fee_yuan",
        yuan(now.fee_cents),
        yuan(before.fee_cents),
    );
}

/// Fen as yuan with two decimals, exactly.
fn yuan(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.unsigned_abs();
    format!("{sign}{}.{:02}", cents / 100, cents % 100)
}

fn decimal(value: Option<f64>) -> String {
    value.map(|v| format!("{v:.2}")).unwrap_or_default()
}

fn percent(value: Option<f64>) -> String {
    value
        .map(|v| format!("{:.1}", v * 100.0))
        .unwrap_or_default()
}

/// The document being written.
struct Sheet {
    text: String,
}

impl Default for Sheet {
    fn default() -> Self {
        Sheet {
            text: BOM.to_owned(),
        }
    }
}

impl Sheet {
    fn row<const N: usize>(&mut self, fields: [&str; N]) {
        for (index, field) in fields.iter().enumerate() {
            if index > 0 {
                self.text.push(',');
            }
            if field.contains([',', '"', '\n', '\r']) {
                self.text.push('"');
                self.text.push_str(&field.replace('"', "\"\""));
                self.text.push('"');
            } else {
                self.text.push_str(field);
            }
        }
        self.text.push_str("\r\n");
    }

    /// A row of one figure of `section` in both months: the month asked
    /// for, then the month before.
    fn figures(
        &mut self,
        section: &str,
        item: &str,
        detail: &str,
        now: impl Display,
        before: impl Display,
    ) {
        self.row([section, item, detail, &now.to_string(), &before.to_string()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_quoted_only_when_they_must_be() {
        let mut sheet = Sheet::default();
        sheet.row(["a", "b,c", "say \"hi\"", "两行\n文字", ""]);
        assert_eq!(
            sheet.text,
            "\u{feff}a,\"b,c\",\"say \"\"hi\"\"\",\"两行\n文字\",\r\n"
        );
    }

    #[test]
    fn fen_read_as_yuan_exactly() {
        for (cents, shown) in [
            (0, "0.00"),
            (5, "0.05"),
            (123_456, "1234.56"),
            (-250, "-2.50"),
        ] {
            assert_eq!(yuan(cents), shown);
        }
    }
}
