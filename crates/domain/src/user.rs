//! Staff users, their roles and what each role may see.

use crate::district::DistrictId;
use crate::organization::OrganizationId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserId(pub i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Operator,
    Organization,
    DistrictHq,
    CityHq,
    Controller,
    Admin,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Operator,
        Role::Organization,
        Role::DistrictHq,
        Role::CityHq,
        Role::Controller,
        Role::Admin,
    ];

    pub fn as_code(self) -> &'static str {
        match self {
            Role::Operator => "operator",
            Role::Organization => "organization",
            Role::DistrictHq => "district_hq",
            Role::CityHq => "city_hq",
            Role::Controller => "controller",
            Role::Admin => "admin",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Some(match code {
            "operator" => Role::Operator,
            "organization" => Role::Organization,
            "district_hq" => Role::DistrictHq,
            "city_hq" => Role::CityHq,
            "controller" => Role::Controller,
            "admin" => Role::Admin,
            _ => return None,
        })
    }

    /// Residents' names and phones are personal data (152-ФЗ): only the roles
    /// that talk to residents or fix their problems see them.
    pub fn sees_personal_data(self) -> bool {
        match self {
            Role::Operator | Role::Organization | Role::DistrictHq | Role::Controller => true,
            Role::CityHq | Role::Admin => false,
        }
    }
}

/// Where a user's view of tickets ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    City,
    District(DistrictId),
    Organization(OrganizationId),
}

/// A signed-in staff member: who acts in every use case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub login: String,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum UserError {
    #[error("role needs an organization")]
    OrganizationRequired,
    #[error("role needs a district")]
    DistrictRequired,
    #[error("role takes no organization or district")]
    UnexpectedBinding,
}

impl Scope {
    /// The scope a role's binding gives: organization staff are bound to one
    /// organization, district HQ staff to one district, everyone else sees the city.
    pub fn for_role(
        role: Role,
        organization: Option<OrganizationId>,
        district: Option<DistrictId>,
    ) -> Result<Scope, UserError> {
        match (role, organization, district) {
            (Role::Organization, Some(org), None) => Ok(Scope::Organization(org)),
            (Role::Organization, None, _) => Err(UserError::OrganizationRequired),
            (Role::DistrictHq, None, Some(district)) => Ok(Scope::District(district)),
            (Role::DistrictHq, _, None) => Err(UserError::DistrictRequired),
            (_, None, None) => Ok(Scope::City),
            _ => Err(UserError::UnexpectedBinding),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_round_trips_through_its_code() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.as_code()), Some(role));
        }
    }

    #[test]
    fn bindings_follow_the_role() {
        let org = Some(OrganizationId(1));
        let district = Some(DistrictId(2));
        assert_eq!(
            Scope::for_role(Role::Organization, org, None),
            Ok(Scope::Organization(OrganizationId(1)))
        );
        assert_eq!(
            Scope::for_role(Role::Organization, None, None),
            Err(UserError::OrganizationRequired)
        );
        assert_eq!(
            Scope::for_role(Role::DistrictHq, None, district),
            Ok(Scope::District(DistrictId(2)))
        );
        assert_eq!(
            Scope::for_role(Role::DistrictHq, None, None),
            Err(UserError::DistrictRequired)
        );
        assert_eq!(Scope::for_role(Role::Operator, None, None), Ok(Scope::City));
        assert_eq!(
            Scope::for_role(Role::Operator, org, None),
            Err(UserError::UnexpectedBinding)
        );
        assert_eq!(
            Scope::for_role(Role::Organization, org, district),
            Err(UserError::UnexpectedBinding)
        );
    }
}
