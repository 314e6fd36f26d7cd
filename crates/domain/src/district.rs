//! Districts (районы) of the city: the unit of HQ oversight.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DistrictId(pub i64);

/// A city district with its display name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct District {
    pub id: DistrictId,
    pub name: String,
}
