//! Server-rendered pages (askama + htmx). One handler, two renderings: an htmx
//! request gets the `_partial` template, a plain request the full page.

pub mod api_key;
pub mod auth;
pub mod callback;
pub mod dashboard;
pub mod desk;
pub mod directive;
pub mod forecast;
pub mod hq;
pub mod hq_tables;
pub mod inspection;
pub mod outage;
pub mod queue;
pub mod reception;
pub mod remark;
pub mod report;
pub mod resident;
pub mod routing;
pub mod ticket;

use axum::http::HeaderMap;
use domain::user::Role;

use crate::web::auth::Session;
use crate::web::i18n::{Msg, Tr};
use crate::web::request::RequestInfo;

/// What the base template needs: the user, the navigation and the CSRF token.
pub struct Layout {
    pub t: Tr,
    pub user_name: String,
    pub role: &'static str,
    pub csrf: String,
    pub nav: Vec<NavItem>,
}

pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

impl Layout {
    pub fn new(session: &Session, current: &str) -> Layout {
        let t = tr();
        let role = session.actor.role();
        let items: Vec<(&str, Msg)> = nav(role).collect();
        // The longest entry the page is under is the current one (`/hq/meetings`, not `/hq`).
        let selected = items
            .iter()
            .map(|(href, _)| *href)
            .filter(|href| current == *href || current.starts_with(&format!("{href}/")))
            .max_by_key(|href| href.len());
        let nav = items
            .iter()
            .map(|(href, msg)| NavItem {
                href,
                label: t.msg(*msg),
                current: selected == Some(*href),
            })
            .collect();
        Layout {
            t,
            user_name: session.actor.user.name.clone(),
            role: t.role(role),
            csrf: session.csrf.clone(),
            nav,
        }
    }
}

/// The translator for the current request.
pub fn tr() -> Tr {
    Tr::new(RequestInfo::current().locale)
}

/// Whether htmx asked for a fragment.
pub fn is_htmx(headers: &HeaderMap) -> bool {
    headers.contains_key("hx-request") && !headers.contains_key("hx-history-restore-request")
}

/// Every page of the menu and the roles that work in it, in menu order.
const MENU: &[(&str, Msg, &[Role])] = &[
    (
        "/dashboard",
        Msg::Dashboard,
        &[Role::DistrictHq, Role::CityHq, Role::Admin],
    ),
    (
        "/reports/weekly",
        Msg::Reports,
        &[Role::DistrictHq, Role::CityHq, Role::Admin],
    ),
    (
        "/desk",
        Msg::Desk,
        &[Role::Operator, Role::DistrictHq, Role::CityHq, Role::Admin],
    ),
    (
        "/hq",
        Msg::HqWorkspace,
        &[Role::DistrictHq, Role::CityHq, Role::Admin],
    ),
    (
        "/hq/meetings",
        Msg::HqMeetings,
        &[Role::DistrictHq, Role::CityHq, Role::Admin],
    ),
    ("/queue", Msg::Queue, &[Role::Organization]),
    ("/tickets", Msg::Tickets, &Role::ALL),
    ("/outages", Msg::Outages, &Role::ALL),
    ("/inspections", Msg::Inspections, &Role::ALL),
    (
        "/remarks",
        Msg::Remarks,
        &[
            Role::Organization,
            Role::DistrictHq,
            Role::CityHq,
            Role::Admin,
        ],
    ),
    (
        "/directives",
        Msg::Directives,
        &[
            Role::Organization,
            Role::DistrictHq,
            Role::CityHq,
            Role::Admin,
        ],
    ),
    (
        "/receptions",
        Msg::Reception,
        &[Role::Operator, Role::DistrictHq, Role::CityHq, Role::Admin],
    ),
    ("/forecast", Msg::Forecast, &[Role::CityHq, Role::Admin]),
    ("/admin/api-keys", Msg::ApiKeys, &[Role::Admin]),
    ("/admin/routing", Msg::RoutingRules, &[Role::Admin]),
    // callbacks: the queue for the control department, the figures for the HQs
    (
        "/callbacks",
        Msg::Callbacks,
        &[Role::Controller, Role::Admin],
    ),
    (
        "/callbacks/stats",
        Msg::Callbacks,
        &[Role::DistrictHq, Role::CityHq, Role::Organization],
    ),
];

/// The pages a role works in, in menu order.
fn nav(role: Role) -> impl Iterator<Item = (&'static str, Msg)> {
    MENU.iter()
        .filter(move |(_, _, roles)| roles.contains(&role))
        .map(|(href, msg, _)| (*href, *msg))
}

/// The page a role lands on after signing in.
pub fn home(role: Role) -> &'static str {
    match role {
        Role::Operator => "/desk",
        Role::DistrictHq | Role::CityHq => "/hq",
        Role::Controller => "/callbacks",
        Role::Organization => "/queue",
        Role::Admin => "/tickets",
    }
}
