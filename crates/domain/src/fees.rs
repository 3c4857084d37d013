//! Maintenance-contract fees (SPEC section 5, seed 003): money, package rates,
//! and the first-contract and renewal fee formulas.
//!
//! All money is whole fen and all rates are basis points; a fee is computed
//! exactly in 128-bit integers and rounded once, at the end, half away from
//! zero, to the fen, so the server and the browser always quote the same fee.

use crate::messages::Message;
use crate::msg;
use std::fmt;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The renewal uplift in percent: a renewed contract costs 10% more than the
/// package rate alone (seed 003: "增加每年10%的维护合同费用", "加收续签10%的维护费用").
pub const RENEWAL_UPLIFT_PERCENT: u32 = 10;

/// The highest package rate accepted, in basis points (1000% of the covered value).
pub const MAX_RATE_BP: u32 = 100_000;

/// The longest package code accepted, in characters.
pub const MAX_PACKAGE_CODE_LEN: usize = 32;

/// Basis points in one whole (100%).
const BP_PER_WHOLE: i128 = 10_000;

/// Percent in one whole (100%).
const PERCENT_PER_WHOLE: i128 = 100;

/// Why an amount, a rate, a package or a fee was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message().english())]
pub enum FeeError {
    /// An amount of money below zero.
    NegativeMoney(i64),
    /// A package rate beyond 1000%.
    RateOutOfRange(u32),
    /// A package code that is empty, too long or has characters other than A–Z, 0–9 and `_`.
    InvalidPackageCode(String),
    /// A covered value or fee too large to be represented.
    Overflow,
}

impl FeeError {
    /// What is wrong, in either language.
    pub fn message(&self) -> Message {
        match self {
            FeeError::NegativeMoney(cents) => msg!(
                "an amount of money cannot be negative (got {cents} fen)",
                cents = cents
            ),
            FeeError::RateOutOfRange(rate) => msg!(
                "a package rate must be between 0 and {max} basis points (0% to 1000%), got {rate}",
                max = MAX_RATE_BP,
                rate = rate
            ),
            FeeError::InvalidPackageCode(code) => msg!(
                "a package code must be 1 to {max} characters of A-Z, 0-9 and _, got “{code}”",
                max = MAX_PACKAGE_CODE_LEN,
                code = code
            ),
            FeeError::Overflow => msg!("the covered value or fee is too large to compute"),
        }
    }
}

/// An amount of money in CNY, held as whole fen (cents); never negative.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
#[serde(try_from = "i64", into = "i64")]
pub struct Money(i64);

impl Money {
    /// No money at all.
    pub const ZERO: Money = Money(0);

    /// An amount of `cents` fen; refuses a negative amount.
    pub fn from_cents(cents: i64) -> Result<Money, FeeError> {
        if cents < 0 {
            return Err(FeeError::NegativeMoney(cents));
        }
        Ok(Money(cents))
    }

    /// The amount in fen.
    pub fn cents(self) -> i64 {
        self.0
    }

    /// The sum of two amounts, e.g. a customer's purchases; refuses a sum too large to hold.
    pub fn checked_add(self, other: Money) -> Result<Money, FeeError> {
        self.0
            .checked_add(other.0)
            .map(Money)
            .ok_or(FeeError::Overflow)
    }

    /// The amount as shown to users: `¥1,234.56`, thousands separated, always two decimals.
    pub fn format_cny(&self) -> String {
        let yuan = (self.0 / 100).to_string();
        let fen = self.0 % 100;
        let mut grouped = String::with_capacity(yuan.len() + yuan.len() / 3);
        for (position, digit) in yuan.chars().enumerate() {
            if position > 0 && (yuan.len() - position).is_multiple_of(3) {
                grouped.push(',');
            }
            grouped.push(digit);
        }
        format!("¥{grouped}.{fen:02}")
    }
}

impl TryFrom<i64> for Money {
    type Error = FeeError;

