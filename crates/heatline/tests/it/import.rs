//! `heatline import buildings`: good rows import, bad rows are named by line
//! and field, and importing the same file twice changes nothing.

use std::process::Command;

use crate::helpers::TestApp;

const CSV: &str = r#"address,district,management_company,heat_supplier,latitude,longitude,apartments,year_built
"ул. Комарова, д. 3",Орджоникидзевский,УЖХ Орджоникидзевского района,ООО «БашРТС»,54.78,56.06,80,1968
"ул. Комарова, д. 5",Орджоникидзевский,УЖХ Орджоникидзевского района,ООО «БашРТС»,,,,
"ул. Правды, д. 1",,УЖХ Демского района,МУП «УИС»,,,,
"ул. Правды, д. 3",Дёмский,УЖХ Демского района,МУП «УИС»,north,,,
"ул. Правды, д. 5",Дёмский,УЖХ Демского района,МУП «УИС»,,,12000,
"#;

#[tokio::test]
async fn good_rows_import_and_bad_rows_are_named_by_line_and_field() {
    let app = TestApp::spawn().await;
    let admin = heatline::app::user::command_line_actor();

    let report = heatline::app::import::import_buildings(&app.ctx, &admin, CSV.as_bytes())
        .await
        .unwrap();

    assert_eq!(report.inserted, 2);
    let errors: Vec<String> = report
        .errors
        .iter()
        .map(|e| format!("{}:{}", e.line, e.field))
        .collect();
    assert_eq!(errors, ["4:district", "5:latitude", "6:apartments"]);
    let again = heatline::app::import::import_buildings(&app.ctx, &admin, CSV.as_bytes())
        .await
        .unwrap();
    assert_eq!((again.inserted, again.updated, again.unchanged), (0, 0, 2));
    let operator = app.api_as("operator").await;
    let (_, districts) = operator.get("/api/v1/districts").await;
    let names: Vec<&str> = districts
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert!(names.contains(&"Орджоникидзевский"), "{names:?}");
    let (_, found) = operator
        .get("/api/v1/buildings?q=%D0%9A%D0%BE%D0%BC%D0%B0%D1%80%D0%BE%D0%B2%D0%B0")
        .await;
    assert_eq!(found.as_array().unwrap().len(), 2);
    assert_eq!(found[0]["year_built"], 1968);
}

#[tokio::test]
async fn the_command_line_reports_bad_rows_and_a_missing_header() {
    let app = TestApp::spawn().await;
    let dir = std::env::temp_dir();
    let good = dir.join(format!("heatline-import-{}.csv", rand::random::<u32>()));
    std::fs::write(&good, CSV).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_heatline"))
        .args(["import", "buildings", "--db", &app.db.url])
        .arg(&good)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains("line 4: district: is empty"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("2 new"));

    std::fs::write(&good, "street,house\nЛенина,5\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_heatline"))
        .args(["import", "buildings", "--db", &app.db.url])
        .arg(&good)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&good);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("line 1: header: missing columns: address, district")
    );
}
