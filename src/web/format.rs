//! How values read on a page: money in VND with Vietnamese grouping, processing times, the
//! catalog's tokens in words, dates in Vietnam time.

use chrono::{DateTime, NaiveDate, Utc};

use super::context::Ctx;
use super::i18n::args;
use crate::domain::procedure::{Channel, Fee, OnlineLevel, ProcessingTime, Tier};

/// `1234567` → `1.234.567`.
pub fn grouped(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// An amount of money: `50.000 ₫`.
pub fn vnd(amount: i64) -> String {
    format!("{} ₫", grouped(amount))
}

/// A number with at most one decimal, in Vietnamese (`0,5`) or English (`0.5`).
pub fn decimal(ctx: &Ctx, value: f64) -> String {
    let text = if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    };
    match ctx.lang {
        crate::i18n::Lang::Vi => text.replace('.', ","),
        crate::i18n::Lang::En => text,
    }
}

/// A processing time: `3 ngày làm việc`.
pub fn processing_time(ctx: &Ctx, time: &ProcessingTime) -> String {
    let amount = decimal(ctx, time.amount);
    match time.unit {
        Some(unit) => ctx.t_args(
            &format!("time-unit-{}", unit.as_str()),
            &args(&[("count", time.amount.into()), ("amount", amount.into())]),
        ),
        None => amount,
    }
}

/// One fee: free, an amount, or the source's words.
pub fn fee(ctx: &Ctx, fee: &Fee) -> String {
    if fee.free || fee.amount_vnd == Some(0) {
        ctx.t("fee-free")
    } else if let Some(amount) = fee.amount_vnd {
        vnd(amount)
    } else {
        fee.note.clone()
    }
}

/// The fees in one line: `Miễn phí`, `50.000 ₫`, or each one's words.
pub fn fees(ctx: &Ctx, fees: &[Fee], source: &str) -> String {
    if fees.is_empty() {
        return if source.trim().is_empty() {
            ctx.t("fee-unknown")
        } else {
            source.trim().to_owned()
        };
    }
    fees.iter()
        .map(|f| fee(ctx, f))
        .collect::<Vec<_>>()
        .join("; ")
}

/// A tier in words.
pub fn tier(ctx: &Ctx, tier: Tier) -> String {
    ctx.t(&format!("tier-{}", tier.as_str()))
}

/// A channel in words.
pub fn channel(ctx: &Ctx, channel: Channel) -> String {
    ctx.t(&format!("channel-{}", channel.as_str()))
}

/// The current online level (Decree 42/2022) in words.
pub fn online_level(ctx: &Ctx, level: Option<OnlineLevel>) -> String {
    match level {
        Some(level) => ctx.t(&format!("online-level-{}", level.as_str())),
        None => ctx.t("online-level-unknown"),
    }
}

/// The legacy online level (Decree 43/2011, 1–4) in words.
pub fn legacy_level(ctx: &Ctx, level: Option<i32>) -> String {
    match level {
        Some(n @ 1..=4) => ctx.t_args("legacy-level", &args(&[("level", n.into())])),
        _ => ctx.t("online-level-unknown"),
    }
}

/// A date: `02/12/2026`.
pub fn date(day: NaiveDate) -> String {
    day.format("%d/%m/%Y").to_string()
}

/// A moment in Vietnam time: `14:05 02/12/2026`.
pub fn vn_time(at: DateTime<Utc>) -> String {
    (at + chrono::Duration::hours(7))
        .format("%H:%M %d/%m/%Y")
        .to_string()
}

/// A share as a percentage with one decimal (`96,4 %`); a dash when there is no base.
pub fn percent(ctx: &Ctx, part: i64, whole: i64) -> String {
    if whole <= 0 {
        return "–".to_owned();
    }
    format!("{} %", decimal(ctx, 100.0 * part as f64 / whole as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_the_vietnamese_way() {
        assert_eq!(vnd(50_000), "50.000 ₫");
        assert_eq!(vnd(1_234_567), "1.234.567 ₫");
        assert_eq!(vnd(500), "500 ₫");
        assert_eq!(grouped(-1000), "-1.000");
    }

    #[test]
    fn every_token_has_its_words() {
        let vi = super::super::i18n::VI_SOURCE;
        let mut keys: Vec<String> = Vec::new();
        for t in [
            Tier::Ministry,
            Tier::Province,
            Tier::District,
            Tier::Commune,
            Tier::Other,
        ] {
            keys.push(format!("tier-{}", t.as_str()));
        }
        for c in [Channel::InPerson, Channel::Postal, Channel::Online] {
            keys.push(format!("channel-{}", c.as_str()));
        }
        for l in [OnlineLevel::Full, OnlineLevel::Partial, OnlineLevel::None] {
            keys.push(format!("online-level-{}", l.as_str()));
        }
        use crate::domain::procedure::TimeUnit;
        for u in [
            TimeUnit::WorkingDays,
            TimeUnit::CalendarDays,
            TimeUnit::WorkingHours,
            TimeUnit::Months,
        ] {
            keys.push(format!("time-unit-{}", u.as_str()));
        }
        for key in keys {
            assert!(vi.contains(&format!("\n{key} =")), "{key} is missing");
        }
    }
}