    fn try_from(cents: i64) -> Result<Money, FeeError> {
        Money::from_cents(cents)
    }
}

impl From<Money> for i64 {
    fn from(money: Money) -> i64 {
        money.0
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_cny())
    }
}

/// A package's annual rate in basis points of the covered value (1200 = 12%), at most 1000%.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct RateBp(u32);

impl RateBp {
    /// A rate of `bp` basis points; refuses more than [`MAX_RATE_BP`].
    pub fn new(bp: u32) -> Result<RateBp, FeeError> {
        if bp > MAX_RATE_BP {
            return Err(FeeError::RateOutOfRange(bp));
        }
        Ok(RateBp(bp))
    }

    /// The rate in basis points.
    pub fn bp(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for RateBp {
    type Error = FeeError;

    fn try_from(bp: u32) -> Result<RateBp, FeeError> {
        RateBp::new(bp)
    }
}

impl From<RateBp> for u32 {
    fn from(rate: RateBp) -> u32 {
        rate.0
    }
}

/// A package's stable code such as `STANDARD`: 1–32 characters of A–Z, 0–9 and `_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PackageCode(String);

impl PackageCode {
    /// Reads a package code; refuses lower case, spaces and anything but A–Z, 0–9 and `_`.
    pub fn parse(code: &str) -> Result<PackageCode, FeeError> {
        let well_formed = (1..=MAX_PACKAGE_CODE_LEN).contains(&code.len())
            && code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !well_formed {
            return Err(FeeError::InvalidPackageCode(code.to_owned()));
        }
        Ok(PackageCode(code.to_owned()))
    }

    /// The code as stored and sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PackageCode {
    type Error = FeeError;

    fn try_from(code: String) -> Result<PackageCode, FeeError> {
        PackageCode::parse(&code)
    }
}

impl From<PackageCode> for String {
    fn from(code: PackageCode) -> String {
        code.0
    }
}

impl fmt::Display for PackageCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A maintenance package the customer can sign: its code, display name and annual rate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    /// Stable code, e.g. `STANDARD`.
    pub code: PackageCode,
    /// Name shown to users, e.g. 标准 (standard).
    pub name: String,
    /// Annual fee as basis points of the covered value.
    pub rate_bp: RateBp,
}

/// The packages a new organisation starts with (SPEC section 5); admins edit them.
///
/// BASIC 基础 (basic) 8%, STANDARD 标准 (standard) 12%, PREMIUM 高级 (premium) 18%.
pub fn default_packages() -> Vec<Package> {
    [
        ("BASIC", "基础", 800),
        ("STANDARD", "标准", 1200),
        ("PREMIUM", "高级", 1800),
    ]
    .into_iter()
    .map(|(code, name, bp)| Package {
        code: PackageCode(code.to_owned()),
        name: name.to_owned(),
        rate_bp: RateBp(bp),
    })
    .collect()
}

/// A quoted maintenance fee and the value it covers; on the wire as `*_cents` integers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fee {
    /// The purchases (and, on renewal, previous cover) the contract maintains.
    #[serde(rename = "covered_value_cents")]
    pub covered_value: Money,
    /// The annual fee for that cover.
    #[serde(rename = "fee_cents")]
    pub fee: Money,
}

/// The fee of a customer's first paid contract: its purchases of the last 12 months × the rate.
pub fn first_contract_fee(purchases: Money, rate: RateBp) -> Result<Fee, FeeError> {
    let fee = fee_for(purchases, rate, 1, 1)?;
    Ok(Fee {
        covered_value: purchases,
        fee,
    })
}

/// The fee of a renewal: (previous cover + purchases since) × the rate × 110% (seed 003).
pub fn renewal_fee(
    previous_covered: Money,
    new_purchases: Money,
    rate: RateBp,
) -> Result<Fee, FeeError> {
    let covered_value = previous_covered.checked_add(new_purchases)?;
    let uplifted_percent = PERCENT_PER_WHOLE + i128::from(RENEWAL_UPLIFT_PERCENT);
    let fee = fee_for(covered_value, rate, uplifted_percent, PERCENT_PER_WHOLE)?;
    Ok(Fee { covered_value, fee })
}

