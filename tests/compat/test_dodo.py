"""Dodo Payments' official Python SDK (dodopayments 1.123.x) against Meterdesk.

base_url = <portal>/api/v1, bearer = a Meterdesk API key, strict response validation ON:
every response below is validated field by field against the SDK's pydantic models, so a
passing call means the shape is right; the asserts check the values.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import dodopayments
import pytest
from dodopayments import DodoPayments

from conftest import (
    BASE,
    KEY,
    iso,
    native_usage,
    new_customer,
    new_subscription,
    ok,
    requires_server,
    run_id,
    utcnow,
)

pytestmark = requires_server


@pytest.fixture(scope="module")
def dodo():
    # max_retries=0: a failure shows at once (the SDK otherwise retries 408/409/429/5xx twice).
    client = DodoPayments(
        bearer_token=KEY,
        base_url=f"{BASE}/api/v1",
        _strict_response_validation=True,
        max_retries=0,
    )
    yield client
    client.close()


def parse(t: str) -> dt.datetime:
    return dt.datetime.fromisoformat(t.replace("Z", "+00:00"))


def close(a: dt.datetime, b: dt.datetime, seconds: float = 1.0) -> bool:
    return abs((a - b).total_seconds()) <= seconds


# --------------------------------------------------------------------------------------------
# customers
# --------------------------------------------------------------------------------------------


def test_customer_create_retrieve_update(dodo: DodoPayments):
    rid = run_id()
    c = dodo.customers.create(email=f"dodo-{rid}@example.test", name=f"Dodo {rid}")
    assert c.customer_id
    assert c.business_id
    assert c.email == f"dodo-{rid}@example.test"
    assert c.name == f"Dodo {rid}"
    assert close(c.created_at, utcnow(), 300)

    got = dodo.customers.retrieve(c.customer_id)
    assert (got.customer_id, got.business_id, got.email, got.name) == (c.customer_id, c.business_id, c.email, c.name)
    assert got.created_at == c.created_at

    # one business_id per installation
    other = dodo.customers.create(email=f"dodo-b-{rid}@example.test", name=f"Dodo B {rid}")
    assert other.business_id == c.business_id
    assert other.customer_id != c.customer_id

    upd = dodo.customers.update(c.customer_id, name=f"Dodo renamed {rid}", email=f"dodo-new-{rid}@example.test")
    assert upd.customer_id == c.customer_id
    assert upd.name == f"Dodo renamed {rid}"
    assert upd.email == f"dodo-new-{rid}@example.test"
    again = dodo.customers.retrieve(c.customer_id)
    assert (again.name, again.email) == (upd.name, upd.email)


def test_customer_metadata_round_trip(dodo: DodoPayments):
    """Contract decision D3 (DODO.md): customers keep Dodo's `metadata` (flat, same rules as
    event metadata). Numbers come back as floats through the SDK's Union[str, float, bool]."""
    rid = run_id()
    c = dodo.customers.create(
        email=f"meta-{rid}@example.test", name=f"Meta {rid}", metadata={"plan": "pro", "seats": 3, "beta": True}
    )
    assert c.metadata == {"plan": "pro", "seats": 3.0, "beta": True}
    assert dodo.customers.retrieve(c.customer_id).metadata == {"plan": "pro", "seats": 3.0, "beta": True}
    upd = dodo.customers.update(c.customer_id, metadata={"plan": "team"})
    assert upd.metadata == {"plan": "team"}


