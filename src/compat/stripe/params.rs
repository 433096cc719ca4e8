//! Stripe's form encoding, as its SDKs write it in v1 bodies and query strings: nested keys in
//! brackets (`payload[stripe_customer_id]=cus_1`, `default_aggregation[formula]=sum`,
//! `created[gte]=1700000000`), lists as `expand[0]=x` or `expand[]=x`. The gate has already held
//! every name and value to the text rule; this reads the pairs into a tree, and handlers take
//! the parameters they know out of it — what is left is refused by name (`parameter_unknown`).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::Method;
use actix_web::{FromRequest, HttpMessage, HttpRequest};

use super::errors::StripeError;
use crate::web::extract::FORM_LIMIT;

/// One value: a text, or a hash of named values (lists are hashes keyed `0`, `1`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text(String),
    Hash(Vec<(String, Value)>),
}

/// The parameters of a request (or of one hash within it), taken out one by one.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Params {
    /// How the request named this hash (`payload`), empty at the top.
    path: String,
    entries: Vec<(String, Value)>,
}

fn invalid(message: String, param: &str) -> StripeError {
    StripeError::invalid("parameter_invalid", message, Some(param))
}

/// `name[a][b]` → `["name", "a", "b"]`; `name[]` → `["name", ""]`.
fn segments(key: &str) -> Option<Vec<&str>> {
    let (head, mut rest) = match key.find('[') {
        Some(i) => (&key[..i], &key[i..]),
        None => (key, ""),
    };
    if head.is_empty() || head.contains(']') {
        return None;
    }
    let mut out = vec![head];
    while !rest.is_empty() {
        let inner = rest.strip_prefix('[')?;
        let close = inner.find(']')?;
        let seg = &inner[..close];
        if seg.contains('[') {
            return None;
        }
        out.push(seg);
        rest = &inner[close + 1..];
    }
    Some(out)
}

fn insert(
    entries: &mut Vec<(String, Value)>,
    segs: &[&str],
    value: String,
    name: &str,
) -> Result<(), StripeError> {
    let Some((first, rest)) = segs.split_first() else {
        return Ok(());
    };
    let key = if first.is_empty() {
        entries.len().to_string()
    } else {
        (*first).to_string()
    };
    let at = entries.iter().position(|(k, _)| *k == key);
    match (rest.is_empty(), at) {
        (true, None) => {
            entries.push((key, Value::Text(value)));
            Ok(())
        }
        (true, Some(_)) => Err(invalid(
            format!("The parameter {name} is given more than once; send it once."),
            name,
        )),
        (false, None) => {
            let mut inner = Vec::new();
            insert(&mut inner, rest, value, name)?;
            entries.push((key, Value::Hash(inner)));
            Ok(())
        }
        (false, Some(i)) => match &mut entries[i].1 {
            Value::Hash(inner) => insert(inner, rest, value, name),
            Value::Text(_) => Err(invalid(
                format!("The parameter {name} is given both as a value and as a hash; send one of them."),
                name,
            )),
        },
    }
}

impl Params {
    /// Reads urlencoded pairs (a body or a query string).
    pub fn parse(raw: &[u8]) -> Result<Params, StripeError> {
        let mut entries = Vec::new();
        for (key, value) in form_urlencoded::parse(raw) {
            let segs = segments(&key).ok_or_else(|| {
                invalid(
                    format!(
                        "The parameter name {:?} is not of the form name or name[key][key]…",
                        crate::text::printable(&key)
                    ),
                    &key,
                )
            })?;
            insert(&mut entries, &segs, value.into_owned(), &key)?;
        }
        Ok(Params {
            path: String::new(),
            entries,
        })
    }

