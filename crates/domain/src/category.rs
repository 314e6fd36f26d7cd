//! Ticket categories: what a resident's problem is about.

/// What a ticket is about; decides routing and deadlines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    NoHeat,
    AirLock,
    Overheating,
    Billing,
    Leak,
    HotWater,
    Other,
}

impl Category {
    pub const ALL: [Category; 7] = [
        Category::NoHeat,
        Category::AirLock,
        Category::Overheating,
        Category::Billing,
        Category::Leak,
        Category::HotWater,
        Category::Other,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            Category::NoHeat => "no_heat",
            Category::AirLock => "air_lock",
            Category::Overheating => "overheating",
            Category::Billing => "billing",
            Category::Leak => "leak",
            Category::HotWater => "hot_water",
            Category::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "no_heat" => Category::NoHeat,
            "air_lock" => Category::AirLock,
            "overheating" => Category::Overheating,
            "billing" => Category::Billing,
            "leak" => Category::Leak,
            "hot_water" => Category::HotWater,
            "other" => Category::Other,
            _ => return None,
        })
    }

    /// Heating categories count towards repeat detection and inspections.
    pub fn is_heating(self) -> bool {
        matches!(
            self,
            Category::NoHeat | Category::AirLock | Category::Overheating
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_round_trips_through_its_code() {
        for category in Category::ALL {
            assert_eq!(Category::from_code(category.as_code()), Some(category));
        }
        assert_eq!(Category::from_code("NoHeat"), None);
    }
}
