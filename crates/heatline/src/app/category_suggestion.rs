//! Suggesting a category from the description, and keeping the model learning
//! from the categories operators actually save.
//!
//! The model in force lives in `Ctx`. Retraining reads the built-in examples
//! plus the latest tickets whose category a person chose (tickets that carry a
//! `category_suggested` event are left out, so the model never learns from its
//! own guesses) and swaps the model. It runs on demand (the admin's
//! `POST /api/v1/categories/retrain`) and periodically in each server; several
//! servers each retrain from the shared database and reach the same model.

use std::time::Duration;

use domain::category::Category;
use domain::category_suggestion::{CategoryModel, examples_seeded};
use domain::user::Role;

use crate::app::{Actor, AppError, Ctx, internal};

/// Saved tickets learned from at most: the newest ones, so a retrain stays
/// around a second even with a million tickets stored.
pub const MAX_SAVED_EXAMPLES: i64 = 50_000;

/// How often each server retrains by itself.
pub const RETRAIN_EVERY: Duration = Duration::from_secs(15 * 60);

/// A suggested category and its score in `0..=1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Suggestion {
    pub category: Category,
    pub score: f64,
}

/// What a retrain learned from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetrainReport {
    /// All examples: built-in and saved.
    pub examples: u32,
    /// Saved tickets among them.
    pub from_tickets: u32,
}

/// The categories for a description, most likely first. Any signed-in user may
/// ask; an empty text gets an empty list.
pub fn suggest_categories(ctx: &Ctx, _actor: &Actor, text: &str) -> Vec<Suggestion> {
    if text.trim().is_empty() {
        return Vec::new();
    }
    ctx.category_model()
        .suggest(text)
        .into_iter()
        .map(|(category, score)| Suggestion { category, score })
        .collect()
}

/// The words of `text` that speak most for `category`, strongest first, at
/// most `limit`: the desk shows them beside the suggestion.
pub fn reasons(
    ctx: &Ctx,
    _actor: &Actor,
    text: &str,
    category: Category,
    limit: usize,
) -> Vec<String> {
    let model = ctx.category_model();
    let mut words: Vec<String> = model
        .reasons(text, category)
        .into_iter()
        .map(|(word, _)| word)
        .collect();
    words.truncate(limit);
    words
}

/// Retrains the model now; only the admin may.
#[tracing::instrument(skip_all)]
pub async fn retrain(ctx: &Ctx, actor: &Actor) -> Result<RetrainReport, AppError> {
    actor.require(&[Role::Admin])?;
    retrain_from_db(ctx).await
}

/// Retrains from the built-in examples and the saved tickets, and puts the new
/// model in force.
pub async fn retrain_from_db(ctx: &Ctx) -> Result<RetrainReport, AppError> {
    let saved = {
        let mut conn = ctx.db.read().await.map_err(internal("reading examples"))?;
        store::desk::chosen_categories(&mut conn, MAX_SAVED_EXAMPLES)
            .await
            .map_err(internal("reading examples"))?
    };
    let from_tickets = u32::try_from(saved.len()).unwrap_or(u32::MAX);
    let model = tokio::task::spawn_blocking(move || {
        let saved = saved
            .iter()
            .map(|(text, category)| (text.as_str(), *category));
        CategoryModel::train(examples_seeded().chain(saved))
    })
    .await
    .map_err(|e| AppError::Internal(anyhow::Error::new(e).context("training category model")))?;
    let report = RetrainReport {
        examples: model.n_examples(),
        from_tickets,
    };
    ctx.set_category_model(model);
    tracing::info!(
        examples = report.examples,
        from_tickets = report.from_tickets,
        "category model retrained"
    );
    Ok(report)
}

/// Retrains at once and then every `every`, for as long as the server runs.
pub fn spawn_retraining(ctx: Ctx, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        loop {
            ticks.tick().await;
            if let Err(err) = retrain_from_db(&ctx).await {
                tracing::warn!(error = ?err, "retraining the category model failed");
            }
        }
    })
}
