//! An organization's response templates: the answer text per category and
//! resolution that pre-fills its close form.

use domain::category::Category;
use domain::organization::OrganizationId;
use domain::ticket::Resolution;
use jiff::Timestamp;
use sqlx::AnyConnection;

use crate::error::{StoreError, corrupt};

/// One template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseTemplate {
    pub category: Category,
    pub resolution: Resolution,
    pub body: String,
}

/// The organization's templates by category and resolution code.
pub async fn list(
    conn: &mut AnyConnection,
    organization: OrganizationId,
) -> Result<Vec<ResponseTemplate>, StoreError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "select category, resolution, body from response_templates
         where organization_id = $1 order by category, resolution",
    )
    .bind(organization.0)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(category, resolution, body)| {
            Ok(ResponseTemplate {
                category: Category::from_code(&category)
                    .ok_or_else(|| corrupt("category", &category))?,
                resolution: Resolution::from_code(&resolution)
                    .ok_or_else(|| corrupt("resolution", &resolution))?,
                body,
            })
        })
        .collect()
}

/// Writes one template; an empty body removes it.
pub async fn put(
    conn: &mut AnyConnection,
    organization: OrganizationId,
    template: &ResponseTemplate,
    now: Timestamp,
) -> Result<(), StoreError> {
    if template.body.is_empty() {
        sqlx::query(
            "delete from response_templates
             where organization_id = $1 and category = $2 and resolution = $3",
        )
        .bind(organization.0)
        .bind(template.category.as_code())
        .bind(template.resolution.as_code())
        .execute(conn)
        .await?;
        return Ok(());
    }
    sqlx::query(
        "insert into response_templates (organization_id, category, resolution, body, updated_at)
         values ($1, $2, $3, $4, $5)
         on conflict (organization_id, category, resolution) do update set body = $4, updated_at = $5",
    )
    .bind(organization.0)
    .bind(template.category.as_code())
    .bind(template.resolution.as_code())
    .bind(&template.body)
    .bind(now.as_millisecond())
    .execute(conn)
    .await?;
    Ok(())
}
