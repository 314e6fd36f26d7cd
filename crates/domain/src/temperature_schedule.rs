//! Temperature schedules (температурные графики): the supply and return coolant
//! temperatures a heat source promises at each outdoor temperature.
//!
//! A schedule is a table of points `outdoor °C → (supply °C, return °C)`; between
//! points it is interpolated linearly. Outside the table it is clamped to the
//! nearest end: warmer than the warmest point the schedule's minimum applies
//! (heating runs only below about +8 °C and schedules bottom out there), colder
//! than the design point the design temperatures apply (a supplier cannot be held
//! to more than its design maximum). The admin loads one per heat source as CSV.
//!
//! This module knows nothing of tolerances: the ±3 % / +5 % rules live in `norm`.

/// One row of a schedule: at `outdoor` °C the supply and return water temperatures.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SchedulePoint {
    pub outdoor: f64,
    pub supply: f64,
    pub return_water: f64,
}

/// A validated schedule: at least two points, distinct outdoor temperatures,
/// supply never below return, all values finite. Points are kept sorted from the
/// coldest outdoor temperature to the warmest.
#[derive(Debug, Clone, PartialEq)]
pub struct TemperatureSchedule {
    points: Vec<SchedulePoint>,
}

/// A column of the schedule's CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScheduleField {
    Outdoor,
    Supply,
    Return,
}

impl ScheduleField {
    pub fn as_code(self) -> &'static str {
        match self {
            ScheduleField::Outdoor => "outdoor",
            ScheduleField::Supply => "supply",
            ScheduleField::Return => "return",
        }
    }
}

/// What is wrong with a schedule's CSV; `line` is the 1-based line in the text.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ScheduleError {
    #[error("line {line}: expected the header `outdoor,supply,return`, found {found:?}")]
    MissingHeader { line: usize, found: String },
    #[error("line {line}: expected 3 fields, found {found}")]
    FieldCount { line: usize, found: usize },
    #[error("line {line}: {} is not a number: {text:?}", field.as_code())]
    NotANumber {
        line: usize,
        field: ScheduleField,
        text: String,
    },
    #[error("line {line}: outdoor temperature {outdoor} is already given on line {first_line}")]
    DuplicateOutdoor {
        line: usize,
        first_line: usize,
        outdoor: f64,
    },
    #[error("line {line}: supply {supply} is below return {return_water}")]
    SupplyBelowReturn {
        line: usize,
        supply: f64,
        return_water: f64,
    },
    #[error("a schedule needs at least 2 points, found {found}")]
    TooFewPoints { found: usize },
}

/// Design values of the default 95/70 schedule (see [`TemperatureSchedule::default_95_70`]).
const DESIGN_INDOOR: f64 = 20.0;
const DESIGN_OUTDOOR: f64 = -33.0;
const DESIGN_SUPPLY: f64 = 95.0;
const DESIGN_RETURN: f64 = 70.0;
/// Heating starts when the outdoor temperature falls to +8 °C.
const HEATING_START_OUTDOOR: f64 = 8.0;
/// Radiator heat output grows as (temperature head)^(1 + m) with m = 0.25 for
/// sectional radiators, so the head scales as load^(1 / 1.25).
const RADIATOR_EXPONENT: f64 = 1.0 / 1.25;

impl TemperatureSchedule {
    /// Ufa's default building-side 95/70 schedule for the design outdoor
    /// temperature −33 °C (СП 131.13330, coldest five-day period), one point per
    /// degree from +8 °C down to −33 °C, rounded to 0.1 °C.
    ///
    /// Computed by the standard quality-regulation formula for radiator systems
    /// (Соколов, «Теплофикация и тепловые сети»): with the relative load
    /// `q = (20 − t_out) / (20 + 33)`, the design mean head `Δt = (95 + 70) / 2 − 20`
    /// and the design drop `δ = 95 − 70`,
    /// `supply = 20 + Δt·q^0.8 + δ·q/2` and `return = 20 + Δt·q^0.8 − δ·q/2`.
    /// That gives +8 → 41.9/36.2, 0 → 53.4/43.9, −33 → 95/70. It has no hot-water
    /// break: a network schedule with one (e.g. 150/70) is loaded as CSV.
    pub fn default_95_70() -> Self {
        let mean_head = (DESIGN_SUPPLY + DESIGN_RETURN) / 2.0 - DESIGN_INDOOR;
        let drop = DESIGN_SUPPLY - DESIGN_RETURN;
        let coldest = DESIGN_OUTDOOR as i32;
        let warmest = HEATING_START_OUTDOOR as i32;
        let points = (coldest..=warmest)
            .map(|outdoor| {
                let outdoor = f64::from(outdoor);
                let load = (DESIGN_INDOOR - outdoor) / (DESIGN_INDOOR - DESIGN_OUTDOOR);
                let head = mean_head * load.powf(RADIATOR_EXPONENT);
                SchedulePoint {
                    outdoor,
                    supply: round_tenth(DESIGN_INDOOR + head + drop * load / 2.0),
                    return_water: round_tenth(DESIGN_INDOOR + head - drop * load / 2.0),
                }
            })
            .collect();
        TemperatureSchedule { points }
    }

