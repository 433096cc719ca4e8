"""Shared fixtures for the compatibility tests: the official clients (Dodo Payments', Stripe's,
the CNCF CloudEvents library) against the real server.

`cargo test --test compat` runs each file against its own fresh server and database (see
main.rs; ./scripts/test makes the venv). By hand, against a running Meterdesk:

    METERDESK_URL=http://127.0.0.1:8080 METERDESK_API_KEY=md_... \
        target/compat-venv/bin/python -m pytest -q tests/compat/test_dodo.py

Every test makes its own customers / meters / products with ids unique to the run, so the
tests are independent of each other and of earlier runs on the same database.

Native (non-SDK) endpoints these tests use for setup and for cross-checks — see NATIVE_ENDPOINTS
below; each is in SPEC.md or is a documented assumption of the compat contract (DODO.md).
"""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid
from decimal import Decimal

import httpx
import pytest

BASE = os.environ.get("METERDESK_URL", "").rstrip("/")
KEY = os.environ.get("METERDESK_API_KEY", "")

NATIVE_ENDPOINTS = """
POST /api/v1/customers      {"email","name"}                       -> customer (Dodo shape: customer_id)
POST /api/v1/meters         Dodo shape                             -> meter {"id", ...}
POST /api/v1/products       {"name","currency","meters":[{"meter_id","price_per_unit","free_threshold"}]} -> {"id"}
POST /api/v1/subscriptions  {"customer_id","product_id","start"}   -> {"subscription_id"} (or native "id")
GET  /api/v1/subscriptions/{id}/usage?at=   -> {"period_start","period_end","currency","meters":[{"meter_id","consumed","chargeable","charge",...}],"total"}
GET  /api/v1/events/{event_id}              -> Dodo Event (business_id, customer_id, event_id, event_name, timestamp, metadata)
POST /api/v1/events          CloudEvents (structured / batch) or native {"events": [...]}
"""


def pytest_configure(config):
    # Without a server there is nothing to test, and a skipped test would pass unnoticed: the
    # whole run stops with the reason instead.
    if not BASE or not KEY:
        raise pytest.UsageError(
            "set METERDESK_URL and METERDESK_API_KEY (cargo test --test compat does; see conftest.py)"
        )
    config.addinivalue_line("markers", "requires_server: needs METERDESK_URL and METERDESK_API_KEY (always set)")


# Kept for test modules that write `pytestmark = requires_server`: the check is above.
requires_server = pytest.mark.requires_server


def run_id() -> str:
    """A short id unique to this call; safe in customer ids (A-Z a-z 0-9 _ . : -)."""
    return uuid.uuid4().hex[:10]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def floor_hour(t: dt.datetime) -> dt.datetime:
    return t.replace(minute=0, second=0, microsecond=0)


def iso(t: dt.datetime) -> str:
    return t.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")


def dec(x) -> Decimal:
    return Decimal(str(x))


@pytest.fixture(scope="session")
def native() -> httpx.Client:
    """Plain HTTP client for the native API under /api/v1 (setup and cross-checks)."""
    with httpx.Client(
        base_url=f"{BASE}/api/v1",
        headers={"Authorization": f"Bearer {KEY}"},
        timeout=30,
    ) as c:
        yield c


def ok(resp: httpx.Response) -> dict:
    assert resp.status_code < 300, f"{resp.request.method} {resp.request.url} -> {resp.status_code}: {resp.text[:500]}"
    return resp.json() if resp.content else {}


def new_customer(native: httpx.Client, tag: str = "c") -> str:
    rid = run_id()
    body = ok(native.post("/customers", json={"email": f"{tag}-{rid}@example.test", "name": f"Compat {tag} {rid}"}))
    return body.get("customer_id") or body["id"]


def new_meter(native: httpx.Client, *, aggregation: dict, event_name: str | None = None, **extra) -> dict:
    rid = run_id()
    body = {
        "name": f"compat meter {rid}",
        "event_name": event_name or f"compat.{rid}",
        "aggregation": aggregation,
        "measurement_unit": "units",
        **extra,
    }
    return ok(native.post("/meters", json=body))


def new_subscription(native: httpx.Client, customer_id: str, meter_id: str, *, price: str = "0.01",
                     free: str = "0", start: dt.datetime | None = None) -> dict:
    """Product with one meter line + a subscription whose first cycle started `start`
    (default: the start of the previous hour, so events sent now fall in cycle 0 and
    hourly windows are aligned)."""
    start = start or (floor_hour(utcnow()) - dt.timedelta(hours=1))
    product = ok(native.post("/products", json={
        "name": f"compat product {run_id()}",
        "currency": "USD",
        "meters": [{"meter_id": meter_id, "price_per_unit": price, "free_threshold": free}],
    }))
    sub = ok(native.post("/subscriptions", json={
        "customer_id": customer_id, "product_id": product["id"], "start": iso(start),
    }))
    return {"id": sub.get("subscription_id") or sub["id"], "product_id": product["id"], "start": start}


def native_usage(native: httpx.Client, sub_id: str, at: dt.datetime | None = None) -> dict:
    params = {"at": iso(at)} if at else {}
    return ok(native.get(f"/subscriptions/{sub_id}/usage", params=params))


def eventually(fn, timeout: float = 5.0, interval: float = 0.2):
    """Meterdesk ingests synchronously, so this normally returns at once; it only guards
    against an implementation that aggregates in the background."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return fn()
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(interval)