    /// How the request names `key` of this hash: `key`, or `path[key]`.
    pub fn name(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}[{key}]", self.path)
        }
    }

    /// The keys given in this hash, in the order sent.
    pub fn keys(&self) -> Vec<String> {
        self.entries.iter().map(|(k, _)| k.clone()).collect()
    }

    /// Whether `key` was given as a hash (`key[a]=…`).
    pub fn is_hash(&self, key: &str) -> bool {
        self.entries
            .iter()
            .any(|(k, v)| k == key && matches!(v, Value::Hash(_)))
    }

    fn take(&mut self, key: &str) -> Option<Value> {
        let at = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(at).1)
    }

    /// A text parameter, if given.
    pub fn text(&mut self, key: &str) -> Result<Option<String>, StripeError> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Text(t)) => Ok(Some(t)),
            Some(Value::Hash(_)) => Err(invalid(
                format!("The parameter {} is a text, not a hash.", self.name(key)),
                &self.name(key),
            )),
        }
    }

    /// A required text parameter, not empty.
    pub fn required(&mut self, key: &str) -> Result<String, StripeError> {
        match self.text(key)? {
            Some(t) if !t.is_empty() => Ok(t),
            Some(_) => Err(StripeError::invalid(
                "parameter_invalid_empty",
                format!(
                    "You passed an empty string for '{}'. Give it a value.",
                    self.name(key)
                ),
                Some(&self.name(key)),
            )),
            None => Err(StripeError::missing(&self.name(key))),
        }
    }

    /// An integer parameter, if given.
    pub fn integer(&mut self, key: &str) -> Result<Option<i64>, StripeError> {
        match self.text(key)? {
            None => Ok(None),
            Some(t) => t.trim().parse().map(Some).map_err(|_| {
                StripeError::invalid(
                    "parameter_invalid_integer",
                    format!("Invalid integer: {:?} for {}.", t, self.name(key)),
                    Some(&self.name(key)),
                )
            }),
        }
    }

    /// A hash parameter (`key[a]=…`), if given; an empty text stands for an empty hash.
    pub fn hash(&mut self, key: &str) -> Result<Option<Params>, StripeError> {
        let path = self.name(key);
        match self.take(key) {
            None => Ok(None),
            Some(Value::Hash(entries)) => Ok(Some(Params { path, entries })),
            Some(Value::Text(t)) if t.is_empty() => Ok(Some(Params {
                path,
                entries: Vec::new(),
            })),
            Some(Value::Text(_)) => Err(invalid(
                format!("The parameter {path} is a hash: send it as {path}[key]=value."),
                &path,
            )),
        }
    }

    /// Drops a parameter that changes nothing here (`expand`: every object is sent whole).
    pub fn ignore(&mut self, key: &str) {
        self.take(key);
    }

    /// Every entry of this hash as text (a payload, metadata), in the order sent.
    pub fn into_texts(self) -> Result<Vec<(String, String)>, StripeError> {
        let path = self.path;
        self.entries
            .into_iter()
            .map(|(k, v)| match v {
                Value::Text(t) => Ok((k, t)),
                Value::Hash(_) => {
                    let name = format!("{path}[{k}]");
                    Err(invalid(
                        format!("{name} is nested; {path} holds texts only."),
                        &name,
                    ))
                }
            })
            .collect()
    }

    /// Refuses whatever was not taken out: a parameter this endpoint does not know.
    pub fn finish(self) -> Result<(), StripeError> {
        match self.entries.first() {
            None => Ok(()),
            Some((key, _)) => {
                let name = self.name(key);
                Err(StripeError::invalid(
                    "parameter_unknown",
                    format!(
                        "Received unknown parameter: {name}. Meterdesk's Stripe surface does not take it."
                    ),
                    Some(&name),
                ))
            }
        }
    }
}

/// The parameters of a v1 request: the query string of a GET, the urlencoded body of a POST
/// (an empty body, as `deactivate` sends, is no parameters).
pub struct Form(pub Params);

