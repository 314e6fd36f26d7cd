//! Server-side SVG charts of the forecast page (no JavaScript; they print):
//! calls per day — actual, the back-test's forecast over the held-out weeks and
//! the forecast ahead, each with its interval — and operators per hour.
//! Drawing only: the numbers come from `app::forecast` and `app::staffing`.

use std::fmt::Write;

use domain::forecast::DayForecast;
use domain::staffing::HourStaffing;
use jiff::civil::{Date, Weekday};

use crate::web::i18n::Tr;
use crate::web::i18n::forecast::ForecastMsg;

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 320.0;
const LEFT: f64 = 48.0;
const RIGHT: f64 = 12.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 36.0;

/// What the daily chart shows.
pub struct DailySeries<'a> {
    pub actual: &'a [(Date, u32)],
    pub backtest: &'a [DayForecast],
    pub ahead: &'a [DayForecast],
    pub billing_runs: &'a [Date],
    pub today: Date,
}

/// Maps dates and counts to the plot area.
struct Frame {
    first: Date,
    days: f64,
    top: f64,
}

impl Frame {
    fn x(&self, date: Date) -> f64 {
        let offset = f64::from((date - self.first).get_days());
        LEFT + offset / self.days.max(1.0) * (WIDTH - LEFT - RIGHT)
    }

    fn y(&self, calls: f64) -> f64 {
        HEIGHT - BOTTOM - calls / self.top * (HEIGHT - TOP - BOTTOM)
    }
}

/// Calls per day: actual (black), the back-test (orange, dashed) and the
/// forecast ahead (blue), intervals as shaded bands, billing runs marked.
pub fn daily(t: Tr, series: &DailySeries<'_>) -> String {
    let dates = series
        .actual
        .iter()
        .map(|(d, _)| *d)
        .chain(series.ahead.iter().map(|d| d.date));
    let (Some(first), Some(last)) = (dates.clone().min(), dates.max()) else {
        return String::new();
    };
    let peak = series
        .actual
        .iter()
        .map(|(_, c)| f64::from(*c))
        .chain(series.ahead.iter().map(|d| d.upper))
        .chain(series.backtest.iter().map(|d| d.upper))
        .fold(1.0, f64::max);
    let frame = Frame {
        first,
        days: f64::from((last - first).get_days()),
        top: nice_top(peak),
    };
    let mut svg = open(t.forecast(ForecastMsg::ChartDaily));
    y_axis(&mut svg, &frame);
    x_axis(&mut svg, &frame, first, last);
    band(&mut svg, &frame, series.backtest, "#f6d7b0");
    band(&mut svg, &frame, series.ahead, "#c9dcf2");
    for run in series
        .billing_runs
        .iter()
        .filter(|d| **d >= first && **d <= last)
    {
        let x = frame.x(*run);
        let _ = write!(
            svg,
            r##"<line x1="{x:.1}" y1="{TOP}" x2="{x:.1}" y2="{:.1}" stroke="#7a3e9d" stroke-dasharray="2 3"/><text x="{:.1}" y="{:.1}" font-size="11" fill="#7a3e9d">{}</text>"##,
            HEIGHT - BOTTOM,
            x + 3.0,
            TOP + 10.0,
            escape(t.forecast(ForecastMsg::BillingRun)),
        );
    }
    let today = frame.x(series.today);
    let _ = write!(
        svg,
        r##"<line x1="{today:.1}" y1="{TOP}" x2="{today:.1}" y2="{:.1}" stroke="#888"/>"##,
        HEIGHT - BOTTOM
    );
    let actual: Vec<(f64, f64)> = series
        .actual
        .iter()
        .map(|(d, c)| (frame.x(*d), frame.y(f64::from(*c))))
        .collect();
    line(&mut svg, &actual, "#222", "");
    let points = |days: &[DayForecast]| -> Vec<(f64, f64)> {
        days.iter()
            .map(|d| (frame.x(d.date), frame.y(d.expected)))
            .collect()
    };
    line(
        &mut svg,
        &points(series.backtest),
        "#d9822b",
        r#" stroke-dasharray="6 4""#,
    );
    line(&mut svg, &points(series.ahead), "#1f5fa8", "");
    legend(
        &mut svg,
        &[
            ("#222", t.forecast(ForecastMsg::Actual)),
            ("#d9822b", t.forecast(ForecastMsg::Backtest)),
            ("#1f5fa8", t.forecast(ForecastMsg::Ahead)),
            ("#c9dcf2", t.forecast(ForecastMsg::Interval)),
        ],
    );
    svg.push_str("</svg>");
    svg
}

