"""Drives Heatline's Open311 endpoint through two GeoReport v2 clients written
by others, unchanged, as installed from PyPI: `georeport` (reads, JSON and
XML) and `civicbot` (reads and posts, JSON). civicbot's transport decodes JSON
only, so the XML post sends the exact form civicbot builds for `.xml` and reads
the answer with xmltodict, as georeport does.

Usage: python open311_clients.py ROOT_URL API_KEY. Exits non-zero on the first
failed check; prints one line per check.
"""

import sys

import requests
import xmltodict
from civicbot.http import HttpError
from civicbot.open311 import Open311Client
from civicbot.registry import Endpoint
from georeport import GeoReport

ROOT, KEY = sys.argv[1], sys.argv[2]
CHECKS = 0


def check(what, condition, detail=""):
    global CHECKS
    if not condition:
        print(f"FAIL {what}: {detail}", flush=True)
        sys.exit(1)
    CHECKS += 1
    print(f"ok   {what}", flush=True)


def as_list(value):
    """xmltodict gives a dict for one repeated element and a list for several."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


DESCRIPTION = "Холодные батареи в спальне, +15 °C. «Срочно» & <без воды>"


def civicbot_checks():
    endpoint = Endpoint(id="heatline", name="Уфа-тёплая", base_url=ROOT, write=True)
    client = Open311Client(endpoint)
    services = client.list_services()
    codes = [s["service_code"] for s in services]
    check("civicbot list_services", "no_heat" in codes and len(codes) == 7, codes)
    definition = client.get_service_definition("no_heat")
    attrs = {a["code"]: a for a in definition["attributes"]}
    check("civicbot get_service_definition", attrs["cold_rooms"]["datatype"] == "multivaluelist", attrs)

    # A building the registry knows, taken from the public list itself.
    listed = client.list_requests(page_size=50)
    known = next(r for r in listed if r.get("address_id"))
    address, address_id = known["address"], known["address_id"]
    check("civicbot list_requests", len(listed) > 0 and address, len(listed))

    prepared = client.create_request(
        "no_heat",
        dry_run=False,
        confirm="SEND",
        api_key=KEY,
        validate_remote=True,
        address_id=address_id,
        description=DESCRIPTION,
        phone="+7 917 123-45-67",
        first_name="Айгуль",
        last_name="Сафина",
        email="aigul@example.ru",
        attributes={
            "apartment": "12",
            "entrance": "3",
            "indoor_temperature": "15",
            "radiators": "lukewarm",
            "cold_rooms": ["bedroom", "corner_room"],
        },
    )
    created = prepared.response[0]
    request_id = created["service_request_id"]
    check("civicbot create_request (Cyrillic, attributes)", request_id and created.get("token"), created)

    got = client.get_request(request_id)
    check("civicbot get_request: the text comes back", got["description"] == DESCRIPTION, got)
    check("civicbot get_request: the building", got["address"] == address and got["address_id"] == address_id, got)
    check("civicbot get_request: routed with a deadline", got["agency_responsible"] and got["expected_datetime"], got)
    check(
        "civicbot get_request: no personal data",
        all(secret not in str(got) for secret in ["Айгуль", "Сафина", "aigul@", "123-45-67"]),
        got,
    )
    token = client.get_token(created["token"])
    check("civicbot get_token", token[0]["service_request_id"] == request_id, token)
    filtered = client.list_requests(
        service_code="no_heat", status="open", service_request_ids=[request_id]
    )
    check("civicbot filtered list_requests", [r["service_request_id"] for r in filtered] == [request_id], filtered)
    try:
        client.get_request("2026-999999")
        check("civicbot 404 for an unknown id", False, "no error")
    except HttpError as e:
        check("civicbot 404 for an unknown id", e.status == 404 and '"code":404' in e.body, e)
    try:
        client.create_request(
            "no_heat", dry_run=False, confirm="SEND", api_key="hl_wrong",
            address_string=address, description="x", phone="+79170000000",
        )
        check("civicbot 403 for a wrong key", False, "no error")
    except HttpError as e:
        check("civicbot 403 for a wrong key", e.status == 403, e)

    xml_client = Open311Client(endpoint, fmt="xml")
    prepared = xml_client.build_request(
        "leak",
        address_string=address,
        description="Течёт стояк в подъезде",
        phone="+79171112233",
        api_key=KEY,
        attributes={"leak_place": "stairwell", "entrance": "1"},
        definition=client.get_service_definition("leak"),
    )
    res = requests.post(prepared.url, data=prepared.form, timeout=20)
    check("XML post of civicbot's form", res.status_code == 200, res.text)
    posted = xmltodict.parse(res.content)["service_requests"]["request"]
    check("XML post answers with a request id", posted["service_request_id"].startswith("20"), posted)
    return request_id, posted["service_request_id"]


def georeport_checks(fmt, request_id):
    client = GeoReport(ROOT, api_key=KEY, output_format=fmt)
    services = client.get_service_list()
    codes = [s["service_code"] for s in services]
    check(f"georeport {fmt} get_service_list", codes[:2] == ["no_heat", "air_lock"], codes)
    definition = client.get_service_definition("no_heat")
    if fmt == "json":
        attributes = definition["attributes"]
    else:
        attributes = as_list(definition["attributes"]["attribute"])
    check(f"georeport {fmt} get_service_definition", attributes[0]["code"] == "apartment", attributes)
    listed = as_list(client.get_service_requests())
    check(f"georeport {fmt} get_service_requests", len(listed) > 0, len(listed))
    filtered = as_list(client.get_service_requests(service_code="no_heat,leak", status="open"))
    check(
        f"georeport {fmt} filtered get_service_requests",
        filtered and all(r["service_code"] in ("no_heat", "leak") and r["status"] == "open" for r in filtered),
        filtered[:2],
    )
    by_id = as_list(client.get_service_requests(service_request_id=request_id))
    check(f"georeport {fmt} by service_request_id", [r["service_request_id"] for r in by_id] == [request_id], by_id)
    one = client.get_service_request(request_id)
    check(f"georeport {fmt} get_service_request", one["description"] == DESCRIPTION, one)
    try:
        client.get_service_request("2026-999999")
        check(f"georeport {fmt} 404", False, "no error")
    except requests.HTTPError as e:
        check(f"georeport {fmt} 404", e.response.status_code == 404, e)


def main():
    json_id, xml_id = civicbot_checks()
    for fmt in ("json", "xml"):
        georeport_checks(fmt, json_id)
    one = GeoReport(ROOT, output_format="xml").get_service_request(xml_id)
    check("georeport xml reads the XML-posted request", one["service_code"] == "leak", one)
    print(f"{CHECKS} passed, 0 failed")


main()