def test_customer_list_filters(dodo: DodoPayments):
    rid = run_id()
    before = utcnow() - dt.timedelta(seconds=2)
    made = [
        dodo.customers.create(email=f"filt{i}-{rid}@example.test", name=f"Filt {rid} {i}") for i in range(3)
    ]
    after = utcnow() + dt.timedelta(seconds=2)
    ids = {c.customer_id for c in made}

    by_email = list(dodo.customers.list(email=f"filt1-{rid}@example.test"))
    assert [c.customer_id for c in by_email] == [made[1].customer_id]

    # name: partial, case-insensitive
    by_name = list(dodo.customers.list(name=f"FILT {rid}".upper(), page_size=100))
    assert {c.customer_id for c in by_name} == ids

    in_window = list(dodo.customers.list(name=f"filt {rid}", created_at_gte=before, created_at_lte=after))
    assert {c.customer_id for c in in_window} == ids
    later = list(dodo.customers.list(name=f"filt {rid}", created_at_gte=after))
    assert later == []
    earlier = list(dodo.customers.list(name=f"filt {rid}", created_at_lte=before))
    assert earlier == []


def test_customer_list_25_with_page_size_10(dodo: DodoPayments, native):
    rid = run_id()
    prefix = f"Pager {rid}"
    ids = {
        dodo.customers.create(email=f"p{i}-{rid}@example.test", name=f"{prefix} {i:02d}").customer_id
        for i in range(25)
    }
    assert len(ids) == 25

    # what a user writes: auto-pagination, no page_number
    seen = [c.customer_id for c in dodo.customers.list(name=prefix, page_size=10)]
    assert len(seen) == 25, seen
    assert set(seen) == ids

    # the pages the SDK fetched: page_number absent, 2, 3, 4 (empty page ends the iteration)
    sizes = [len(p.items) for p in dodo.customers.list(name=prefix, page_size=10).iter_pages()]
    assert sizes == [10, 10, 5, 0]

    # explicit page numbers: 1-based, 0 is the first page too (DODO.md, decision D1)
    first = [c.customer_id for c in dodo.customers.list(name=prefix, page_size=10, page_number=1).items]
    zero = [c.customer_id for c in dodo.customers.list(name=prefix, page_size=10, page_number=0).items]
    assert first == zero == seen[:10]
    assert [c.customer_id for c in dodo.customers.list(name=prefix, page_size=10, page_number=3).items] == seen[20:]
    assert dodo.customers.list(name=prefix, page_size=10, page_number=4).items == []
    # page_number=0 through the SDK's iterator (0 -> 2 -> 3 ...) also sees each customer once
    assert [c.customer_id for c in dodo.customers.list(name=prefix, page_size=10, page_number=0)] == seen

    # keyset paging stays available on the same list (native `limit` + `starting_after`)
    keyset, cursor = [], None
    for _ in range(10):
        params = {"name": prefix, "limit": 10}
        if cursor:
            params["starting_after"] = cursor
        body = ok(native.get("/customers", params=params))
        rows = body.get("items", body.get("data"))
        keyset += [r.get("customer_id") or r["id"] for r in rows]
        cursor = body.get("next_cursor")
        if not body.get("has_more"):
            break
    assert keyset == seen


# --------------------------------------------------------------------------------------------
# meters
# --------------------------------------------------------------------------------------------


def all_meter_ids(dodo: DodoPayments, **kw) -> set[str]:
    return {m.id for m in dodo.meters.list(page_size=100, **kw)}


