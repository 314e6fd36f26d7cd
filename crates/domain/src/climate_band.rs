//! Climate bands of ПП 354 Прил.1 п.15: the indoor air norm depends on how cold
//! the region's coldest five-day period is. A deployment sets its band once
//! (Ufa: −33 °C, so `Cold`); this module only knows the two bands' room norms.

/// The climate band of ПП 354 Прил.1 п.15, set per deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClimateBand {
    /// Coldest five-day period warmer than −31 °C: living rooms +18, corner +20.
    Standard,
    /// Coldest five-day period at −31 °C or colder (Ufa: −33): +20, corner +22.
    Cold,
}

impl ClimateBand {
    pub const ALL: [ClimateBand; 2] = [ClimateBand::Standard, ClimateBand::Cold];

    pub fn as_code(self) -> &'static str {
        match self {
            ClimateBand::Standard => "standard",
            ClimateBand::Cold => "cold",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "standard" => ClimateBand::Standard,
            "cold" => ClimateBand::Cold,
            _ => return None,
        })
    }

    /// The daytime minimum for an ordinary living room.
    pub fn living_room_norm(self) -> f64 {
        match self {
            ClimateBand::Standard => 18.0,
            ClimateBand::Cold => 20.0,
        }
    }

    /// The daytime minimum for a corner room: it loses heat through two outer
    /// walls, so its norm is 2 °C higher.
    pub fn corner_room_norm(self) -> f64 {
        self.living_room_norm() + 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ufa_needs_two_degrees_more_than_the_standard_band() {
        let norms = |band: ClimateBand| (band.living_room_norm(), band.corner_room_norm());
        assert_eq!(norms(ClimateBand::Standard), (18.0, 20.0));
        assert_eq!(norms(ClimateBand::Cold), (20.0, 22.0));
        for band in ClimateBand::ALL {
            assert_eq!(ClimateBand::from_code(band.as_code()), Some(band));
        }
    }
}
