"""CloudEvents (CNCF `cloudevents` 2.x Python SDK) into POST /api/v1/events.

Mapping: id -> event_id, subject -> customer_id, type -> event_name, time -> timestamp,
data -> metadata. One event: `application/cloudevents+json`; many: a JSON array with
`application/cloudevents-batch+json` (the SDK has no batch helper; the array holds the same
objects `to_structured_event` writes).
"""

from __future__ import annotations

import datetime as dt
import json

import httpx
import pytest
from cloudevents.core.bindings.http import to_structured_event
from cloudevents.core.v1.event import CloudEvent

from conftest import BASE, KEY, new_customer, new_meter, ok, requires_server, run_id, utcnow

pytestmark = requires_server

BATCH = "application/cloudevents-batch+json"


@pytest.fixture(scope="module")
def http() -> httpx.Client:
    with httpx.Client(base_url=BASE, headers={"Authorization": f"Bearer {KEY}"}, timeout=30) as c:
        yield c


def ce(event_id: str, subject: str, type_: str, data=None, time: dt.datetime | None = None, **extra) -> CloudEvent:
    attrs = {"id": event_id, "source": "/compat-tests", "type": type_, "subject": subject,
             "time": time or utcnow(), **extra}
    return CloudEvent(attrs, data)


def structured_dict(event: CloudEvent) -> dict:
    return json.loads(to_structured_event(event).body)


def post_batch(http: httpx.Client, events: list) -> httpx.Response:
    body = json.dumps([e if isinstance(e, dict) else structured_dict(e) for e in events])
    return http.post("/api/v1/events", content=body, headers={"Content-Type": BATCH})


def stored(http: httpx.Client, event_id: str) -> dict | None:
    r = http.get(f"/api/v1/events/{event_id}")
    if r.status_code == 404:
        return None
    return ok(r)


def test_single_structured_event(http: httpx.Client, native: httpx.Client):
    rid = run_id()
    cust = new_customer(native, "ce")
    en = f"ce.single.{rid}"
    new_meter(native, aggregation={"type": "sum", "key": "tokens"}, event_name=en)
    when = (utcnow() - dt.timedelta(minutes=3)).replace(microsecond=0)
    msg = to_structured_event(ce(f"{rid}-1", cust, en, {"tokens": 12, "model": "gpt"}, when))
    assert msg.headers["content-type"] == "application/cloudevents+json"
    r = http.post("/api/v1/events", content=msg.body, headers=msg.headers)
    assert r.status_code == 204, r.text
    assert r.content == b""

    e = stored(http, f"{rid}-1")
    assert e is not None
    assert (e["event_id"], e["customer_id"], e["event_name"]) == (f"{rid}-1", cust, en)
    assert dt.datetime.fromisoformat(e["timestamp"].replace("Z", "+00:00")) == when
    assert e["metadata"] == {"tokens": 12, "model": "gpt"}

    # resending the same CloudEvent is a duplicate: still 204, stored once
    assert http.post("/api/v1/events", content=msg.body, headers=msg.headers).status_code == 204


def test_batch_all_good_then_duplicates(http: httpx.Client, native: httpx.Client):
    rid = run_id()
    cust = new_customer(native, "ceb")
    en = f"ce.batch.{rid}"
    new_meter(native, aggregation={"type": "count"}, event_name=en)
    events = [ce(f"{rid}-{i}", cust, en, {"n": i}) for i in range(3)]
    r = post_batch(http, events)
    assert r.status_code == 204, r.text
    assert all(stored(http, f"{rid}-{i}") for i in range(3))
    assert post_batch(http, events).status_code == 204  # all duplicates


def test_batch_with_one_bad_event_stores_the_others_and_names_it(http: httpx.Client, native: httpx.Client):
    rid = run_id()
    cust = new_customer(native, "cebad")
    en = f"ce.mixed.{rid}"
    new_meter(native, aggregation={"type": "sum", "key": "bytes"}, event_name=en)
    good1 = ce(f"{rid}-good1", cust, en, {"bytes": 100})
    bad = ce(f"{rid}-bad", f"cus_nobody_{rid}", en, {"bytes": 5})  # unknown customer
    good2 = ce(f"{rid}-good2", cust, en, {"bytes": 200})
    r = post_batch(http, [good1, bad, good2])
    assert r.status_code == 400, r.text
    body = r.json()
    text = json.dumps(body)
    assert f"{rid}-bad" in text  # the refused event is named
    rejected = body["error"]["rejected"]
    assert [(x["index"], x["event_id"]) for x in rejected] == [(1, f"{rid}-bad")]
    assert stored(http, f"{rid}-good1") is not None
    assert stored(http, f"{rid}-good2") is not None
    assert stored(http, f"{rid}-bad") is None


def test_batch_refuses_malformed_events_alone(http: httpx.Client, native: httpx.Client):
    rid = run_id()
    cust = new_customer(native, "cemal")
    en = f"ce.malformed.{rid}"
    new_meter(native, aggregation={"type": "count"}, event_name=en)
    good = structured_dict(ce(f"{rid}-ok", cust, en, {"k": "v"}))
    no_subject = {k: v for k, v in structured_dict(ce(f"{rid}-nosub", cust, en)).items() if k != "subject"}
    nested = structured_dict(ce(f"{rid}-nested", cust, en, {"deep": {"x": 1}}))
    old_spec = {**structured_dict(ce(f"{rid}-v03", cust, en)), "specversion": "0.3"}
    r = post_batch(http, [good, no_subject, nested, old_spec])
    assert r.status_code == 400, r.text
    rejected = r.json()["error"]["rejected"]
    assert [x["event_id"] for x in rejected] == [f"{rid}-nosub", f"{rid}-nested", f"{rid}-v03"]
    assert [x["index"] for x in rejected] == [1, 2, 3]
    assert stored(http, f"{rid}-ok") is not None


def test_same_path_takes_the_native_body(http: httpx.Client, native: httpx.Client):
    rid = run_id()
    cust = new_customer(native, "cenat")
    en = f"ce.native.{rid}"
    new_meter(native, aggregation={"type": "count"}, event_name=en)
    r = http.post("/api/v1/events", json={"events": [{"event_id": f"{rid}-n", "customer_id": cust, "event_name": en}]})
    assert r.status_code == 200, r.text
    assert r.json()["ingested"] == 1
    assert stored(http, f"{rid}-n")["customer_id"] == cust


def test_wrong_content_type_and_bad_json(http: httpx.Client, native: httpx.Client):
    r = http.post("/api/v1/events", content=b"[]", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    assert "error" in r.json()
    r = http.post("/api/v1/events", content=b"{not json", headers={"Content-Type": "application/cloudevents+json"})
    assert r.status_code == 400
    assert "error" in r.json()