def test_meter_lifecycle(dodo: DodoPayments):
    rid = run_id()
    m = dodo.meters.create(
        name=f"Tokens {rid}",
        event_name=f"dodo.tokens.{rid}",
        measurement_unit="tokens",
        description="compat test",
        aggregation={"type": "sum", "key": "tokens"},
        filter={"conjunction": "and", "clauses": [{"key": "model", "operator": "equals", "value": "gpt"}]},
    )
    assert m.id and m.business_id
    assert (m.name, m.event_name, m.measurement_unit, m.description) == (
        f"Tokens {rid}", f"dodo.tokens.{rid}", "tokens", "compat test")
    assert (m.aggregation.type, m.aggregation.key) == ("sum", "tokens")
    assert m.filter is not None and m.filter.conjunction == "and"
    cond = m.filter.clauses[0]
    assert (cond.key, cond.operator, cond.value) == ("model", "equals", "gpt")

    got = dodo.meters.retrieve(m.id)
    assert (got.id, got.event_name, got.aggregation.type, got.business_id) == (m.id, m.event_name, "sum", m.business_id)

    upd = dodo.meters.update(m.id, name=f"Tokens v2 {rid}", measurement_unit="tok", description="changed")
    assert (upd.name, upd.measurement_unit, upd.description) == (f"Tokens v2 {rid}", "tok", "changed")
    assert upd.updated_at >= m.updated_at

    assert m.id in all_meter_ids(dodo, archived=False)
    assert m.id in all_meter_ids(dodo)  # no `archived` = active meters
    assert m.id not in all_meter_ids(dodo, archived=True)

    assert dodo.meters.archive(m.id) is None
    assert m.id not in all_meter_ids(dodo)
    assert m.id in all_meter_ids(dodo, archived=True)
    assert dodo.meters.retrieve(m.id).id == m.id  # archived meters stay readable

    assert dodo.meters.unarchive(m.id) is None
    assert m.id in all_meter_ids(dodo, archived=False)
    assert m.id not in all_meter_ids(dodo, archived=True)


def test_meter_count_and_nested_filter_validate(dodo: DodoPayments):
    """A group that mixes conditions and sub-groups is legal in Meterdesk but Dodo's model
    types `clauses` as all-conditions OR all-groups; the answer must still validate (D5)."""
    rid = run_id()
    m = dodo.meters.create(
        name=f"Calls {rid}",
        event_name=f"dodo.calls.{rid}",
        measurement_unit="calls",
        aggregation={"type": "count"},
        filter={
            "conjunction": "or",
            "clauses": [
                {"key": "region", "operator": "equals", "value": "eu"},
                {"conjunction": "and", "clauses": [
                    {"key": "region", "operator": "equals", "value": "us"},
                    {"key": "size", "operator": "greater_than", "value": 10},
                ]},
            ],
        },
    )
    assert m.aggregation.type == "count"
    assert m.aggregation.key is None
    assert dodo.meters.retrieve(m.id).filter is not None


# --------------------------------------------------------------------------------------------
# usage events
# --------------------------------------------------------------------------------------------


def test_events_ingest_list_retrieve(dodo: DodoPayments):
    rid = run_id()
    cust = dodo.customers.create(email=f"ev-{rid}@example.test", name=f"Events {rid}").customer_id
    en = f"dodo.req.{rid}"
    count_meter = dodo.meters.create(name=f"Req {rid}", event_name=en, measurement_unit="req",
                                     aggregation={"type": "count"})
    gpt_meter = dodo.meters.create(
        name=f"GPT tokens {rid}", event_name=en, measurement_unit="tokens",
        aggregation={"type": "sum", "key": "tokens"},
        filter={"conjunction": "and", "clauses": [{"key": "model", "operator": "equals", "value": "gpt"}]},
    )
    now = utcnow()
    events = [
        {
            "event_id": f"{rid}-{i}",
            "customer_id": cust,
            "event_name": en,
            "timestamp": now - dt.timedelta(minutes=10 - i),  # -10, -9, -8, -7, -6 min
            "metadata": {"tokens": 10 * (i + 1), "model": "gpt" if i % 2 == 0 else "claude"},
        }
        for i in range(5)
    ]
    other = {"event_id": f"{rid}-other", "customer_id": cust, "event_name": f"{en}.other",
             "timestamp": iso(now - dt.timedelta(seconds=30))}

    res = dodo.usage_events.ingest(events=events + [other])
    assert res.ingested_count == 6
    again = dodo.usage_events.ingest(events=events[:2])  # resent ids are duplicates
    assert again.ingested_count == 0

    every = [e.event_id for e in dodo.usage_events.list(customer_id=cust, page_size=2)]
    assert sorted(every) == sorted([e["event_id"] for e in events] + [other["event_id"]])

    by_name = {e.event_id for e in dodo.usage_events.list(customer_id=cust, event_name=en)}
    assert by_name == {e["event_id"] for e in events}

    by_meter = {e.event_id for e in dodo.usage_events.list(customer_id=cust, meter_id=gpt_meter.id)}
    assert by_meter == {f"{rid}-0", f"{rid}-2", f"{rid}-4"}
    assert {e.event_id for e in dodo.usage_events.list(customer_id=cust, meter_id=count_meter.id)} == by_name

    # start/end: events at -8 and -7 minutes; `start` naive (the SDK then sends no offset = UTC)
    window = {
        e.event_id
        for e in dodo.usage_events.list(
            customer_id=cust,
            start=(now - dt.timedelta(minutes=8, seconds=30)).replace(tzinfo=None),
            end=now - dt.timedelta(minutes=6, seconds=30),
        )
    }
    assert window == {f"{rid}-2", f"{rid}-3"}

    e = dodo.usage_events.retrieve(f"{rid}-1")
    assert (e.event_id, e.customer_id, e.event_name) == (f"{rid}-1", cust, en)
    assert e.business_id
    assert close(e.timestamp, events[1]["timestamp"])
    assert e.metadata == {"tokens": 20.0, "model": "claude"}


