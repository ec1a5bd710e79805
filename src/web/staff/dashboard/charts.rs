//! Charts as SVG drawn on the server (no script): horizontal bars of a share per line, and
//! grouped bars of two counts per month. Each is `role="img"` with its title and description,
//! and the page puts its data table beside it for screen readers and print.
//!
//! The drawing is 360 units wide, so that on a phone (the SVG scales to the column) its
//! 12-unit text stays about 12 px high; on a wide screen the stylesheet caps its width.

use maud::{Markup, html};

/// Width of every chart, in SVG units.
const WIDTH: f64 = 360.0;

/// One bar: its label, its share (0–1, `None` when there is nothing to divide by) and the
/// text written after the label.
pub struct Bar {
    pub label: String,
    pub share: Option<f64>,
    pub value: String,
}

/// Horizontal bars, one per line, each label above its bar (long names stay readable on a
/// phone); a bar's length is its share of 100 %.
pub fn bars(id: &str, title: &str, desc: &str, items: &[Bar]) -> Markup {
    let row = 34.0;
    let height = (items.len().max(1) as f64) * row + 8.0;
    let track = WIDTH - 8.0;
    html! {
        svg.chart-svg id=(id) role="img" viewBox={ "0 0 " (WIDTH) " " (height) }
            aria-labelledby={ (id) "-title " (id) "-desc" } xmlns="http://www.w3.org/2000/svg" {
            title id={ (id) "-title" } { (title) }
            desc id={ (id) "-desc" } { (desc) }
            @for (i, bar) in items.iter().enumerate() {
                @let y = i as f64 * row + 4.0;
                text.chart-label x="4" y=(format!("{:.1}", y + 11.0)) {
                    (shorten(&bar.label, 36)) " — " tspan.chart-value { (bar.value) }
                }
                rect.chart-track x="4" y=(format!("{:.1}", y + 16.0)) width=(format!("{track:.1}")) height="10" {}
                @if let Some(share) = bar.share {
                    rect.chart-bar x="4" y=(format!("{:.1}", y + 16.0))
                        width=(format!("{:.1}", track * share.clamp(0.0, 1.0))) height="10" {}
                }
            }
        }
    }
}

/// One month's pair of counts.
pub struct Pair {
    pub label: String,
    pub first: u64,
    pub second: u64,
}

/// Grouped vertical bars: two counts per month, with a scale and a legend.
pub fn pairs(id: &str, title: &str, desc: &str, legend: (&str, &str), items: &[Pair]) -> Markup {
    let (top, bottom, left) = (28.0, 20.0, 34.0);
    let plot_h = 150.0;
    let height = top + plot_h + bottom;
    let max = items
        .iter()
        .map(|p| p.first.max(p.second))
        .max()
        .unwrap_or(0)
        .max(1);
    let step = nice_step(max);
    let scale_max = step * max.div_ceil(step);
    let slot = (WIDTH - left - 4.0) / (items.len().max(1) as f64);
    let bar_w = (slot * 0.36).min(14.0);
    let y_of = |v: u64| top + plot_h - plot_h * (v as f64) / (scale_max as f64);
    let ticks: Vec<u64> = (0..=scale_max / step).map(|i| i * step).collect();
    html! {
        svg.chart-svg id=(id) role="img" viewBox={ "0 0 " (WIDTH) " " (height) }
            aria-labelledby={ (id) "-title " (id) "-desc" } xmlns="http://www.w3.org/2000/svg" {
            title id={ (id) "-title" } { (title) }
            desc id={ (id) "-desc" } { (desc) }
            rect.chart-first x=(left) y="6" width="10" height="10" {}
            text.chart-label x=(left + 14.0) y="15" { (legend.0) }
            rect.chart-second x=(left + 150.0) y="6" width="10" height="10" {}
            text.chart-label x=(left + 164.0) y="15" { (legend.1) }
            @for tick in &ticks {
                @let y = format!("{:.1}", y_of(*tick));
                line.chart-grid x1=(left) x2=(WIDTH - 4.0) y1=(y) y2=(y) {}
                text.chart-axis x=(left - 4.0) y=(format!("{:.1}", y_of(*tick) + 4.0)) text-anchor="end" { (tick) }
            }
            @for (i, p) in items.iter().enumerate() {
                @let x = left + slot * i as f64 + slot / 2.0;
                rect.chart-first x=(format!("{:.1}", x - bar_w - 1.0)) y=(format!("{:.1}", y_of(p.first)))
                    width=(format!("{bar_w:.1}")) height=(format!("{:.1}", top + plot_h - y_of(p.first))) {}
                rect.chart-second x=(format!("{:.1}", x + 1.0)) y=(format!("{:.1}", y_of(p.second)))
                    width=(format!("{bar_w:.1}")) height=(format!("{:.1}", top + plot_h - y_of(p.second))) {}
                text.chart-axis x=(format!("{x:.1}")) y=(format!("{:.1}", top + plot_h + 14.0)) text-anchor="middle" { (p.label) }
            }
        }
    }
}

/// A step of 1, 2 or 5 times a power of ten giving at most five ticks up to `max`.
fn nice_step(max: u64) -> u64 {
    let mut power = 1u64;
    loop {
        for m in [1, 2, 5] {
            let step = m * power;
            if max.div_ceil(step) <= 5 {
                return step;
            }
        }
        power = power.saturating_mul(10);
    }
}

/// At most `n` characters: a longer label keeps its end, from a word on, after an ellipsis
/// (offices' names differ at their end: "…UBND xã An Bình"); the full name is in the table.
fn shorten(text: &str, n: usize) -> String {
    let count = text.chars().count();
    if count <= n {
        return text.to_owned();
    }
    let tail: String = text.chars().skip(count - (n - 1)).collect();
    let tail = match tail.find(' ') {
        Some(at) if at + 1 < tail.len() => &tail[at + 1..],
        _ => tail.as_str(),
    };
    format!("…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_has_at_most_five_round_steps() {
        assert_eq!(nice_step(1), 1);
        assert_eq!(nice_step(7), 2);
        assert_eq!(nice_step(23), 5);
        assert_eq!(nice_step(180), 50);
        assert_eq!(nice_step(1234), 500);
    }

    #[test]
    fn a_bar_is_as_long_as_its_share_and_labels_are_cut() {
        let svg = bars(
            "c",
            "T",
            "D",
            &[Bar {
                label: "a".repeat(50),
                share: Some(0.5),
                value: "50 %".into(),
            }],
        )
        .into_string();
        assert!(svg.contains(r#"role="img""#));
        assert!(svg.contains(r#"width="176.0""#), "{svg}");
        assert!(svg.contains('…'));
        assert_eq!(
            shorten("Bộ phận tiếp nhận và trả kết quả UBND xã An Bình", 18),
            "…UBND xã An Bình"
        );
    }
}
