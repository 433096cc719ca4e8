//! HTTP fuzzing: a few thousand seeded malformed requests against the real server — every API
//! area, portal forms, query strings, paths, methods, bodies — asserting that none answers
//! 5xx, that the log holds no panic, and that the server is healthy afterwards.

use std::time::{Duration, Instant};

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::server::{Server, TempDir, api_key};

/// splitmix64: a small deterministic generator, so that a failure replays from its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// Strings that have broken parsers somewhere.
const NASTY: &[&str] = &[
    "",
    " ",
    "\u{0}",
    "a\u{0}b",
    "\u{1}\u{2}\u{7f}",
    "\t\r\n",
    "\u{85}",
    "２０２６-01-01",
    "2026-11-0🙂",
    "🙂🙂🙂",
    "e\u{301}",
    "\u{202e}evil",
    "\u{feff}",
    "%00",
    "%",
    "%zz",
    "../../etc/passwd",
    "'; DROP TABLE events; --",
    "<script>alert(1)</script>",
    "=HYPERLINK(\"x\")",
    "NaN",
    "Infinity",
    "-0",
    "1e400",
    "-1e-400",
    "99999999999999999999999999999999",
    "0.0000000000000000000001",
    "-5",
    "1,000",
    "２",
    "null",
    "true",
    "{}",
    "[]",
    "2024-02-30",
    "2024-09-23T25:61:61Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01",
    "-1",
    "18446744073709551616",
    "1727108545000000",
];

fn nasty_string(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => "x".repeat(rng.below(3000)),
        1 => {
            let n = rng.below(40);
            (0..n)
                .map(|_| char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'))
                .collect()
        }
        _ => rng.pick(NASTY).to_string(),
    }
}