    /// Parses the admin's CSV: a header `outdoor,supply,return`, then one point per
    /// line. Also accepts `;` or tab as the separator (with a decimal comma), the
    /// Unicode minus `−`, a byte-order mark, blank lines and `#` comment lines.
    /// Reports every bad line, not just the first; a schedule with any error is
    /// rejected whole, since a half-loaded schedule would misjudge inspections.
    pub fn parse_csv(text: &str) -> Result<Self, Vec<ScheduleError>> {
        let mut lines = text
            .trim_start_matches('\u{feff}')
            .lines()
            .enumerate()
            .map(|(idx, line)| (idx + 1, line.trim()))
            .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
        let Some((header_line, header)) = lines.next() else {
            return Err(vec![ScheduleError::MissingHeader {
                line: 1,
                found: String::new(),
            }]);
        };
        let separator = separator_of(header);
        let names: Vec<String> = header
            .split(separator)
            .map(|it| it.trim().to_lowercase())
            .collect();
        if names != ["outdoor", "supply", "return"] {
            return Err(vec![ScheduleError::MissingHeader {
                line: header_line,
                found: header.to_string(),
            }]);
        }
        let mut errors = Vec::new();
        let mut points: Vec<(usize, SchedulePoint)> = Vec::new();
        for (line, text) in lines {
            match parse_point(line, text, separator, &points) {
                Ok(point) => points.push((line, point)),
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() && points.len() < 2 {
            errors.push(ScheduleError::TooFewPoints {
                found: points.len(),
            });
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut points: Vec<SchedulePoint> = points.into_iter().map(|(_, point)| point).collect();
        points.sort_by(|a, b| a.outdoor.total_cmp(&b.outdoor));
        Ok(TemperatureSchedule { points })
    }

    /// The schedule as CSV that [`TemperatureSchedule::parse_csv`] reads back, for
    /// storing and for showing the admin what is loaded.
    pub fn to_csv(&self) -> String {
        let mut out = String::from("outdoor,supply,return\n");
        for point in &self.points {
            out.push_str(&format!(
                "{},{},{}\n",
                point.outdoor, point.supply, point.return_water
            ));
        }
        out
    }

    /// The points, from the coldest outdoor temperature to the warmest.
    pub fn points(&self) -> &[SchedulePoint] {
        &self.points
    }

    /// The scheduled supply and return at an outdoor temperature: linear between
    /// the neighboring points, clamped to the table's ends outside it. A NaN
    /// outdoor temperature gets the coldest point; callers check finiteness.
    pub fn at(&self, outdoor: f64) -> SchedulePoint {
        let first = self.points[0];
        let last = self.points[self.points.len() - 1];
        if outdoor.is_nan() || outdoor <= first.outdoor {
            return SchedulePoint { outdoor, ..first };
        }
        if outdoor >= last.outdoor {
            return SchedulePoint { outdoor, ..last };
        }
        // The first point strictly warmer than `outdoor`; it exists and is not
        // the first point because of the two clamps above.
        let upper = self.points.partition_point(|p| p.outdoor <= outdoor);
        let (a, b) = (self.points[upper - 1], self.points[upper]);
        let share = (outdoor - a.outdoor) / (b.outdoor - a.outdoor);
        SchedulePoint {
            outdoor,
            supply: a.supply + (b.supply - a.supply) * share,
            return_water: a.return_water + (b.return_water - a.return_water) * share,
        }
    }
}

fn round_tenth(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// Spreadsheets in a Russian locale export `;`-separated CSV with decimal commas.
fn separator_of(header: &str) -> char {
    if header.contains(';') {
        ';'
    } else if header.contains('\t') {
        '\t'
    } else {
        ','
    }
}

fn parse_point(
    line: usize,
    text: &str,
    separator: char,
    earlier: &[(usize, SchedulePoint)],
) -> Result<SchedulePoint, ScheduleError> {
    let fields: Vec<&str> = text.split(separator).collect();
    let [outdoor, supply, return_water] = fields[..] else {
        return Err(ScheduleError::FieldCount {
            line,
            found: fields.len(),
        });
    };
    let number = |field: ScheduleField, text: &str| parse_number(line, field, text, separator);
    let point = SchedulePoint {
        outdoor: number(ScheduleField::Outdoor, outdoor)?,
        supply: number(ScheduleField::Supply, supply)?,
        return_water: number(ScheduleField::Return, return_water)?,
    };
    if let Some((first_line, _)) = earlier.iter().find(|(_, p)| p.outdoor == point.outdoor) {
        return Err(ScheduleError::DuplicateOutdoor {
            line,
            first_line: *first_line,
            outdoor: point.outdoor,
        });
    }
    if point.supply < point.return_water {
        return Err(ScheduleError::SupplyBelowReturn {
            line,
            supply: point.supply,
            return_water: point.return_water,
        });
    }
    Ok(point)
}

fn parse_number(
    line: usize,
    field: ScheduleField,
    text: &str,
    separator: char,
) -> Result<f64, ScheduleError> {
    let mut normalized = text.trim().replace('\u{2212}', "-");
    if separator != ',' {
        normalized = normalized.replace(',', ".");
    }
    // `f64::from_str` accepts "NaN" and "inf"; a schedule needs real numbers.
    match normalized.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(value),
        _ => Err(ScheduleError::NotANumber {
            line,
            field,
            text: text.trim().to_string(),
        }),
    }
}

#[cfg(test)]
mod tests;
