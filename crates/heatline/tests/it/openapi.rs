//! The server answers what `/api/v1/openapi.json` says: what schemathesis
//! (`scripts/schemathesis.sh`) found wrong, kept fixed.

use serde_json::{Value, json};

use crate::helpers::TestApp;

#[tokio::test]
async fn a_path_or_query_parameter_that_does_not_parse_is_a_422_naming_it() {
    let app = TestApp::spawn().await;
    let admin = app.api_as("admin").await;

    for (path, field) in [
        ("/api/v1/buildings/abc", "id"),
        ("/api/v1/buildings/-233073865101957558420888950407168", "id"),
        ("/api/v1/inspections/1/photos/x", "photo_id"),
        ("/api/v1/inspections/x/photos/1", "id"),
        ("/api/v1/addresses/resolve?q=x&limit=-1", "limit"),
        ("/api/v1/buildings?limit=9223372036854775808", "limit"),
        ("/api/v1/addresses/resolve?q=Ленина&limit=x", "limit"),
    ] {
        let (status, content_type, bytes) = admin.get_bytes(path).await;
        assert_eq!(status, 422, "{path}");
        assert_eq!(content_type, "application/json", "{path}");
        let body: Value = serde_json::from_slice(&bytes).expect("json");
        assert!(
            body["errors"][field].is_array(),
            "{path}: {field} not named in {body}"
        );
    }
    let (status, _) = admin.get("/api/v1/buildings?limit=5").await;
    assert_eq!(status, 200, "a good parameter still passes");
}

#[tokio::test]
async fn a_blank_billing_run_date_is_required_not_a_crash() {
    let app = TestApp::spawn().await;
    let admin = app.api_as("admin").await;

    for body in [
        json!({"date": ""}),
        json!({"date": "  "}),
        json!({"date": null}),
        json!({}),
    ] {
        let (status, answer) = admin.post("/api/v1/billing-runs", body.clone()).await;
        assert_eq!(status, 422, "{body}: {answer}");
        assert!(answer["errors"]["date"].is_array(), "{body}: {answer}");
    }
    let (status, _) = admin
        .post("/api/v1/billing-runs", json!({"date": "2026-12-01"}))
        .await;
    assert_eq!(status, 204);
}

#[tokio::test]
async fn the_document_names_the_shared_answers_and_each_schema_once() {
    let app = TestApp::spawn().await;
    let (status, doc) = app.anonymous().get("/api/v1/openapi.json").await;
    assert_eq!(status, 200);

    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            operations += 1;
            let what = format!("{method} {path}");
            let responses = &op["responses"];
            let signed_in = op["security"]
                .as_array()
                .is_some_and(|all| all.iter().any(|r| r.get("bearer").is_some()));
            if signed_in {
                for status in ["401", "403"] {
                    assert_eq!(
                        responses[status]["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorJson",
                        "{what}: {status}"
                    );
                }
            }
            let parses_input = op["parameters"].as_array().is_some_and(|p| !p.is_empty())
                || op.get("requestBody").is_some();
            if parses_input {
                assert_eq!(
                    responses["422"]["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/FieldErrorsJson",
                    "{what}: 422"
                );
            }
        }
    }
    assert!(operations > 80, "{operations} operations");
    assert!(
        doc["paths"]["/api/v1/auth/token"]["post"]["responses"]["401"].is_null(),
        "signing in needs no token"
    );

    // Two structs of one name made one component: the second silently
    // replaced the first, and the HQ workspace's reopened tickets were
    // described as quality-callback counts.
    let schemas = &doc["components"]["schemas"];
    for (name, field) in [
        ("ReopenedJson", "closed_again"),
        ("ReopenedTicketJson", "ticket_id"),
        ("WeekJson", "week"),
        ("WeekRangeJson", "from"),
        ("ScheduleJson", "visit_at"),
        ("HqScheduleJson", "meeting_weekday"),
        ("ReportJson", "visited_at"),
        ("DoneReportJson", "report"),
    ] {
        assert!(
            schemas[name]["properties"][field].is_object(),
            "{name}.{field}: {}",
            schemas[name]
        );
    }
    assert_eq!(
        schemas["WorkspaceJson"]["properties"]["reopened"]["items"]["$ref"],
        "#/components/schemas/ReopenedTicketJson"
    );
}
