//! Photos of a visit's act, stored in the database: images only (by their
//! magic bytes), at most 5 MiB.

use domain::inspection::InspectionId;
use domain::photo::{self, PhotoError};
use store::inspection_report::{NewPhoto, PhotoInfo};

use crate::app::inspection::{InspectionProblem, READERS, RUNNERS, invalid};
use crate::app::ticket::clean;
use crate::app::{Actor, AppError, Ctx, FieldErrors, Problem, internal};

/// An uploaded photo: its bytes as received and an optional caption.
#[derive(Debug, Clone, Default)]
pub struct PhotoUpload {
    pub bytes: Vec<u8>,
    pub caption: Option<String>,
}

pub(crate) fn check_photo(bytes: &[u8], field: &str) -> Result<domain::photo::ImageType, AppError> {
    photo::check(bytes).map_err(|err| {
        let problem = match err {
            PhotoError::Empty => InspectionProblem::PhotoEmpty,
            PhotoError::TooLarge { max, .. } => InspectionProblem::PhotoTooLarge { max },
            PhotoError::NotAnImage => InspectionProblem::NotAnImage,
        };
        invalid(field, problem)
    })
}

/// Attaches a photo to the act of an inspection. Only images (by their first
/// bytes) up to 5 MiB are taken.
#[tracing::instrument(skip_all, fields(inspection_id = id.0))]
pub async fn add_photo(
    ctx: &Ctx,
    actor: &Actor,
    id: InspectionId,
    upload: PhotoUpload,
) -> Result<PhotoInfo, AppError> {
    actor.require(RUNNERS)?;
    let image_type = check_photo(&upload.bytes, "photo")?;
    let caption = clean(&upload.caption);
    if caption.as_deref().is_some_and(|c| c.chars().count() > 300) {
        return Err(AppError::Invalid(FieldErrors::one(
            "caption",
            Problem::TooLong { max: 300 },
        )));
    }
    let now = ctx.now();
    let mut tx = ctx
        .db
        .begin_write()
        .await
        .map_err(internal("adding photo"))?;
    store::inspection::get(&mut tx, id, actor.user.scope)
        .await
        .map_err(internal("reading inspection"))?;
    let photo = NewPhoto {
        inspection_id: id,
        remark_id: None,
        image_type,
        data: &upload.bytes,
        caption: caption.as_deref(),
        uploaded_by: Some(actor.user.id),
        uploaded_at: now,
    };
    let photo_id = store::inspection_report::insert_photo(&mut tx, &photo)
        .await
        .map_err(internal("adding photo"))?;
    tx.commit().await.map_err(internal("adding photo"))?;
    Ok(PhotoInfo {
        id: photo_id,
        inspection_id: id,
        remark_id: None,
        image_type,
        byte_size: upload.bytes.len() as i64,
        caption,
        uploaded_at: now,
    })
}

/// A photo of an inspection the actor may see, with its bytes.
pub async fn get_photo(
    ctx: &Ctx,
    actor: &Actor,
    id: InspectionId,
    photo_id: i64,
) -> Result<(PhotoInfo, Vec<u8>), AppError> {
    actor.require(READERS)?;
    let mut conn = ctx.db.read().await.map_err(internal("reading photo"))?;
    store::inspection::get(&mut conn, id, actor.user.scope)
        .await
        .map_err(internal("reading inspection"))?;
    let (info, bytes) = store::inspection_report::get_photo(&mut conn, id, photo_id)
        .await
        .map_err(internal("reading photo"))?;
    // A remark's photo is visible to whoever sees the remark.
    if let Some(remark) = info.remark_id {
        store::remark::get(&mut conn, remark, actor.user.scope)
            .await
            .map_err(internal("reading remark"))?;
    }
    Ok((info, bytes))
}