/// Operators needed per hour as bars, the expected calls written above them.
pub fn staffing(t: Tr, hours: &[HourStaffing]) -> String {
    let peak = hours
        .iter()
        .map(|h| f64::from(h.agents))
        .fold(1.0, f64::max);
    let top = nice_top(peak);
    let mut svg = open(t.forecast(ForecastMsg::ChartStaffing));
    let plot_width = WIDTH - LEFT - RIGHT;
    let slot = plot_width / 24.0;
    let y = |v: f64| HEIGHT - BOTTOM - v / top * (HEIGHT - TOP - BOTTOM);
    for tick in ticks(top) {
        let yy = y(tick);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{yy:.1}" x2="{:.1}" y2="{yy:.1}" stroke="#e3e3e3"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{tick}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            yy + 4.0
        );
    }
    for h in hours {
        let x = LEFT + f64::from(h.hour) * slot;
        let top_y = y(f64::from(h.agents));
        let _ = write!(
            svg,
            r##"<rect x="{:.1}" y="{top_y:.1}" width="{:.1}" height="{:.1}" fill="#1f5fa8"><title>{:02}:00 — {} ({:.1})</title></rect>"##,
            x + 2.0,
            slot - 4.0,
            HEIGHT - BOTTOM - top_y,
            h.hour,
            h.agents,
            h.calls
        );
        if h.agents > 0 {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{}</text>"#,
                x + slot / 2.0,
                top_y - 3.0,
                h.agents
            );
        }
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle">{:02}</text>"#,
            x + slot / 2.0,
            HEIGHT - BOTTOM + 16.0,
            h.hour
        );
    }
    svg.push_str("</svg>");
    svg
}

fn open(title: &str) -> String {
    format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{0}" style="width:100%;height:auto;font-family:sans-serif"><title>{0}</title>"#,
        escape(title)
    )
}

fn y_axis(svg: &mut String, frame: &Frame) {
    for tick in ticks(frame.top) {
        let y = frame.y(tick);
        let _ = write!(
            svg,
            r##"<line x1="{LEFT}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" stroke="#e3e3e3"/><text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{tick}</text>"##,
            WIDTH - RIGHT,
            LEFT - 6.0,
            y + 4.0
        );
    }
}

/// A label under every Monday: `dd.mm`.
fn x_axis(svg: &mut String, frame: &Frame, first: Date, last: Date) {
    let mut date = first;
    while date <= last {
        if date.weekday() == Weekday::Monday {
            let x = frame.x(date);
            let _ = write!(
                svg,
                r##"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{:.1}" stroke="#999"/><text x="{x:.1}" y="{:.1}" font-size="11" text-anchor="middle">{:02}.{:02}</text>"##,
                HEIGHT - BOTTOM,
                HEIGHT - BOTTOM + 4.0,
                HEIGHT - BOTTOM + 16.0,
                date.day(),
                date.month()
            );
        }
        date = match date.tomorrow() {
            Ok(next) => next,
            Err(_) => break,
        };
    }
}

fn band(svg: &mut String, frame: &Frame, days: &[DayForecast], color: &str) {
    if days.is_empty() {
        return;
    }
    let mut points = String::new();
    for d in days {
        let _ = write!(points, "{:.1},{:.1} ", frame.x(d.date), frame.y(d.upper));
    }
    for d in days.iter().rev() {
        let _ = write!(points, "{:.1},{:.1} ", frame.x(d.date), frame.y(d.lower));
    }
    let _ = write!(
        svg,
        r#"<polygon points="{}" fill="{color}" fill-opacity="0.7"/>"#,
        points.trim_end()
    );
}

fn line(svg: &mut String, points: &[(f64, f64)], color: &str, extra: &str) {
    if points.is_empty() {
        return;
    }
    let text: Vec<String> = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect();
    let _ = write!(
        svg,
        r#"<polyline points="{}" fill="none" stroke="{color}" stroke-width="2"{extra}/>"#,
        text.join(" ")
    );
}

fn legend(svg: &mut String, items: &[(&str, &str)]) {
    let mut x = LEFT;
    for (color, label) in items {
        let _ = write!(
            svg,
            r#"<rect x="{x:.1}" y="8" width="14" height="10" fill="{color}"/><text x="{:.1}" y="17" font-size="12">{}</text>"#,
            x + 18.0,
            escape(label)
        );
        x += 28.0 + label.chars().count() as f64 * 7.0;
    }
}

/// A round top for the axis (1, 2, 4, 6 or 8 times a power of ten) at or
/// above `peak`, so that its quarters are round too.
fn nice_top(peak: f64) -> f64 {
    let magnitude = 10f64.powf(peak.max(1.0).log10().floor());
    [1.0, 2.0, 4.0, 6.0, 8.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|top| *top >= peak)
        .unwrap_or(10.0 * magnitude)
}

/// Four or five gridlines from 0 to `top`.
fn ticks(top: f64) -> Vec<f64> {
    let step = top / 4.0;
    (0..=4).map(|i| f64::from(i) * step).collect()
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_tops_are_round() {
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(7.0), 8.0);
        assert_eq!(nice_top(430.0), 600.0);
        assert_eq!(nice_top(600.0), 600.0);
        assert_eq!(nice_top(1200.0), 2000.0);
    }
}
