//! Organizations that fix problems: management companies (УК) and heat suppliers (РСО).

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrganizationId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrganizationKind {
    /// УК: runs a building's in-house systems.
    ManagementCompany,
    /// РСО: supplies heat up to the building's inlet and bills for it.
    HeatSupplier,
}

impl OrganizationKind {
    pub const ALL: [OrganizationKind; 2] = [
        OrganizationKind::ManagementCompany,
        OrganizationKind::HeatSupplier,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            OrganizationKind::ManagementCompany => "management_company",
            OrganizationKind::HeatSupplier => "heat_supplier",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "management_company" => Some(OrganizationKind::ManagementCompany),
            "heat_supplier" => Some(OrganizationKind::HeatSupplier),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    pub id: OrganizationId,
    pub name: String,
    pub kind: OrganizationKind,
    pub phone: Option<String>,
}
