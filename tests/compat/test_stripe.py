"""Stripe's official Python SDK (stripe 16.1.x) against Meterdesk's Stripe surface.

Uses the shared fixtures of tests/compat/conftest.py (setup and cross-checks through the native
API).

api_base (and the meter-events base used by the v2 stream) = <portal>/stripe; the API key is
the secret key. Both client styles are exercised: StripeClient(base_addresses=...) and the
module-level `stripe.api_base` / `stripe.meter_events_api_base`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import stripe

from conftest import (
    BASE,
    KEY,
    dec,
    eventually,
    floor_hour,
    native_usage,
    new_subscription,
    ok,
    requires_server,
    run_id,
    utcnow,
)

pytestmark = requires_server

STRIPE_BASE = f"{BASE}/stripe"


@pytest.fixture(scope="module")
def sc() -> stripe.StripeClient:
    return stripe.StripeClient(
        KEY,
        base_addresses={"api": STRIPE_BASE, "meter_events": STRIPE_BASE},
        max_network_retries=0,
    )


def stream_client(token: str) -> stripe.StripeClient:
    """The v2 stream authenticates with the meter event session's token, not the API key."""
    return stripe.StripeClient(token, base_addresses={"api": STRIPE_BASE, "meter_events": STRIPE_BASE},
                               max_network_retries=0)


def unix(t: dt.datetime) -> int:
    return int(t.timestamp())


