//! Column types that must survive both backends: an optional `double
//! precision` written first as NULL and then as a value on the same connection
//! (PostgreSQL caches the statement with the first execution's parameter
//! types; see `store::double`).

use store::building::{BuildingRecord, Upserted};

use crate::helpers::TestApp;

#[tokio::test]
async fn an_optional_double_goes_null_then_value_on_one_connection() {
    let app = TestApp::spawn().await;
    let record = |n: u32, point: Option<(f64, f64)>| BuildingRecord {
        key: format!("тестовая {n}"),
        address: format!("ул. Тестовая, д. {n}"),
        district_id: app.registry.district_a,
        management_company_id: app.registry.org_a,
        heat_supplier_id: app.registry.supplier,
        latitude: point.map(|p| p.0),
        longitude: point.map(|p| p.1),
        apartments: None,
        year_built: None,
    };
    // One transaction is one connection: the insert's statement is reused.
    let mut tx = app.ctx.db().begin_write().await.unwrap();
    let now = jiff::Timestamp::now();
    let mut ids = Vec::new();
    for (n, point) in [
        (1, None),
        (2, Some((54.7388, 55.9721))),
        (3, None),
        (4, Some((54.8, 56.1))),
    ] {
        match store::building::upsert(&mut tx, &record(n, point), now).await {
            Ok(Upserted::Inserted(id)) => ids.push((id, point)),
            other => panic!("building {n} with {point:?}: {other:?}"),
        }
    }
    tx.commit().await.unwrap();

    let mut conn = app.ctx.db().read().await.unwrap();
    for (id, point) in ids {
        let building = store::building::get(&mut conn, id).await.unwrap();
        assert_eq!(building.latitude, point.map(|p| p.0));
        assert_eq!(building.longitude, point.map(|p| p.1));
    }
}