/// One of a customer's order lines, as the first paid contract's cover sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CandidateLine<Id> {
    /// The order line.
    pub id: Id,
    /// Its value (line total).
    pub value: Money,
    /// The date of its order.
    pub ordered_on: NaiveDate,
    /// The last day of its free year, when a free contract covers it and its warranty started.
    pub free_until: Option<NaiveDate>,
    /// Whether a paid contract (signed or later, not cancelled) already covers it.
    pub under_paid_contract: bool,
}

/// The lines a customer's first paid contract starting on `start` covers, and their value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstCover<Id> {
    /// The lines covered, each once, in the order given.
    pub lines: Vec<Id>,
    /// Their value.
    pub value: Money,
    /// The part of `value` bought in the 12 months before the start.
    pub bought: Money,
    /// The part of `value` leaving free maintenance (bought earlier).
    pub leaving_free: Money,
}

/// The 12 months of purchases before a first contract starting on `start`:
/// from the same day a year earlier to the day before the start, both included.
pub fn purchase_window(start: NaiveDate) -> (NaiveDate, NaiveDate) {
    (
        start
            .checked_sub_months(Months::new(12))
            .unwrap_or(NaiveDate::MIN),
        start.pred_opt().unwrap_or(start),
    )
}

/// What a first paid contract starting on `start` covers (SPEC section 5):
/// the lines bought in the 12 months before the start (the start day not
/// counted), plus the lines whose free year ends on or before the start
/// (the products leaving free maintenance), each line once, none already
/// under a paid contract.
pub fn first_contract_cover<Id: Copy + Eq + std::hash::Hash>(
    start: NaiveDate,
    lines: &[CandidateLine<Id>],
) -> Result<FirstCover<Id>, FeeError> {
    let (from, to) = purchase_window(start);
    let mut seen = std::collections::HashSet::new();
    let mut cover = FirstCover {
        lines: Vec::new(),
        value: Money::ZERO,
        bought: Money::ZERO,
        leaving_free: Money::ZERO,
    };
    for line in lines {
        if line.under_paid_contract || !seen.insert(line.id) {
            continue;
        }
        let bought = from <= line.ordered_on && line.ordered_on <= to;
        let leaving_free = line.free_until.is_some_and(|end| end <= start);
        if bought {
            cover.bought = cover.bought.checked_add(line.value)?;
        } else if leaving_free {
            cover.leaving_free = cover.leaving_free.checked_add(line.value)?;
        } else {
            continue;
        }
        cover.value = cover.value.checked_add(line.value)?;
        cover.lines.push(line.id);
    }
    Ok(cover)
}

/// covered × rate × (factor_num / factor_den), rounded once to the fen.
fn fee_for(
    covered: Money,
    rate: RateBp,
    factor_num: i128,
    factor_den: i128,
) -> Result<Money, FeeError> {
    // i64::MAX × 100_000 × 110 is about 1e26, far inside i128, so the product is exact.
    let numerator = i128::from(covered.cents()) * i128::from(rate.bp()) * factor_num;
    let denominator = BP_PER_WHOLE * factor_den;
    let fen = round_half_away_from_zero(numerator, denominator);
    let fen = i64::try_from(fen).map_err(|_| FeeError::Overflow)?;
    Money::from_cents(fen)
}

/// numerator / denominator rounded to the nearest integer, halves away from zero.
/// The denominator is always a positive constant of this module.
fn round_half_away_from_zero(numerator: i128, denominator: i128) -> i128 {
    let quotient = numerator / denominator;
    let remainder = numerator % denominator;
    if 2 * remainder.abs() >= denominator {
        quotient + numerator.signum()
    } else {
        quotient
    }
}

#[cfg(test)]
mod tests;
