use chrono::{TimeDelta, TimeZone};

use super::*;
use crate::i18n::number::NARROW_NBSP;

fn catalog() -> Catalog {
    Catalog::load().unwrap()
}

fn count(c: &Catalog, lang: Lang, id: &str, n: i64) -> String {
    c.t(lang, id, &[("count", Arg::Int(n))])
}

fn small(files: &[(&str, &str)]) -> Catalog {
    let sources: Vec<Source> = files.iter().map(|(p, t)| Source::new(*p, *t)).collect();
    Catalog::from_sources(&sources).unwrap()
}

#[test]
fn the_catalogue_is_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<Catalog>();
    let c = std::sync::Arc::new(catalog());
    let other = std::sync::Arc::clone(&c);
    let text = std::thread::spawn(move || count(&other, Lang::Fr, "events-count", 2))
        .join()
        .unwrap();
    assert_eq!(text, "2 événements");
}

#[test]
fn plurals_follow_each_languages_rules() {
    let c = catalog();
    assert_eq!(count(&c, Lang::En, "events-count", 0), "0 events");
    assert_eq!(count(&c, Lang::En, "events-count", 1), "1 event");
    assert_eq!(count(&c, Lang::En, "events-count", 2), "2 events");
    // French: 0 and 1 are singular.
    assert_eq!(count(&c, Lang::Fr, "events-count", 0), "0 événement");
    assert_eq!(count(&c, Lang::Fr, "events-count", 1), "1 événement");
    assert_eq!(count(&c, Lang::Fr, "events-count", 2), "2 événements");
    // Hindi: 0 and 1 are "one".
    assert_eq!(count(&c, Lang::Hi, "events-count", 0), "0 घटना");
    assert_eq!(count(&c, Lang::Hi, "events-count", 1), "1 घटना");
    assert_eq!(count(&c, Lang::Hi, "events-count", 5), "5 घटनाएँ");
    assert_eq!(count(&c, Lang::ZhCn, "events-count", 1), "1 个事件");
    assert_eq!(count(&c, Lang::En, "meters-count", 1), "1 meter");
    assert_eq!(count(&c, Lang::Fr, "meters-count", 3), "3 dispositifs de mesure");
}

#[test]
fn counts_are_written_with_the_languages_grouping() {
    let c = catalog();
    assert_eq!(count(&c, Lang::En, "events-count", 1_234_567), "1,234,567 events");
    assert_eq!(
        count(&c, Lang::Fr, "events-count", 1_234_567),
        format!("1{NARROW_NBSP}234{NARROW_NBSP}567 événements")
    );
    assert_eq!(count(&c, Lang::Hi, "events-count", 1_234_567), "12,34,567 घटनाएँ");
    assert_eq!(
        count(&c, Lang::ZhCn, "events-count", 1_234_567),
        "1,234,567 个事件"
    );
    // Beyond f64's exact integers the digits are still exact.
    assert_eq!(
        count(&c, Lang::En, "events-count", i64::MAX),
        "9,223,372,036,854,775,807 events"
    );
}

#[test]
fn decimal_arguments_are_exact() {
    let c = catalog();
    let d = |s: &str| -> Arg { Arg::Decimal(s.parse().unwrap()) };
    assert_eq!(c.t(Lang::En, "events-count", &[("count", d("1.000"))]), "1 event");
    assert_eq!(
        c.t(Lang::Hi, "events-count", &[("count", d("123456"))]),
        "1,23,456 घटनाएँ"
    );
    assert_eq!(
        c.t(Lang::En, "events-count", &[("count", d("1234.5"))]),
        "1,234.5 events"
    );
    assert_eq!(
        c.t(Lang::Fr, "events-count", &[("count", d("1234.125"))]),
        format!("1{NARROW_NBSP}234,125 événements")
    );
    assert_eq!(
        c.t(
            Lang::En,
            "events-count",
            &[("count", d("12345678901234567890.5"))]
        ),
        "12,345,678,901,234,567,890.5 events"
    );
}

#[test]
fn the_login_page_speaks_each_language() {
    let c = catalog();
    let expect = [
        (Lang::En, "Sign in", "Password", "Email or password is incorrect."),
        (
            Lang::Fr,
            "Se connecter",
            "Mot de passe",
            "L’e-mail ou le mot de passe est incorrect.",
        ),
        (Lang::ZhCn, "登录", "密码", "电子邮件或密码不正确。"),
        (Lang::Hi, "साइन इन करें", "पासवर्ड", "ईमेल या पासवर्ड गलत है।"),
    ];
    for (lang, title, password, failed) in expect {
        assert_eq!(c.text(lang, "login-title"), title);
        assert_eq!(c.text(lang, "login-password"), password);
        assert_eq!(c.text(lang, "login-failed"), failed);
    }
    let wait = |lang, n: i64| c.t(lang, "login-throttled", &[("minutes", Arg::Int(n))]);
    assert_eq!(
        wait(Lang::En, 1),
        "Too many failed sign-in attempts. Try again in 1 minute."
    );
    assert_eq!(
        wait(Lang::En, 15),
        "Too many failed sign-in attempts. Try again in 15 minutes."
    );
    assert!(wait(Lang::Fr, 15).ends_with("Réessayez dans 15 minutes."));
    assert_eq!(c.text(Lang::Fr, "nav-usage"), "Gestion des données");
    assert_eq!(c.text(Lang::ZhCn, "nav-meters"), "计量器");
    assert_eq!(c.text(Lang::Hi, "nav-meters"), "मीटर");
    assert_eq!(
        c.t(Lang::ZhCn, "page-title", &[("page", Arg::from("登录"))]),
        "登录 · Meterdesk"
    );
}

