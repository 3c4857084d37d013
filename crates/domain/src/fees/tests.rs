//! Table tests and properties of the maintenance fee rules.

use super::*;
use proptest::prelude::*;

fn money(cents: i64) -> Money {
    Money::from_cents(cents).unwrap()
}

fn rate(bp: u32) -> RateBp {
    RateBp::new(bp).unwrap()
}

fn package_rate(code: &str) -> RateBp {
    default_packages()
        .into_iter()
        .find(|p| p.code.as_str() == code)
        .unwrap()
        .rate_bp
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn line(id: u32, ordered_on: &str, free_until: Option<&str>) -> CandidateLine<u32> {
    CandidateLine {
        id,
        value: money(i64::from(id) * 100),
        ordered_on: day(ordered_on),
        free_until: free_until.map(day),
        under_paid_contract: false,
    }
}

#[test]
fn a_first_contract_covers_last_years_purchases_and_the_lines_leaving_free_cover() {
    // (start, line, counted as bought, counted as leaving free)
    let cases = [
        // The 12 months before the start; the start day itself is not counted.
        ("2026-10-15", line(1, "2025-10-15", None), true, false),
        ("2026-10-15", line(1, "2025-10-14", None), false, false),
        ("2026-10-15", line(1, "2026-10-14", None), true, false),
        ("2026-10-15", line(1, "2026-10-15", None), false, false),
        // The free year ending the day before the start, on it, the day after.
        (
            "2026-10-15",
            line(1, "2025-09-01", Some("2026-10-14")),
            false,
            true,
        ),
        (
            "2026-10-15",
            line(1, "2025-09-01", Some("2026-10-15")),
            false,
            true,
        ),
        (
            "2026-10-15",
            line(1, "2025-09-01", Some("2026-10-16")),
            false,
            false,
        ),
        // Bought in the window and leaving free cover: counted once, as bought.
        (
            "2026-10-15",
            line(1, "2025-11-01", Some("2026-10-14")),
            true,
            false,
        ),
        // Warranty not started: no free year ends, only the purchase date counts.
        ("2026-10-15", line(1, "2025-09-01", None), false, false),
        // Around the year end.
        ("2026-01-01", line(1, "2025-12-31", None), true, false),
        ("2026-01-01", line(1, "2025-01-01", None), true, false),
        ("2026-01-01", line(1, "2024-12-31", None), false, false),
        (
            "2026-01-01",
            line(1, "2024-12-20", Some("2025-12-31")),
            false,
            true,
        ),
        (
            "2026-01-01",
            line(1, "2024-12-20", Some("2026-01-01")),
            false,
            true,
        ),
        (
            "2026-01-01",
            line(1, "2024-12-20", Some("2026-01-02")),
            false,
            false,
        ),
        // A start on Feb 29 looks back to Feb 28.
        ("2028-02-29", line(1, "2027-02-28", None), true, false),
        ("2028-02-29", line(1, "2027-02-27", None), false, false),
    ];
    for (start, candidate, bought, leaving) in cases {
        let cover = first_contract_cover(day(start), &[candidate]).unwrap();
        let value = candidate.value;
        let expected = FirstCover {
            lines: if bought || leaving { vec![1] } else { vec![] },
            value: if bought || leaving {
                value
            } else {
                Money::ZERO
            },
            bought: if bought { value } else { Money::ZERO },
            leaving_free: if leaving { value } else { Money::ZERO },
        };
        assert_eq!(cover, expected, "{start} {candidate:?}");
    }
}

#[test]
fn a_first_contract_counts_each_line_once_and_none_under_a_paid_contract() {
    let paid = CandidateLine {
        under_paid_contract: true,
        ..line(3, "2026-05-01", None)
    };
    let lines = [
        line(1, "2026-05-01", None),
        line(1, "2026-05-01", None),
        line(2, "2025-06-01", Some("2026-06-30")),
        paid,
        line(4, "2025-06-01", Some("2026-07-31")),
    ];
    let cover = first_contract_cover(day("2026-07-01"), &lines).unwrap();
    assert_eq!(cover.lines, vec![1, 2]);
    assert_eq!(cover.bought, money(100));
    assert_eq!(cover.leaving_free, money(200));
    assert_eq!(cover.value, money(300));
}

#[test]
fn a_first_contract_the_day_after_the_free_year_is_never_quoted_zero() {
    // Bought October 2025, free until 2026-10-19; the contract starts on 2026-10-20.
    let lines = [CandidateLine {
        id: 1,
        value: money(12_000_000),
        ordered_on: day("2025-10-10"),
        free_until: Some(day("2026-10-19")),
        under_paid_contract: false,
    }];
    let cover = first_contract_cover(day("2026-10-20"), &lines).unwrap();
    let fee = first_contract_fee(cover.value, package_rate("STANDARD")).unwrap();
    assert_eq!(fee.fee, money(1_440_000));
}

#[test]
fn example_g_first_contract_standard_package() {
    let fee = first_contract_fee(money(12_000_000), package_rate("STANDARD")).unwrap();
    assert_eq!(fee.covered_value, money(12_000_000));
    assert_eq!(fee.fee, money(1_440_000));
}

#[test]
fn example_h_renewal_basic_with_new_purchases() {
    let fee = renewal_fee(money(20_000_000), money(3_500_000), package_rate("BASIC")).unwrap();
    assert_eq!(fee.covered_value, money(23_500_000));
    assert_eq!(fee.fee, money(2_068_000));
}

#[test]
fn example_i_renewal_rounds_half_up_to_the_fen() {
    // 123457 × 12% × 110% = 16296.324 fen.
    let fee = renewal_fee(money(123_457), Money::ZERO, package_rate("STANDARD")).unwrap();
    assert_eq!(fee.covered_value, money(123_457));
    assert_eq!(fee.fee, money(16_296));
}

#[test]
fn example_j_first_contract_rounds_half_away_from_zero() {
    // 4545 × 10% = 454.5 fen.
    let fee = first_contract_fee(money(4_545), rate(1000)).unwrap();
    assert_eq!(fee.fee, money(455));
}

#[test]
fn first_contract_fees_round_once_at_the_edges() {
    // (purchases fen, rate bp, expected fee fen)
    let cases: [(i64, u32, i64); 10] = [
        (0, 1800, 0),
        (1, 5000, 1),   // 0.5 rounds up
        (1, 4999, 0),   // 0.4999 rounds down
        (3, 5000, 2),   // 1.5 rounds up
        (5, 1000, 1),   // 0.5 rounds up
        (14, 1000, 1),  // 1.4 rounds down
        (15, 1000, 2),  // 1.5 rounds up
        (10_001, 1, 1), // 1.0001 rounds down
        (99_999, 10_000, 99_999),
        (7, 100_000, 70), // 1000% of 7 fen
    ];
    for (purchases, bp, expected) in cases {
        let fee = first_contract_fee(money(purchases), rate(bp)).unwrap();
        assert_eq!(fee.fee, money(expected), "{purchases} fen at {bp} bp");
    }
}

#[test]
fn renewal_fees_round_once_not_twice() {
    // (covered fen, rate bp, expected fee fen)
    // Rounding the base fee first and then adding the uplift would give the
    // "twice" column; the rule is one rounding at the end.
    // (covered fen, rate bp, expected fee fen, rounded twice)
    let cases: [(i64, u32, i64, i64); 6] = [
        (0, 1200, 0, 0),
        (450, 100, 5, 6),        // 4.5 × 1.1 = 4.95, not 5 × 1.1 = 5.5
        (4_546, 1000, 500, 501), // 454.6 × 1.1 = 500.06, not 455 × 1.1 = 500.5
        (50, 100, 1, 1),         // 0.5 × 1.1 = 0.55
        (45, 100, 0, 0),         // 0.45 × 1.1 = 0.495
        (100, 10_000, 110, 110),
    ];
    for (covered, bp, expected, twice) in cases {
        let fee = renewal_fee(money(covered), Money::ZERO, rate(bp)).unwrap();
        assert_eq!(fee.fee, money(expected), "{covered} fen at {bp} bp");
        let base = first_contract_fee(money(covered), rate(bp))
            .unwrap()
            .fee
            .cents();
        let rounded_twice = round_half_away_from_zero(i128::from(base) * 110, 100);
        assert_eq!(rounded_twice, i128::from(twice), "{covered} fen at {bp} bp");
    }
}

#[test]
fn fees_too_large_to_hold_are_refused_not_wrapped() {
    let max = money(i64::MAX);
    let cases: [(&str, Result<Fee, FeeError>); 4] = [
        (
            "first contract on the largest purchases at just over 100%",
            first_contract_fee(max, rate(10_001)),
        ),
        (
            "first contract on the largest purchases at 1000%",
            first_contract_fee(max, rate(MAX_RATE_BP)),
        ),
        (
            "renewal whose covered value overflows",
            renewal_fee(max, money(1), rate(0)),
        ),
        (
            "renewal of the largest cover at 100% plus the uplift",
            renewal_fee(max, Money::ZERO, rate(10_000)),
        ),
    ];
    for (name, result) in cases {
        assert_eq!(result, Err(FeeError::Overflow), "{name}");
    }
}

#[test]
fn fees_just_inside_the_largest_amount_are_exact() {
    let max = money(i64::MAX);
    assert_eq!(first_contract_fee(max, rate(10_000)).unwrap().fee, max);
    // 9223372036854775807 × 12% = 1106804644422573096.84
    assert_eq!(
        first_contract_fee(max, rate(1200)).unwrap().fee,
        money(1_106_804_644_422_573_097)
    );
}

#[test]
fn negative_amounts_and_out_of_range_rates_are_refused() {
    for cents in [-1, -100, i64::MIN] {
        assert_eq!(
            Money::from_cents(cents),
            Err(FeeError::NegativeMoney(cents))
        );
    }
    for bp in [MAX_RATE_BP + 1, u32::MAX] {
        assert_eq!(RateBp::new(bp), Err(FeeError::RateOutOfRange(bp)));
    }
    assert!(Money::from_cents(0).is_ok());
    assert!(RateBp::new(0).is_ok());
    assert!(RateBp::new(MAX_RATE_BP).is_ok());
}

#[test]
fn money_and_rates_deserialize_only_when_valid() {
    assert_eq!(serde_json::from_str::<Money>("123").unwrap(), money(123));
    assert!(serde_json::from_str::<Money>("-1").is_err());
    assert!(serde_json::from_str::<Money>("1.5").is_err());
    assert_eq!(serde_json::to_string(&money(123)).unwrap(), "123");
    assert_eq!(serde_json::from_str::<RateBp>("1200").unwrap(), rate(1200));
    assert!(serde_json::from_str::<RateBp>("100001").is_err());
    assert!(serde_json::from_str::<RateBp>("-5").is_err());
}

#[test]
fn fees_cross_the_wire_as_cents_fields() {
    let fee = Fee {
        covered_value: money(12_000_000),
        fee: money(1_440_000),
    };
    let json = serde_json::to_string(&fee).unwrap();
    assert_eq!(
        json,
        r#"{"covered_value_cents":12000000,"fee_cents":1440000}"#
    );
    assert_eq!(serde_json::from_str::<Fee>(&json).unwrap(), fee);
}

#[test]
fn money_is_shown_as_yuan_with_thousands_separators() {
    let cases: [(i64, &str); 9] = [
        (0, "¥0.00"),
        (5, "¥0.05"),
        (100, "¥1.00"),
        (99_999, "¥999.99"),
        (100_000, "¥1,000.00"),
        (123_456, "¥1,234.56"),
        (100_000_000, "¥1,000,000.00"),
        (12_345_678_901, "¥123,456,789.01"),
        (i64::MAX, "¥92,233,720,368,547,758.07"),
    ];
    for (cents, shown) in cases {
        assert_eq!(money(cents).format_cny(), shown, "{cents} fen");
        assert_eq!(money(cents).to_string(), shown, "{cents} fen");
    }
}

#[test]
fn package_codes_are_upper_case_letters_digits_and_underscores() {
    let cases: [(&str, bool); 10] = [
        ("BASIC", true),
        ("PREMIUM_7X24", true),
        ("A", true),
        ("_", true),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", true),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456", false),
        ("", false),
        ("basic", false),
        ("BASIC PLUS", false),
        ("高级", false),
    ];
    for (code, valid) in cases {
        assert_eq!(PackageCode::parse(code).is_ok(), valid, "{code:?}");
    }
    assert!(serde_json::from_str::<PackageCode>(r#""basic""#).is_err());
    assert_eq!(
        serde_json::to_string(&PackageCode::parse("BASIC").unwrap()).unwrap(),
        r#""BASIC""#
    );
}

#[test]
fn default_packages_are_basic_standard_and_premium() {
    let packages: Vec<(String, String, u32)> = default_packages()
        .into_iter()
        .map(|p| (p.code.to_string(), p.name, p.rate_bp.bp()))
        .collect();
    let expected = [
        ("BASIC", "基础", 800),
        ("STANDARD", "标准", 1200),
        ("PREMIUM", "高级", 1800),
    ]
    .map(|(c, n, r)| (c.to_owned(), n.to_owned(), r));
    assert_eq!(packages, expected);
    // The defaults must pass their own validation.
    for package in default_packages() {
        assert_eq!(PackageCode::parse(package.code.as_str()), Ok(package.code));
        assert_eq!(RateBp::new(package.rate_bp.bp()), Ok(package.rate_bp));
    }
}

#[test]
fn a_package_with_an_unknown_field_is_refused() {
    let json = r#"{"code":"BASIC","name":"基础","rate_bp":800,"discount":5}"#;
    assert!(serde_json::from_str::<Package>(json).is_err());
    let json = r#"{"code":"BASIC","name":"基础","rate_bp":800}"#;
    assert_eq!(
        serde_json::from_str::<Package>(json).unwrap(),
        default_packages().into_iter().next().unwrap()
    );
}

proptest! {
    #[test]
    fn a_first_cover_counts_each_line_once_and_adds_up(
        raw in proptest::collection::vec(
            (
                0_i64..1_000_000,
                -800_i64..30,
                proptest::option::of(0_i64..800),
                any::<bool>(),
            ),
            0..30,
        ),
    ) {
        let start = day("2026-07-01");
        let once: Vec<CandidateLine<usize>> = raw
            .iter()
            .enumerate()
            .map(|(id, &(cents, ordered, year, paid))| {
                let ordered_on = start + chrono::TimeDelta::days(ordered);
                CandidateLine {
                    id,
                    value: money(cents),
                    ordered_on,
                    free_until: year.map(|days| ordered_on + chrono::TimeDelta::days(days)),
                    under_paid_contract: paid,
                }
            })
            .collect();
        // Every line offered twice.
        let lines: Vec<CandidateLine<usize>> = once.iter().chain(once.iter()).copied().collect();
        let cover = first_contract_cover(start, &lines).unwrap();
        prop_assert_eq!(&cover, &first_contract_cover(start, &once).unwrap());
        let mut unique = cover.lines.clone();
        unique.sort_unstable();
        unique.dedup();
        prop_assert_eq!(unique.len(), cover.lines.len());
        prop_assert_eq!(
            cover.value.cents(),
            cover.bought.cents() + cover.leaving_free.cents()
        );
        for id in &cover.lines {
            let line = once[*id];
            prop_assert!(!line.under_paid_contract);
            prop_assert!(line.ordered_on <= start);
        }
    }

    #[test]
    fn fees_never_fall_when_the_covered_value_grows(
        a in 0_i64..1_000_000_000_000_000,
        b in 0_i64..1_000_000_000_000_000,
        bp in 0_u32..=MAX_RATE_BP,
    ) {
        let (low, high) = (money(a.min(b)), money(a.max(b)));
        let r = rate(bp);
        let first = |covered| first_contract_fee(covered, r).unwrap().fee;
        let renewal = |covered| renewal_fee(covered, Money::ZERO, r).unwrap().fee;
        prop_assert!(first(low) <= first(high));
        prop_assert!(renewal(low) <= renewal(high));
    }

    #[test]
    fn a_renewal_costs_the_first_fee_plus_ten_percent_within_one_fen(
        previous in 0_i64..1_000_000_000_000_000,
        new in 0_i64..1_000_000_000_000_000,
        bp in 0_u32..=MAX_RATE_BP,
    ) {
        let r = rate(bp);
        let renewal = renewal_fee(money(previous), money(new), r).unwrap();
        let first = first_contract_fee(renewal.covered_value, r).unwrap();
        let uplifted = round_half_away_from_zero(i128::from(first.fee.cents()) * 110, 100);
        prop_assert!((i128::from(renewal.fee.cents()) - uplifted).abs() <= 1);
    }
}