def around(t: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """An hour-aligned window that surely holds events sent just before `t` (even across an
    hour boundary): [previous hour, next hour + 1)."""
    h = floor_hour(t)
    return h - dt.timedelta(hours=1), h + dt.timedelta(hours=2)


def new_stripe_customer(sc: stripe.StripeClient, tag: str = "s") -> str:
    rid = run_id()
    return sc.v1.customers.create({"email": f"{tag}-{rid}@example.test", "name": f"Stripe {tag} {rid}"}).id


# --------------------------------------------------------------------------------------------
# customers
# --------------------------------------------------------------------------------------------


def test_customers_create_retrieve_list(sc: stripe.StripeClient, native):
    rid = run_id()
    email = f"stripe-{rid}@example.test"
    c = sc.v1.customers.create({"email": email, "name": f"Stripe {rid}"})
    assert c.object == "customer"
    assert c.id.startswith("cus_")
    assert c.email == email and c.name == f"Stripe {rid}"
    assert c.livemode is False
    assert isinstance(c.created, int) and abs(c.created - unix(utcnow())) < 300
    assert c.metadata.to_dict() == {}
    # Metadata and phone are kept: the same customer columns the native (Dodo) surface has.
    m = sc.v1.customers.create(
        {"email": f"m-{email}", "name": "x", "phone": "+33 1 23 45 67 89", "metadata": {"crm": rid, "tier": "2"}}
    )
    assert m.metadata.to_dict() == {"crm": rid, "tier": "2"} and m.phone == "+33 1 23 45 67 89"
    assert sc.v1.customers.retrieve(m.id).metadata.to_dict() == {"crm": rid, "tier": "2"}
    native_m = ok(native.get(f"/customers/{m.id}"))
    assert native_m["metadata"] == {"crm": rid, "tier": "2"}
    assert native_m["phone_number"] == "+33 1 23 45 67 89"
    # what a customer cannot hold is refused by name, never dropped
    with pytest.raises(stripe.InvalidRequestError) as err:
        sc.v1.customers.create({"email": email, "name": "x", "description": "vip"})
    assert err.value.http_status == 400 and err.value.param == "description"

    got = sc.v1.customers.retrieve(c.id)
    assert (got.id, got.email, got.created) == (c.id, email, c.created)

    # the same customer through the native API (one customer table)
    body = ok(native.get(f"/customers/{c.id}"))
    assert (body.get("customer_id") or body["id"]) == c.id

    # list + auto-pagination by starting_after = last id (4 more with the same email)
    more = [sc.v1.customers.create({"email": email, "name": f"Stripe {rid} {i}"}).id for i in range(4)]
    page = sc.v1.customers.list({"email": email, "limit": 2})
    assert page.object == "list" and page.url == "/v1/customers"
    assert len(page.data) == 2 and page.has_more is True
    seen = [x.id for x in page.auto_paging_iter()]
    assert sorted(seen) == sorted([c.id] + more) and len(seen) == 5
    created_window = sc.v1.customers.list(
        {"email": email, "created": {"gte": c.created, "lte": unix(utcnow()) + 5}, "limit": 100})
    assert {x.id for x in created_window.data} == set(seen)

    with pytest.raises(stripe.InvalidRequestError) as err:
        sc.v1.customers.retrieve(f"cus_missing{rid}")
    assert err.value.http_status == 404
    assert err.value.code == "resource_missing"


# --------------------------------------------------------------------------------------------
# billing meters
# --------------------------------------------------------------------------------------------


def test_meter_create_defaults_update_deactivate_reactivate(sc: stripe.StripeClient, native):
    rid = run_id()
    m = sc.v1.billing.meters.create({
        "display_name": f"API calls {rid}",
        "event_name": f"stripe.calls.{rid}",
        "default_aggregation": {"formula": "sum"},
    })
    assert m.object == "billing.meter" and m.id
    assert m.display_name == f"API calls {rid}" and m.event_name == f"stripe.calls.{rid}"
    assert m.default_aggregation.formula == "sum"
    assert m.customer_mapping.event_payload_key == "stripe_customer_id"
    assert m.customer_mapping.type == "by_id"
    assert m.value_settings.event_payload_key == "value"
    assert m.status == "active" and m.status_transitions.deactivated_at is None
    assert m.livemode is False and m.event_time_window is None
    assert isinstance(m.created, int) and isinstance(m.updated, int)

    # an ordinary Meterdesk meter
    native_meter = ok(native.get(f"/meters/{m.id}"))
    assert native_meter["event_name"] == m.event_name
    assert native_meter["aggregation"] == {"type": "sum", "key": "value"} or (
        native_meter["aggregation"]["type"] == "sum" and native_meter["aggregation"]["key"] == "value")

    got = sc.v1.billing.meters.retrieve(m.id)
    assert (got.id, got.display_name, got.created) == (m.id, m.display_name, m.created)

    upd = sc.v1.billing.meters.update(m.id, {"display_name": f"API calls v2 {rid}"})
    assert upd.display_name == f"API calls v2 {rid}"
    assert ok(native.get(f"/meters/{m.id}"))["name"] == f"API calls v2 {rid}"

    # list: auto-paging with limit=1 walks starting_after=<meter id>
    assert m.id in {x.id for x in sc.v1.billing.meters.list({"status": "active", "limit": 100}).auto_paging_iter()}

    off = sc.v1.billing.meters.deactivate(m.id)
    assert off.status == "inactive"
    assert isinstance(off.status_transitions.deactivated_at, int)
    assert m.id in {x.id for x in sc.v1.billing.meters.list({"status": "inactive", "limit": 100}).auto_paging_iter()}
    assert m.id not in {x.id for x in sc.v1.billing.meters.list({"status": "active", "limit": 100}).auto_paging_iter()}

    on = sc.v1.billing.meters.reactivate(m.id)
    assert on.status == "active" and on.status_transitions.deactivated_at is None


def test_meter_list_pages_by_object_id(sc: stripe.StripeClient):
    rid = run_id()
    made = [sc.v1.billing.meters.create({"display_name": f"Pg {rid} {i}", "event_name": f"stripe.pg.{rid}",
                                         "default_aggregation": {"formula": "count"}}).id for i in range(3)]
    first = sc.v1.billing.meters.list({"limit": 1})
    assert first.object == "list" and first.url == "/v1/billing/meters" and first.has_more is True
    second = sc.v1.billing.meters.list({"limit": 1, "starting_after": first.data[0].id})
    assert second.data[0].id != first.data[0].id
    # newest first: the three just made lead an unfiltered list
    top = [x.id for x in sc.v1.billing.meters.list({"limit": 3}).data]
    assert top == list(reversed(made))


def test_meter_create_errors(sc: stripe.StripeClient):
    with pytest.raises(stripe.InvalidRequestError) as err:
        sc.v1.billing.meters.create({"display_name": "x", "default_aggregation": {"formula": "sum"}})
    assert err.value.http_status == 400 and err.value.param == "event_name"
    with pytest.raises(stripe.InvalidRequestError) as err:
        sc.v1.billing.meters.create({"display_name": "x", "event_name": f"x.{run_id()}",
                                     "default_aggregation": {"formula": "median"}})
    assert err.value.param == "default_aggregation[formula]"
    with pytest.raises(stripe.InvalidRequestError) as err:
        sc.v1.billing.meters.retrieve(f"mtr_missing{run_id()}")
    assert err.value.http_status == 404


# --------------------------------------------------------------------------------------------
# meter events: 1,000 through the SDK (v1 + v2 stream), one cancelled, one identifier repeated
# --------------------------------------------------------------------------------------------

N_V1 = 400
N_STREAM = 600  # 6 stream requests of 100


def test_thousand_events_summaries_equal_native_usage(sc: stripe.StripeClient, native):
    rid = run_id()
    cust = new_stripe_customer(sc, "k")
    meter = sc.v1.billing.meters.create({
        "display_name": f"Tokens {rid}",
        "event_name": f"stripe.tokens.{rid}",
        "default_aggregation": {"formula": "sum"},
        "customer_mapping": {"type": "by_id", "event_payload_key": "stripe_customer_id"},
        "value_settings": {"event_payload_key": "value"},
    })
    sub = new_subscription(native, cust, meter.id, price="0.01", free="0")  # cycle began last hour
    now = utcnow()
    hour = floor_hour(now)

    values: dict[str, int] = {}

    # v1: one request per event, form-encoded payload[...]
    for i in range(N_V1):
        ident = f"{rid}-v1-{i}"
        values[ident] = i % 7 + 1
        ev = sc.v1.billing.meter_events.create({
            "event_name": meter.event_name,
            "identifier": ident,
            "timestamp": unix(now) - (i % 3000),
            "payload": {"stripe_customer_id": cust, "value": str(values[ident])},
        })
        if i == 0:
            assert ev.object == "billing.meter_event"
            assert ev.identifier == ident and ev.event_name == meter.event_name
            assert ev.payload.to_dict() == {"stripe_customer_id": cust, "value": "1"}
            assert ev.timestamp == unix(now) and ev.livemode is False

    # v2: session token, then the stream (JSON, 100 events per request, RFC 3339 timestamps)
    session = sc.v2.billing.meter_event_session.create()
    assert session.object == "v2.billing.meter_event_session"
    assert session.authentication_token and session.id
    expires = dt.datetime.fromisoformat(session.expires_at.replace("Z", "+00:00"))
    assert now < expires <= now + dt.timedelta(minutes=20)
    stream = stream_client(session.authentication_token)
    for b in range(N_STREAM // 100):
        batch = []
        for j in range(100):
            i = b * 100 + j
            ident = f"{rid}-v2-{i}"
            values[ident] = i % 5 + 1
            batch.append({
                "event_name": meter.event_name,
                "identifier": ident,
                "timestamp": (now - dt.timedelta(seconds=i % 3000)).isoformat().replace("+00:00", "Z"),
                "payload": {"stripe_customer_id": cust, "value": str(values[ident])},
            })
        assert stream.v2.billing.meter_event_stream.create({"events": batch}) is None
    assert len(values) == N_V1 + N_STREAM == 1000

    # a repeated identifier is counted once (the answer may be the stored event or a 400)
    try:
        sc.v1.billing.meter_events.create({"event_name": meter.event_name, "identifier": f"{rid}-v1-1",
                                           "payload": {"stripe_customer_id": cust, "value": "1000"}})
    except stripe.InvalidRequestError:
        pass
    stream.v2.billing.meter_event_stream.create({"events": [{
        "event_name": meter.event_name, "identifier": f"{rid}-v2-1",
        "payload": {"stripe_customer_id": cust, "value": "1000"}}]})

    # cancel one event
    adj = sc.v1.billing.meter_event_adjustments.create({
        "event_name": meter.event_name, "type": "cancel", "cancel": {"identifier": f"{rid}-v1-7"}})
    assert adj.object == "billing.meter_event_adjustment"
    assert adj.type == "cancel" and adj.cancel.identifier == f"{rid}-v1-7"
    assert adj.status in ("complete", "pending")
    expected = sum(values.values()) - values[f"{rid}-v1-7"]

    start, end = sub["start"], hour + dt.timedelta(hours=1)

    def summaries_match():
        whole = sc.v1.billing.meters.event_summaries.list(
            meter.id, {"customer": cust, "start_time": unix(start), "end_time": unix(end)})
        assert whole.object == "list"
        assert len(whole.data) == 1
        s = whole.data[0]
        assert s.object == "billing.meter_event_summary" and s.meter == meter.id
        assert (s.start_time, s.end_time) == (unix(start), unix(end))
        assert Decimal(str(s.aggregated_value)) == expected
        return s

    eventually(summaries_match)

    hourly = list(sc.v1.billing.meters.event_summaries.list(
        meter.id, {"customer": cust, "start_time": unix(start), "end_time": unix(end),
                   "value_grouping_window": "hour", "limit": 1}).auto_paging_iter())
    assert all(h.end_time - h.start_time == 3600 and h.start_time % 3600 == 0 for h in hourly)
    assert len({h.id for h in hourly}) == len(hourly)
    assert sum(Decimal(str(h.aggregated_value)) for h in hourly) == expected
    assert {h.start_time for h in hourly} <= {unix(start), unix(start) + 3600}

    # ... and Meterdesk's own usage API says the same for the same customer and cycle
    usage = native_usage(native, sub["id"])
    line = next(m for m in usage["meters"] if m["meter_id"] == meter.id)
    assert dec(line["consumed"]) == expected
    assert dec(line["charge"]) == (Decimal(expected) * Decimal("0.01")).quantize(Decimal("0.01"))

    # the cancelled event is voided, not deleted: its identifier stays taken
    with pytest.raises(stripe.InvalidRequestError):
        sc.v1.billing.meter_event_adjustments.create({
            "event_name": meter.event_name, "type": "cancel", "cancel": {"identifier": f"{rid}-v1-7"}})


def test_custom_payload_keys_and_count(sc: stripe.StripeClient):
    rid = run_id()
    cust = new_stripe_customer(sc, "m")
    en = f"stripe.custom.{rid}"
    sum_meter = sc.v1.billing.meters.create({
        "display_name": f"Tok {rid}", "event_name": en, "default_aggregation": {"formula": "sum"},
        "customer_mapping": {"type": "by_id", "event_payload_key": "user"},
        "value_settings": {"event_payload_key": "tokens"}})
    count_meter = sc.v1.billing.meters.create({
        "display_name": f"Cnt {rid}", "event_name": en, "default_aggregation": {"formula": "count"},
        "customer_mapping": {"type": "by_id", "event_payload_key": "user"}})
    assert sum_meter.customer_mapping.event_payload_key == "user"
    assert sum_meter.value_settings.event_payload_key == "tokens"
    now = utcnow()
    for i in range(3):
        sc.v1.billing.meter_events.create({"event_name": en, "identifier": f"{rid}-{i}",
                                           "payload": {"user": cust, "tokens": "2.5"}})
    start, end = around(now)
    q = {"customer": cust, "start_time": unix(start), "end_time": unix(end)}
    assert sc.v1.billing.meters.event_summaries.list(sum_meter.id, q).data[0].aggregated_value == 7.5
    assert sc.v1.billing.meters.event_summaries.list(count_meter.id, q).data[0].aggregated_value == 3


def test_v2_meter_event_and_adjustment(sc: stripe.StripeClient):
    rid = run_id()
    cust = new_stripe_customer(sc, "v2")
    meter = sc.v1.billing.meters.create({"display_name": f"V2 {rid}", "event_name": f"stripe.v2.{rid}",
                                         "default_aggregation": {"formula": "count"}})
    made = [sc.v2.billing.meter_events.create({
        "event_name": meter.event_name, "identifier": f"{rid}-{i}",
        "payload": {"stripe_customer_id": cust}}) for i in range(4)]
    assert made[0].object == "v2.billing.meter_event"
    assert made[0].identifier == f"{rid}-0"
    assert isinstance(made[0].created, str) and made[0].created.endswith("Z")
    assert made[0].payload.to_dict() == {"stripe_customer_id": cust}

    adj = sc.v2.billing.meter_event_adjustments.create({
        "event_name": meter.event_name, "type": "cancel", "cancel": {"identifier": f"{rid}-2"}})
    assert adj.object == "v2.billing.meter_event_adjustment" and adj.id
    assert adj.cancel.identifier == f"{rid}-2" and adj.type == "cancel"

    start, end = around(utcnow())
    summary = sc.v1.billing.meters.event_summaries.list(meter.id, {
        "customer": cust, "start_time": unix(start), "end_time": unix(end)}).data[0]
    assert summary.aggregated_value == 3


def test_meter_event_errors(sc: stripe.StripeClient):
    rid = run_id()
    meter = sc.v1.billing.meters.create({"display_name": f"E {rid}", "event_name": f"stripe.err.{rid}",
                                         "default_aggregation": {"formula": "sum"}})
    with pytest.raises(stripe.InvalidRequestError) as err:  # unknown customer
        sc.v1.billing.meter_events.create({"event_name": meter.event_name,
                                           "payload": {"stripe_customer_id": f"cus_nobody{rid}", "value": "1"}})
    assert err.value.http_status == 400
    with pytest.raises(stripe.InvalidRequestError) as err:  # customer key missing
        sc.v1.billing.meter_events.create({"event_name": meter.event_name, "payload": {"value": "1"}})
    assert err.value.http_status == 400
    with pytest.raises(stripe.AuthenticationError):  # the stream needs a session token
        stream_client(f"not-a-token-{rid}").v2.billing.meter_event_stream.create(
            {"events": [{"event_name": meter.event_name, "payload": {"stripe_customer_id": "x", "value": "1"}}]})
    with pytest.raises(stripe.InvalidRequestError) as err:  # unknown identifier
        sc.v1.billing.meter_event_adjustments.create({"event_name": meter.event_name, "type": "cancel",
                                                     "cancel": {"identifier": f"missing-{rid}"}})


def test_module_level_configuration(native):
    """The older style: module globals. `meter_events_api_base` is what the v2 stream uses."""
    rid = run_id()
    saved = (stripe.api_key, stripe.api_base, stripe.meter_events_api_base, stripe.max_network_retries)
    try:
        stripe.api_key, stripe.api_base, stripe.meter_events_api_base = KEY, STRIPE_BASE, STRIPE_BASE
        stripe.max_network_retries = 0
        c = stripe.Customer.create(email=f"mod-{rid}@example.test", name=f"Mod {rid}")
        m = stripe.billing.Meter.create(display_name=f"Mod {rid}", event_name=f"stripe.mod.{rid}",
                                        default_aggregation={"formula": "sum"})
        stripe.billing.Meter.modify(m.id, display_name=f"Mod v2 {rid}")
        stripe.billing.MeterEvent.create(event_name=m.event_name, identifier=f"{rid}-a",
                                         payload={"stripe_customer_id": c.id, "value": "4"})
        stripe.billing.MeterEvent.create(event_name=m.event_name, identifier=f"{rid}-b",
                                         payload={"stripe_customer_id": c.id, "value": "6"})
        stripe.billing.MeterEventAdjustment.create(event_name=m.event_name, type="cancel",
                                                   cancel={"identifier": f"{rid}-a"})
        start, end = around(utcnow())
        sums = stripe.billing.Meter.list_event_summaries(
            m.id, customer=c.id, start_time=unix(start), end_time=unix(end))
        assert sums.data[0].aggregated_value == 6
        assert stripe.billing.Meter.retrieve(m.id).display_name == f"Mod v2 {rid}"
        assert stripe.billing.Meter.deactivate(m.id).status == "inactive"
        assert stripe.billing.Meter.reactivate(m.id).status == "active"
    finally:
        stripe.api_key, stripe.api_base, stripe.meter_events_api_base, stripe.max_network_retries = saved