impl FromRequest for Form {
    type Error = StripeError;
    type Future = Pin<Box<dyn Future<Output = Result<Form, StripeError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let payload = payload.take();
        Box::pin(async move {
            if matches!(*req.method(), Method::GET | Method::HEAD | Method::DELETE) {
                return Params::parse(req.query_string().as_bytes()).map(Form);
            }
            let body = crate::web::body::read(&req, payload, FORM_LIMIT).await?;
            let content_type = req.content_type().to_ascii_lowercase();
            if !body.is_empty() && content_type != "application/x-www-form-urlencoded" {
                return Err(StripeError {
                    status: actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ..StripeError::invalid(
                        "unsupported_media_type",
                        "Send v1 parameters form-encoded (Content-Type: application/x-www-form-urlencoded), as Stripe's SDKs do.",
                        None,
                    )
                });
            }
            let mut params = Params::parse(&body)?;
            // Parameters in the query string of a POST count too.
            let query = Params::parse(req.query_string().as_bytes())?;
            params.entries.extend(query.entries);
            Ok(Form(params))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Params {
        Params::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn brackets_nest() {
        let mut p = parse(
            "event_name=api&payload[stripe_customer_id]=cus_1&payload[value]=5&default_aggregation[formula]=sum&created[gte]=17&expand[0]=a&expand[1]=b",
        );
        assert_eq!(p.required("event_name").unwrap(), "api");
        let payload = p.hash("payload").unwrap().unwrap();
        assert_eq!(payload.name("value"), "payload[value]");
        assert_eq!(
            payload.into_texts().unwrap(),
            vec![
                ("stripe_customer_id".to_string(), "cus_1".to_string()),
                ("value".to_string(), "5".to_string())
            ]
        );
        let mut agg = p.hash("default_aggregation").unwrap().unwrap();
        assert_eq!(agg.text("formula").unwrap().as_deref(), Some("sum"));
        agg.finish().unwrap();
        let mut created = p.hash("created").unwrap().unwrap();
        assert_eq!(created.integer("gte").unwrap(), Some(17));
        p.ignore("expand");
        p.finish().unwrap();
    }

    #[test]
    fn lists_append_and_percent_encoding_is_read() {
        let mut p = parse("expand%5B%5D=a&expand%5B%5D=b&cancel%5Bidentifier%5D=x%20y");
        let mut e = p.hash("expand").unwrap().unwrap();
        assert_eq!(e.text("0").unwrap().as_deref(), Some("a"));
        assert_eq!(e.text("1").unwrap().as_deref(), Some("b"));
        let mut c = p.hash("cancel").unwrap().unwrap();
        assert_eq!(c.required("identifier").unwrap(), "x y");
    }

    #[test]
    fn refusals_name_the_parameter() {
        let param = |r: Result<Params, StripeError>| r.err().and_then(|e| e.param);
        assert_eq!(param(Params::parse(b"a=1&a=2")).as_deref(), Some("a"));
        assert_eq!(param(Params::parse(b"a=1&a[b]=2")).as_deref(), Some("a[b]"));
        assert_eq!(param(Params::parse(b"a[b=1")).as_deref(), Some("a[b"));
        assert_eq!(param(Params::parse(b"[b]=1")).as_deref(), Some("[b]"));
        let mut p = parse("payload[a][b]=1&x=1");
        let e = p.hash("payload").unwrap().unwrap().into_texts().unwrap_err();
        assert_eq!(e.param.as_deref(), Some("payload[a]"));
        let e = p.hash("x").unwrap_err();
        assert_eq!(e.param.as_deref(), Some("x"));
        let mut p = parse("n=abc&e=&unknown[k]=1");
        assert_eq!(
            p.integer("n").unwrap_err().code.as_deref(),
            Some("parameter_invalid_integer")
        );
        assert_eq!(
            p.required("e").unwrap_err().code.as_deref(),
            Some("parameter_invalid_empty")
        );
        assert_eq!(
            p.required("gone").unwrap_err().code.as_deref(),
            Some("parameter_missing")
        );
        let e = p.finish().unwrap_err();
        assert_eq!(
            (e.code.as_deref(), e.param.as_deref()),
            (Some("parameter_unknown"), Some("unknown"))
        );
    }
}