# --------------------------------------------------------------------------------------------
# subscriptions
# --------------------------------------------------------------------------------------------


def test_subscription_retrieve_and_usage_history(dodo: DodoPayments, native):
    rid = run_id()
    cust = dodo.customers.create(email=f"sub-{rid}@example.test", name=f"Sub {rid}").customer_id
    meter = dodo.meters.create(name=f"Tokens {rid}", event_name=f"dodo.sub.{rid}", measurement_unit="tokens",
                               aggregation={"type": "sum", "key": "tokens"})
    now = utcnow()
    # started ~31 days ago: the previous cycle is still within the API's 35-day ingest window
    start = (now - dt.timedelta(days=31)).replace(minute=0, second=0, microsecond=0)
    sub = new_subscription(native, cust, meter.id, price="0.50", free="100", start=start)
    cur = native_usage(native, sub["id"])
    prev = native_usage(native, sub["id"], at=parse(cur["period_start"]) - dt.timedelta(seconds=1))
    assert parse(prev["period_start"]) == start

    # current cycle: 5 x 50 = 250 tokens -> (250 - 100) x 0.50 = 75.00
    # previous cycle: 1 x 40 = 40 tokens -> below the free 100 -> 0.00
    batch = [{"event_id": f"{rid}-{i}", "customer_id": cust, "event_name": meter.event_name,
              "timestamp": now - dt.timedelta(seconds=10 + i), "metadata": {"tokens": 50}} for i in range(5)]
    batch.append({"event_id": f"{rid}-old", "customer_id": cust, "event_name": meter.event_name,
                  "timestamp": start + dt.timedelta(hours=1), "metadata": {"tokens": 40}})
    assert dodo.usage_events.ingest(events=batch).ingested_count == 6
    # the batch, as the SDK lists it back (2 per page: 3 pages and the empty one)
    listed = {e.event_id: e.metadata["tokens"] for e in dodo.usage_events.list(customer_id=cust, page_size=2)}
    assert listed == {b["event_id"]: float(b["metadata"]["tokens"]) for b in batch}

    s = dodo.subscriptions.retrieve(sub["id"])
    assert s.subscription_id == sub["id"]
    assert s.product_id == sub["product_id"]
    assert s.customer.customer_id == cust
    assert s.status == "active"
    assert s.currency == "USD"
    assert s.payment_frequency_interval == "Month"
    assert s.previous_billing_date == parse(cur["period_start"])
    assert s.next_billing_date == parse(cur["period_end"])
    assert [(m.meter_id, m.free_threshold, Decimal(m.price_per_unit)) for m in s.meters] == [
        (meter.id, 100, Decimal("0.50"))]

    native_line = native_usage(native, sub["id"])["meters"][0]
    assert Decimal(native_line["consumed"]) == 250
    assert Decimal(native_line["charge"]) == Decimal("75.00")

    cycles = list(dodo.subscriptions.retrieve_usage_history(sub["id"], page_size=1))  # 2 pages of 1
    assert len(cycles) == 2
    newest, oldest = cycles  # newest cycle first
    assert (newest.start_date, newest.end_date) == (parse(cur["period_start"]), parse(cur["period_end"]))
    assert (oldest.start_date, oldest.end_date) == (parse(prev["period_start"]), parse(prev["period_end"]))

    line = newest.meters[0]
    assert line.id == meter.id
    assert line.name == meter.name
    assert line.currency == "USD"
    assert Decimal(line.consumed_units) == 250
    assert Decimal(line.chargeable_units) == 150
    assert line.free_threshold == 100
    assert Decimal(line.price_per_unit) == Decimal("0.50")
    assert line.total_price == 7500  # minor units (cents)

    old = oldest.meters[0]
    assert (Decimal(old.consumed_units), Decimal(old.chargeable_units), old.total_price) == (40, 0, 0)

    # filters
    only = list(dodo.subscriptions.retrieve_usage_history(sub["id"], meter_id=meter.id))
    assert len(only) == 2 and all(m.id == meter.id for c in only for m in c.meters)
    # start_date/end_date select the cycles that overlap [start_date, end_date]
    recent = list(dodo.subscriptions.retrieve_usage_history(sub["id"], start_date=utcnow()))
    assert [c.start_date for c in recent] == [newest.start_date]
    first = list(dodo.subscriptions.retrieve_usage_history(sub["id"], end_date=start + dt.timedelta(days=1)))
    assert [c.start_date for c in first] == [oldest.start_date]
    future = list(dodo.subscriptions.retrieve_usage_history(sub["id"], start_date=now + dt.timedelta(days=40)))
    assert future == []


# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------


def test_errors_map_to_sdk_exceptions(dodo: DodoPayments):
    rid = run_id()
    with pytest.raises(dodopayments.NotFoundError):
        dodo.customers.retrieve(f"cus_missing_{rid}")
    with pytest.raises(dodopayments.NotFoundError):
        dodo.meters.retrieve(f"mtr_missing_{rid}")
    with pytest.raises(dodopayments.NotFoundError):
        dodo.usage_events.retrieve(f"missing-{rid}")
    with pytest.raises(dodopayments.NotFoundError):
        dodo.subscriptions.retrieve(f"sub_missing_{rid}")
    with pytest.raises((dodopayments.BadRequestError, dodopayments.UnprocessableEntityError)) as err:
        dodo.meters.create(name="x", event_name=f"x.{rid}", measurement_unit="u", aggregation={"type": "sum"})
    assert isinstance(err.value.body, dict) and "error" in err.value.body


def test_bad_events_are_refused_alone(dodo: DodoPayments, native):
    rid = run_id()
    cust = new_customer(native, "bad")
    en = f"dodo.bad.{rid}"
    dodo.meters.create(name=f"B {rid}", event_name=en, measurement_unit="u", aggregation={"type": "count"})
    res = dodo.usage_events.ingest(events=[
        {"event_id": f"{rid}-ok", "customer_id": cust, "event_name": en},
        {"event_id": f"{rid}-nobody", "customer_id": f"cus_nobody_{rid}", "event_name": en},
    ])
    assert res.ingested_count == 1
    extra = res.model_extra or {}  # Meterdesk's own fields ride along as extras
    assert [r["event_id"] for r in extra.get("rejected", [])] == [f"{rid}-nobody"]
    assert dodo.usage_events.retrieve(f"{rid}-ok").customer_id == cust
    with pytest.raises(dodopayments.NotFoundError):
        dodo.usage_events.retrieve(f"{rid}-nobody")
