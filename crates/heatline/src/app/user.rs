//! Managing staff users.

use domain::district::DistrictId;
use domain::organization::OrganizationId;
use domain::user::{Role, Scope, UserError, UserId};
use store::user::NewUser;

use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, auth, internal};

/// A user to create, as typed: the organization and district by id or by name.
#[derive(Debug, Clone, Default)]
pub struct AddUser {
    pub login: String,
    pub name: Option<String>,
    pub password: String,
    pub role: String,
    pub organization: Option<String>,
    pub district: Option<String>,
}

/// Creates a staff user; only the admin may (the command line acts as admin).
pub async fn add_user(ctx: &Ctx, actor: &Actor, input: AddUser) -> Result<UserId, AppError> {
    actor.require(&[Role::Admin])?;
    let mut errors = FieldErrors::default();
    let login = input.login.trim();
    if login.is_empty() {
        errors.add("login", Problem::Required);
    }
    if input.password.chars().count() < 8 {
        errors.add("password", Problem::TooShort { min: 8 });
    }
    let role = Role::from_code(input.role.trim());
    if role.is_none() {
        errors.add("role", Problem::UnknownCode);
    }
    let mut conn = ctx.db.read().await.map_err(internal("adding user"))?;
    let organization = match input
        .organization
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(key) => {
            let found = match key.parse::<i64>() {
                Ok(id) => store::organization::get(&mut conn, OrganizationId(id))
                    .await
                    .ok(),
                Err(_) => store::organization::find_by_name(&mut conn, key)
                    .await
                    .map_err(internal("adding user"))?,
            };
            found.map(|o| o.id).or_else(|| {
                errors.add("organization", Problem::NotFound);
                None
            })
        }
        None => None,
    };
    let district = match input
        .district
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        Some(key) => {
            let found = match key.parse::<i64>() {
                Ok(id) => store::district::get(&mut conn, DistrictId(id))
                    .await
                    .ok()
                    .map(|d| d.id),
                Err(_) => store::district::find_by_name(&mut conn, key)
                    .await
                    .map_err(internal("adding user"))?,
            };
            found.or_else(|| {
                errors.add("district", Problem::NotFound);
                None
            })
        }
        None => None,
    };
    drop(conn);
    errors.into_result()?;
    let role = role.expect("validated above");
    let scope = Scope::for_role(role, organization, district).map_err(|e| {
        let field = match e {
            UserError::OrganizationRequired => "organization",
            UserError::DistrictRequired => "district",
            UserError::UnexpectedBinding => "role",
        };
        let problem = match e {
            UserError::UnexpectedBinding => Problem::Malformed,
            _ => Problem::Required,
        };
        AppError::Invalid(FieldErrors::one(field, problem))
    })?;
    let password_hash = auth::hash_password(&input.password)?;
    let name = input
        .name
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .unwrap_or(login);
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("adding user"))?;
    let user = NewUser {
        login,
        name,
        password_hash: &password_hash,
        role,
        scope,
    };
    let id = store::user::insert(&mut tx, &user, ctx.now())
        .await
        .map_err(|e| match e {
            store::error::StoreError::Conflict { .. } => {
                AppError::Invalid(FieldErrors::one("login", Problem::Taken))
            }
            other => internal("adding user")(other),
        })?;
    tx.commit().await.map_err(internal("adding user"))?;
    Ok(id)
}

/// The actor the command line acts as: a local administrator.
pub fn command_line_actor() -> Actor {
    Actor {
        user: domain::user::User {
            id: UserId(0),
            login: "cli".into(),
            name: "command line".into(),
            role: Role::Admin,
            scope: Scope::City,
        },
    }
}