fn nasty_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 3 { 6 } else { 9 }) {
        0 => Value::Null,
        1 => json!(rng.chance(50)),
        2 => json!(rng.next() as i64),
        3 => serde_json::from_str(rng.pick(&["1e308", "-0.0", "123456789012345678901234567890", "0.1"]))
            .unwrap_or(json!(0)),
        4 | 5 => Value::String(nasty_string(rng)),
        6 => Value::Array((0..rng.below(5)).map(|_| nasty_value(rng, depth + 1)).collect()),
        _ => {
            let mut m = serde_json::Map::new();
            for _ in 0..rng.below(5) {
                m.insert(nasty_string(rng), nasty_value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// Replaces some fields of a valid object with nasty values, drops some, adds some.
fn mutate(rng: &mut Rng, valid: &Value) -> Value {
    let Value::Object(map) = valid else {
        return nasty_value(rng, 0);
    };
    let mut out = map.clone();
    let keys: Vec<String> = out.keys().cloned().collect();
    for k in keys {
        match rng.below(5) {
            0 => {
                out.insert(k, nasty_value(rng, 1));
            }
            1 => {
                out.remove(&k);
            }
            2 => {
                let v = out[&k].clone();
                out.insert(k, mutate(rng, &v));
            }
            _ => {}
        }
    }
    if rng.chance(20) {
        out.insert(nasty_string(rng), nasty_value(rng, 1));
    }
    Value::Object(out)
}

fn valid_event(rng: &mut Rng) -> Value {
    json!({
        "event_id": format!("fz-{}", rng.next()),
        "customer_id": "acme",
        "event_name": "api.call",
        "timestamp": "2026-01-01T00:00:00Z",
        "metadata": {"tokens": rng.below(1000), "region": "eu"}
    })
}

fn valid_meter() -> Value {
    json!({
        "name": "Fuzzed", "event_name": "api.call",
        "aggregation": {"type": "sum", "key": "tokens"},
        "measurement_unit": "tokens",
        "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]}
    })
}

/// One request: method, path (with query), content type, body.
struct Req {
    method: Method,
    path: String,
    content_type: Option<&'static str>,
    encoding: Option<&'static str>,
    body: Vec<u8>,
    bearer: bool,
}

impl Req {
    fn json(method: Method, path: &str, body: &Value) -> Req {
        Req {
            method,
            path: path.to_string(),
            content_type: Some("application/json"),
            encoding: None,
            body: serde_json::to_vec(body).unwrap_or_default(),
            bearer: true,
        }
    }
}

const API_PATHS: &[&str] = &[
    "/api/v1/customers",
    "/api/v1/customers/acme",
    "/api/v1/meters",
    "/api/v1/products",
    "/api/v1/subscriptions",
    "/api/v1/events/ingest",
    "/api/v1/uploads",
    "/api/v1/usage/export.csv",
    "/api/v1/me",
    "/stripe/v1/customers",
    "/stripe/v1/billing/meters",
    "/stripe/v1/billing/meter_events",
    "/stripe/v2/billing/meter_event_stream",
];

const QUERY_KEYS: &[&str] = &[
    "limit",
    "starting_after",
    "at",
    "period_start",
    "period_end",
    "q",
    "meter",
    "meter_id",
    "customer",
    "from",
    "to",
    "dry_run",
    "confirm_duplicate",
    "granularity",
    "range",
    "before",
    "page",
];

fn query(rng: &mut Rng) -> String {
    let n = rng.below(4);
    let mut parts = Vec::new();
    for _ in 0..n {
        let k = if rng.chance(80) {
            rng.pick(QUERY_KEYS).to_string()
        } else {
            nasty_string(rng)
        };
        let v = nasty_string(rng);
        let enc = |s: &str| {
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string()
        };
        if rng.chance(10) {
            // Raw, possibly broken percent-escapes.
            parts.push(format!(
                "{k}={}",
                rng.pick(&["%", "%0", "%zz", "%00", "%FF%FE", "%C0%AF"])
            ));
        } else {
            parts.push(format!("{}={}", enc(&k), enc(&v)));
        }
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

fn multipart(rng: &mut Rng) -> (String, Vec<u8>) {
    let boundary = "fuzzboundary";
    let mut body = Vec::new();
    for _ in 0..rng.below(4) {
        let name = if rng.chance(60) {
            "file".to_string()
        } else {
            nasty_string(rng)
        };
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        body.extend_from_slice(
            format!(
                "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\n\r\n",
                name.replace('"', ""),
                nasty_string(rng).replace('"', "")
            )
            .as_bytes(),
        );
        let csv = match rng.below(3) {
            0 => "timestamp,event_name,payload_customer_id,payload_tokens\r2026-01-01,api.call,acme,5\r"
                .to_string(),
            1 => format!(
                "{},{},{}\n{}",
                nasty_string(rng),
                nasty_string(rng),
                nasty_string(rng),
                nasty_string(rng)
            ),
            _ => (0..rng.below(200))
                .map(|_| char::from_u32(rng.below(256) as u32).unwrap_or('?'))
                .collect(),
        };
        body.extend_from_slice(csv.as_bytes());
        body.extend_from_slice(b"\r\n");
    }
    if rng.chance(80) {
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    }
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A Stripe-style form body: bracketed names (some malformed), nasty values.
fn stripe_form(rng: &mut Rng) -> Vec<u8> {
    let names = [
        "event_name",
        "identifier",
        "timestamp",
        "payload[stripe_customer_id]",
        "payload[value]",
        "payload[a][b]",
        "default_aggregation[formula]",
        "cancel[identifier]",
        "created[gte]",
        "expand[]",
        "display_name",
        "email",
        "a[",
        "[x]",
        "a]b",
        "limit",
    ];
    let mut out = form_urlencoded::Serializer::new(String::new());
    for _ in 0..1 + rng.below(6) {
        let name = if rng.chance(80) {
            rng.pick(&names).to_string()
        } else {
            nasty_string(rng)
        };
        out.append_pair(&name, &nasty_string(rng));
    }
    out.finish().into_bytes()
}

fn next_request(rng: &mut Rng) -> Req {
    match rng.below(11) {
        // Stripe's surface: form-encoded v1 calls and JSON v2 calls.
        10 => {
            let path = rng.pick(&[
                "/stripe/v1/customers",
                "/stripe/v1/billing/meters",
                "/stripe/v1/billing/meters/mtr_x",
                "/stripe/v1/billing/meters/mtr_x/deactivate",
                "/stripe/v1/billing/meter_events",
                "/stripe/v1/billing/meter_event_adjustments",
                "/stripe/v2/billing/meter_events",
                "/stripe/v2/billing/meter_event_session",
                "/stripe/v2/billing/meter_event_stream",
            ]);
            if path.starts_with("/stripe/v2") {
                let event = json!({"event_name": "api.call", "payload": {"stripe_customer_id": "acme", "value": "1"}});
                let inner = mutate(rng, &event);
                Req::json(Method::POST, path, &mutate(rng, &json!({ "events": [inner] })))
            } else {
                Req {
                    method: rng.pick(&[Method::POST, Method::GET]),
                    path: format!("{path}{}", query(rng)),
                    content_type: Some("application/x-www-form-urlencoded"),
                    encoding: None,
                    body: stripe_form(rng),
                    bearer: rng.chance(90),
                }
            }
        }
        // Ingest: mutated batches, and bodies that are not batches at all.
        0 | 1 => {
            let events: Vec<Value> = (0..1 + rng.below(5))
                .map(|_| {
                    let e = valid_event(rng);
                    if rng.chance(60) { mutate(rng, &e) } else { e }
                })
                .collect();
            let body = if rng.chance(85) {
                json!({ "events": events })
            } else {
                nasty_value(rng, 0)
            };
            let mut req = Req::json(
                Method::POST,
                rng.pick(&["/api/v1/events/ingest", "/api/v1/events"]),
                &body,
            );
            if rng.chance(10) {
                req.body = gzip(&req.body);
                req.encoding = Some("gzip");
            }
            if rng.chance(5) {
                req.body.truncate(rng.below(req.body.len() + 1));
            }
            req
        }
        2 => Req::json(Method::POST, "/api/v1/meters", &mutate(rng, &valid_meter())),
        3 => {
            let line = if rng.chance(50) {
                json!({"meter_id": "mtr_x", "price_per_unit": "0.50", "free_threshold": "100"})
            } else {
                json!({"meter_id": "mtr_x", "free_threshold": "100", "price": {"model": "graduated", "tiers": [
                    {"up_to": "1000", "unit_price": "0.01", "flat_fee": "0"},
                    {"up_to": null, "unit_price": "0.008", "flat_fee": "2.00"}]}})
            };
            let body = json!({"name": "P", "currency": "USD", "meters": [mutate(rng, &line), line]});
            Req::json(Method::POST, "/api/v1/products", &mutate(rng, &body))
        }
        4 => {
            let body = json!({"id": "c1", "email": "a@b.test", "name": "C"});
            Req::json(Method::POST, "/api/v1/customers", &mutate(rng, &body))
        }
        5 => {
            let body =
                json!({"customer_id": "acme", "product_id": "prod_x", "start": "2026-01-01T00:00:00Z"});
            let method = rng.pick(&[Method::POST, Method::PATCH]).clone();
            let path = if method == Method::POST {
                "/api/v1/subscriptions".to_string()
            } else {
                format!(
                    "/api/v1/meters/{}",
                    nasty_string(rng).chars().take(20).collect::<String>()
                )
            };
            Req::json(method, &path, &mutate(rng, &body))
        }
        // Uploads: multipart of every kind.
        6 => {
            let (ct, body) = multipart(rng);
            Req {
                method: Method::POST,
                path: format!("/api/v1/uploads{}", query(rng)),
                content_type: Some(if rng.chance(90) {
                    Box::leak(ct.into_boxed_str())
                } else {
                    "text/csv"
                }),
                encoding: None,
                body,
                bearer: true,
            }
        }
        // Query strings on every GET, API and portal.
        7 => {
            let base = rng.pick(API_PATHS);
            Req {
                method: Method::GET,
                path: format!("{base}{}", query(rng)),
                content_type: None,
                encoding: None,
                body: Vec::new(),
                bearer: rng.chance(90),
            }
        }
        // Paths: odd segments and escapes, on API and portal routes.
        8 => {
            let seg = rng.pick(&[
                "%00", "%FF", "%C0%AF", "..", "%2e%2e", "🙂", "a%0Ab", "x%20y", "%25", "_",
            ]);
            let prefix = rng.pick(&[
                "/api/v1/customers/",
                "/api/v1/meters/",
                "/api/v1/products/",
                "/api/v1/subscriptions/",
                "/api/v1/uploads/",
                "/api/v1/events/",
                "/stripe/v1/customers/",
                "/stripe/v1/billing/meters/",
                "/stripe//v1/",
                "/customers/",
                "/meters/",
                "/analytics/events/",
                "/uploads/",
                "/",
            ]);
            let suffix = rng.pick(&[
                "",
                "/usage",
                "/errors.csv",
                "/edit",
                "/test",
                "/template.csv",
                "/stream",
            ]);
            Req {
                method: rng.pick(&[
                    Method::GET,
                    Method::POST,
                    Method::DELETE,
                    Method::PUT,
                    Method::HEAD,
                    Method::OPTIONS,
                ]),
                path: format!("{prefix}{seg}{suffix}"),
                content_type: None,
                encoding: None,
                body: Vec::new(),
                bearer: rng.chance(70),
            }
        }
        // Wrong content types and encodings.
        _ => Req {
            method: Method::POST,
            path: rng.pick(API_PATHS).to_string(),
            content_type: Some(rng.pick(&[
                "text/plain",
                "application/xml",
                "application/json; charset=latin1",
                "application/x-www-form-urlencoded",
                "",
            ])),
            encoding: Some(rng.pick(&["gzip", "br", "deflate", "identity", "zstd"])),
            body: nasty_string(rng).into_bytes(),
            bearer: true,
        },
    }
}

/// Portal forms (a signed-in admin, with a valid CSRF token): every create form, mutated.
fn next_form(rng: &mut Rng, csrf: &str) -> (String, Vec<(String, String)>) {
    let forms: &[(&str, &[&str])] = &[
        ("/customers", &["id", "email", "name"]),
        (
            "/meters",
            &[
                "name",
                "description",
                "event_name",
                "aggregation",
                "aggregation_key",
                "unit",
                "filter",
            ],
        ),
        (
            "/products",
            &[
                "name",
                "description",
                "currency",
                "billing_interval",
                "meters[0].meter_id",
                "meters[0].price.model",
                "meters[0].price.unit_price",
                "meters[0].price.package_size",
                "meters[0].price.tiers[0].up_to",
                "meters[0].price.tiers[1].unit_price",
                "meters[0].free_threshold",
                "action",
            ],
        ),
        ("/customers/acme/subscriptions", &["product_id", "start"]),
        (
            "/meters/mtr_fuzz/usage",
            &[
                "customer_id",
                "value",
                "timestamp",
                "properties",
                "confirm_negative",
            ],
        ),
        ("/meters/mtr_fuzz/test", &["event"]),
        ("/settings/operators", &["email", "role"]),
        ("/settings/api-keys", &["name"]),
    ];
    let (path, fields) = rng.pick(forms);
    let mut pairs = vec![("csrf_token".to_string(), csrf.to_string())];
    for f in fields.iter() {
        if rng.chance(85) {
            pairs.push((f.to_string(), nasty_string(rng)));
        }
    }
    if rng.chance(20) {
        pairs.push((nasty_string(rng), nasty_string(rng)));
    }
    (path.to_string(), pairs)
}

fn vm_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

const SEED: u64 = 0x4D45_5445_5244_4553;
const REQUESTS: usize = 3000;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thousands_of_malformed_requests_get_no_5xx_and_no_panic() {
    let started = Instant::now();
    let db = crate::db::TestDb::new();
    let dir = TempDir::new("fuzz");
    let key = api_key(&db.url, &dir.0);
    {
        let mut conn = db.conn();
        use meterdesk::audit::Actor;
        use meterdesk::auth::model::Role;
        meterdesk::auth::service::create_operator(
            &mut conn,
            &Actor::Cli,
            "fuzz@example.com",
            Role::Admin,
            Some(PASSWORD),
        )
        .unwrap();
    }
    let server = Server::start(&db.url, &dir.0, "serve.log");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    // A little catalog, so that requests reach past "unknown id".
    let api = |method: Method, path: &str, body: Value| {
        client
            .request(method, server.url(path))
            .bearer_auth(&key)
            .json(&body)
            .send()
    };
    api(
        Method::POST,
        "/api/v1/customers",
        json!({"id": "acme", "email": "a@acme.test", "name": "Acme"}),
    )
    .await
    .unwrap();
    let meter: Value = api(Method::POST, "/api/v1/meters", valid_meter())
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let meter_id = meter["id"].as_str().unwrap().to_string();
    let product: Value = api(
        Method::POST,
        "/api/v1/products",
        json!({"name": "P", "meters": [{"meter_id": meter_id, "price_per_unit": "0.5", "free_threshold": "10"}]}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    api(
        Method::POST,
        "/api/v1/subscriptions",
        json!({"customer_id": "acme", "product_id": product["id"], "start": "2026-01-01T00:00:00Z"}),
    )
    .await
    .unwrap();
    // Sign in for the portal forms.
    let page = client
        .get(server.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let res = client
        .post(server.url("/login"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("email", "fuzz@example.com"),
            ("password", PASSWORD),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303, "sign-in for the fuzz session");
    let page = client
        .get(server.url("/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = page
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();

    let rss_before = vm_kib(server.pid(), "VmRSS:");
    let mut rng = Rng(SEED);
    let mut by_status: std::collections::BTreeMap<u16, usize> = Default::default();
    let mut failures: Vec<String> = Vec::new();
    for i in 0..REQUESTS {
        let (desc, res) = if rng.chance(15) {
            let (path, mut pairs) = next_form(&mut rng, &csrf);
            let path = path.replace("mtr_fuzz", &meter_id);
            if rng.chance(50) {
                pairs.retain(|(k, _)| k != "csrf_token");
                pairs.push(("csrf_token".into(), csrf.clone()));
            }
            let body = serde_urlencoded::to_string(&pairs).unwrap_or_default();
            let res = client
                .post(server.url(&path))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await;
            (format!("#{i} POST {path} (form)"), res)
        } else {
            let req = next_request(&mut rng);
            let path = req.path.replace("mtr_x", &meter_id);
            let mut b = client.request(req.method.clone(), server.url(&path));
            if req.bearer {
                b = b.bearer_auth(&key);
            }
            if let Some(ct) = req.content_type {
                b = b.header("content-type", ct);
            }
            if let Some(enc) = req.encoding {
                b = b.header("content-encoding", enc);
            }
            let res = b.body(req.body).send().await;
            (format!("#{i} {} {path}", req.method), res)
        };
        match res {
            Ok(res) => {
                let status = res.status().as_u16();
                *by_status.entry(status).or_default() += 1;
                if status >= 500 {
                    let text = res.text().await.unwrap_or_default();
                    failures.push(format!(
                        "{desc} → {status}: {}",
                        text.chars().take(300).collect::<String>()
                    ));
                } else {
                    let _ = res.bytes().await;
                }
            }
            Err(e) => failures.push(format!("{desc} → no answer: {e}")),
        }
    }
    let peak = vm_kib(server.pid(), "VmHWM:");
    let rss_after = vm_kib(server.pid(), "VmRSS:");
    let health = client.get(server.url("/healthz")).send().await.unwrap().status();
    println!(
        "fuzz: {REQUESTS} requests (seed {SEED:#x}) in {:.1} s; statuses {by_status:?}; server RSS {} MiB before, peak {} MiB (+{} MiB), {} MiB after",
        started.elapsed().as_secs_f64(),
        rss_before / 1024,
        peak / 1024,
        peak.saturating_sub(rss_before) / 1024,
        rss_after / 1024,
    );
    assert!(
        failures.is_empty(),
        "{} requests failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(server.panics(), Vec::<String>::new(), "panics in the server log");
    assert_eq!(health, StatusCode::OK, "healthy afterwards");
}

const PASSWORD: &str = "fuzz password that is long enough";
