//! Use cases: one function per user action. Each checks the actor's role and
//! scope first, runs in one transaction, and decides with `domain` rules.
//! Pages and the JSON API both call these; a rule in a handler is a bug.

pub mod address;
pub mod api_key;
pub mod auth;
pub mod category_suggestion;
pub mod demo;
pub mod desk;
pub mod directive;
pub mod error;
pub mod escalation;
pub mod forecast;
pub mod generate;
pub mod hq;
pub mod import;
pub mod inspection;
pub mod notification;
pub mod open311;
pub mod ops;
pub mod outage;
pub mod quality_callback;
pub mod queue;
pub mod rate_limit;
pub mod reception;
pub mod registry;
pub mod remark;
pub mod resident;
pub mod routing;
pub mod staffing;
pub mod stats;
pub mod ticket;
pub mod user;

use std::sync::{Arc, RwLock, RwLockReadGuard};

use domain::category_suggestion::CategoryModel;
use domain::production_calendar::ProductionCalendar;
use domain::routing::RoutingRules;
use domain::user::{Role, User};
use jiff::Timestamp;
use store::db::Db;

pub use error::{AppError, FieldErrors, Problem};

/// What every use case runs against: the database and the shared rule data.
#[derive(Clone)]
pub struct Ctx {
    pub(crate) db: Db,
    inner: Arc<Inner>,
    notifier: Arc<dyn notification::Notifier>,
}

struct Inner {
    routing: RwLock<RoutingRules>,
    calendar: RwLock<ProductionCalendar>,
    categories: RwLock<CategoryModel>,
    addresses: address::AddressBook,
}

impl Ctx {
    /// The context over a migrated database, with the stored routing rules
    /// and calendar in force (seeded with the defaults at the first start).
    pub async fn new(db: Db) -> anyhow::Result<Ctx> {
        let (rules, calendar) = routing::load(&db).await?;
        Ok(Ctx {
            db,
            inner: Arc::new(Inner {
                routing: RwLock::new(rules),
                calendar: RwLock::new(calendar),
                categories: RwLock::new(CategoryModel::seeded()),
                addresses: address::AddressBook::default(),
            }),
            notifier: Arc::new(notification::LogNotifier),
        })
    }

    /// The same context delivering resident notifications through `notifier`.
    pub fn with_notifier(mut self, notifier: Arc<dyn notification::Notifier>) -> Ctx {
        self.notifier = notifier;
        self
    }

    pub(crate) fn notifier(&self) -> &dyn notification::Notifier {
        self.notifier.as_ref()
    }

    /// The current instant; the only place use cases read the clock.
    pub fn now(&self) -> Timestamp {
        Timestamp::now()
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub(crate) fn routing_rules(&self) -> RwLockReadGuard<'_, RoutingRules> {
        self.inner.routing.read().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts edited routing rules and calendar in force for new tickets.
    pub(crate) fn set_routing(&self, rules: RoutingRules, calendar: ProductionCalendar) {
        *self
            .inner
            .routing
            .write()
            .unwrap_or_else(|e| e.into_inner()) = rules;
        *self
            .inner
            .calendar
            .write()
            .unwrap_or_else(|e| e.into_inner()) = calendar;
    }

    pub(crate) fn category_model(&self) -> RwLockReadGuard<'_, CategoryModel> {
        self.inner
            .categories
            .read()
            .unwrap_or_else(|e| e.into_inner())
    }

    /// Puts a retrained category model in force.
    pub(crate) fn set_category_model(&self, model: CategoryModel) {
        *self
            .inner
            .categories
            .write()
            .unwrap_or_else(|e| e.into_inner()) = model;
    }

    pub(crate) fn address_book(&self) -> &address::AddressBook {
        &self.inner.addresses
    }

    pub(crate) fn calendar(&self) -> RwLockReadGuard<'_, ProductionCalendar> {
        self.inner
            .calendar
            .read()
            .unwrap_or_else(|e| e.into_inner())
    }
}

/// The signed-in user a use case acts for.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user: User,
}

impl Actor {
    pub fn role(&self) -> Role {
        self.user.role
    }

    /// `Forbidden` unless the actor has one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), AppError> {
        if roles.contains(&self.user.role) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Wraps an error with what was being done, for the logs.
pub(crate) fn internal(context: &'static str) -> impl FnOnce(store::error::StoreError) -> AppError {
    move |err| match AppError::from(err) {
        AppError::Unavailable(err) => AppError::Unavailable(err.context(context)),
        AppError::Internal(err) => AppError::Internal(err.context(context)),
        other => other,
    }
}
