//! Stacked bar charts as plain SVG geometry (no JavaScript): the template draws
//! the rectangles, each a link to the tickets it counts, and prints as is.

/// A chart ready to draw: bars, axis labels and the legend.
pub struct Chart {
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub bars: Vec<Bar>,
    pub labels: Vec<Label>,
    pub ticks: Vec<Label>,
    pub legend: Vec<(&'static str, String)>,
}

/// One segment of a column.
pub struct Bar {
    pub x: u32,
    pub y: u32,
    pub w: u32,
    pub h: u32,
    pub color: &'static str,
    /// Where clicking leads; empty for none.
    pub href: String,
    /// The tooltip (and the printed page's accessible name).
    pub title: String,
}

pub struct Label {
    pub x: u32,
    pub y: u32,
    pub text: String,
}

/// One column: its label and its segments bottom up (series index, value, link).
pub struct Column {
    pub label: String,
    pub segments: Vec<(usize, i64, String)>,
}

/// Colours distinguishable in print and for common colour blindness (Okabe–Ito).
pub const PALETTE: [&str; 9] = [
    "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000",
    "#999999",
];

const PLOT_H: u32 = 200;
const TOP: u32 = 10;
const LEFT: u32 = 48;
const BOTTOM: u32 = 40;

/// Lays out stacked columns; `series` names the segments in `PALETTE` order.
pub fn stacked(title: String, series: Vec<String>, columns: Vec<Column>) -> Chart {
    let max = columns
        .iter()
        .map(|c| c.segments.iter().map(|s| s.1).sum::<i64>())
        .max()
        .unwrap_or(0)
        .max(1);
    let n = u32::try_from(columns.len()).unwrap_or(1).max(1);
    let step = (640 / n).clamp(14, 60);
    let bar_w = step * 3 / 4;
    let width = LEFT + step * n + 10;
    let scale = |v: i64| -> u32 {
        let h = (v as f64 / max as f64 * f64::from(PLOT_H)).round();
        h as u32
    };
    let mut bars = Vec::new();
    let mut labels = Vec::new();
    // A label on every column while they fit, else every few.
    let every = (columns.len() / 16).max(1);
    for (i, col) in columns.into_iter().enumerate() {
        let x = LEFT + step * u32::try_from(i).unwrap_or(0);
        let mut base = TOP + PLOT_H;
        for (series_idx, value, href) in col.segments {
            if value <= 0 {
                continue;
            }
            let h = scale(value).max(1);
            base = base.saturating_sub(h);
            bars.push(Bar {
                x,
                y: base,
                w: bar_w,
                h,
                color: PALETTE[series_idx.min(PALETTE.len() - 1)],
                href,
                title: format!(
                    "{} · {}: {value}",
                    col.label,
                    series.get(series_idx).cloned().unwrap_or_default()
                ),
            });
        }
        if i % every == 0 {
            labels.push(Label {
                x: x + bar_w / 2,
                y: TOP + PLOT_H + 14,
                text: col.label,
            });
        }
    }
    let ticks = [0, max / 2, max]
        .into_iter()
        .map(|v| Label {
            x: LEFT - 4,
            y: TOP + PLOT_H - scale(v) + 4,
            text: v.to_string(),
        })
        .collect();
    Chart {
        title,
        width,
        height: TOP + PLOT_H + BOTTOM,
        bars,
        labels,
        ticks,
        legend: series
            .into_iter()
            .enumerate()
            .map(|(i, s)| (PALETTE[i.min(PALETTE.len() - 1)], s))
            .collect(),
    }
}