#[test]
fn a_missing_translation_falls_back_to_english() {
    let c = small(&[
        (
            "en/a.ftl",
            "hello = Hello\nbye = Bye { $name }\nbutton = Go\n    .title = Go now\n",
        ),
        ("fr/a.ftl", "hello = Bonjour\nbutton = Aller\n"),
    ]);
    assert_eq!(c.text(Lang::Fr, "hello"), "Bonjour");
    assert_eq!(c.t(Lang::Fr, "bye", &[("name", Arg::from("Ada"))]), "Bye Ada");
    assert_eq!(
        c.text(Lang::Fr, "button.title"),
        "Go now",
        "attributes fall back too"
    );
    assert_eq!(c.text(Lang::En, "button.title"), "Go now");
    assert_eq!(
        c.text(Lang::Hi, "hello"),
        "Hello",
        "a language with no files at all"
    );
    assert_eq!(c.text(Lang::Fr, "no-such-message"), "no-such-message");
    assert_eq!(c.text(Lang::Fr, "button.nope"), "button.nope");
    assert!(c.has(Lang::Fr, "hello"));
    assert!(!c.has(Lang::Fr, "bye"));
    assert!(c.has(Lang::En, "button.title"));
}

#[test]
fn a_missing_argument_never_panics() {
    let c = small(&[(
        "en/a.ftl",
        "n = { $count ->\n   [one] one\n  *[other] { $count } many\n}\nv = Hi { $name }!\n",
    )]);
    assert_eq!(c.text(Lang::En, "n"), "{$count} many");
    assert_eq!(c.text(Lang::En, "v"), "Hi {$name}!");
}

#[test]
fn parse_errors_and_duplicates_are_load_errors() {
    let sources = vec![
        Source::new("en/a.ftl", "ok = fine\n\nbroken = { $x\nalso-ok = yes\n"),
        Source::new("en/b.ftl", "ok = again\n"),
        Source::new("fr/a.ftl", "twice = un\ntwice = deux\n"),
        Source::new("de/a.ftl", "hallo = Hallo\n"),
    ];
    let errors = Catalog::from_sources(&sources).unwrap_err().0;
    assert!(
        errors
            .iter()
            .any(|e| matches!(e, CatalogError::Parse { file, line: 3, .. } if file == "en/a.ftl")),
        "{errors:?}"
    );
    assert!(errors.contains(&CatalogError::Duplicate {
        file: "en/b.ftl".into(),
        id: "ok".into()
    }));
    assert!(errors.contains(&CatalogError::Duplicate {
        file: "fr/a.ftl".into(),
        id: "twice".into()
    }));
    assert!(errors.contains(&CatalogError::UnknownLanguage {
        file: "de/a.ftl".into()
    }));
    let text = LoadError(errors).to_string();
    assert!(text.contains("en/a.ftl: line 3"), "{text}");
}

#[test]
fn relative_times_in_each_language() {
    let c = catalog();
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).single().unwrap();
    let ago = |lang, d: TimeDelta| c.relative_time(lang, now - d, now);
    // English says exactly what the existing filter says.
    for secs in [
        0,
        30,
        59,
        60,
        61,
        119,
        3599,
        3600,
        7200,
        86_399,
        86_400,
        200_000,
        2_592_000,
        40_000_000,
        100_000_000,
    ] {
        for sign in [1, -1] {
            let d = TimeDelta::seconds(secs * sign);
            assert_eq!(
                ago(Lang::En, d),
                crate::metering::timestamp::relative(now - d, now),
                "{secs} × {sign}"
            );
        }
    }
    assert_eq!(ago(Lang::Fr, TimeDelta::minutes(3)), "il y a 3 minutes");
    assert_eq!(ago(Lang::Fr, TimeDelta::hours(1)), "il y a 1 heure");
    assert_eq!(ago(Lang::Fr, TimeDelta::days(-2)), "dans 2 jours");
    assert_eq!(ago(Lang::Fr, TimeDelta::seconds(5)), "à l’instant");
    assert_eq!(ago(Lang::ZhCn, TimeDelta::minutes(3)), "3 分钟前");
    assert_eq!(ago(Lang::ZhCn, TimeDelta::days(-40)), "1 个月后");
    assert_eq!(ago(Lang::Hi, TimeDelta::minutes(3)), "3 मिनट पहले");
    assert_eq!(ago(Lang::Hi, TimeDelta::hours(1)), "1 घंटा पहले");
    assert_eq!(ago(Lang::Hi, TimeDelta::hours(5)), "5 घंटे पहले");
    assert_eq!(ago(Lang::Hi, TimeDelta::days(400)), "1 वर्ष पहले");
}

#[test]
fn worded_messages_are_kept_per_language_and_span() {
    let c = small(&[("en/a.ftl", "hello = Hello\n"), ("fr/a.ftl", "hello = Bonjour\n")]);
    for _ in 0..2 {
        assert_eq!(c.text(Lang::En, "hello"), "Hello");
        assert_eq!(
            c.text(Lang::Fr, "hello"),
            "Bonjour",
            "not the English kept before"
        );
        assert_eq!(
            c.text(Lang::Hi, "hello"),
            "Hello",
            "a fallback is not kept as Hindi's own"
        );
    }
    let c = catalog();
    let now = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).single().unwrap();
    for _ in 0..2 {
        let ago = |lang, d: TimeDelta| c.relative_time(lang, now - d, now);
        assert_eq!(ago(Lang::Fr, TimeDelta::minutes(3)), "il y a 3 minutes");
        assert_eq!(ago(Lang::En, TimeDelta::minutes(3)), "3 minutes ago");
        assert_eq!(ago(Lang::En, TimeDelta::minutes(4)), "4 minutes ago");
        assert_eq!(ago(Lang::En, TimeDelta::minutes(-4)), "in 4 minutes");
    }
}
