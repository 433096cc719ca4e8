use std::collections::BTreeSet;

use super::*;
use crate::i18n::{Arg, embedded_sources};

/// The catalogue-completeness test: every language has every English file, message and
/// attribute, and nothing else; no unknown variable, reference or plural category; every file
/// parses with no duplicate id.
#[test]
fn the_embedded_catalogues_are_complete() {
    let sources = embedded_sources().unwrap();
    for lang in Lang::ALL {
        assert!(
            sources.iter().any(|s| s.lang() == Some(lang)),
            "no catalogue file for {lang}"
        );
    }
    let found = problems(&sources);
    let listing: Vec<String> = found.iter().map(ToString::to_string).collect();
    assert!(found.is_empty(), "catalogue problems:\n{}", listing.join("\n"));
}

#[test]
fn only_catalogues_are_embedded() {
    let sources = embedded_sources().unwrap();
    assert!(
        sources
            .iter()
            .all(|s| s.path.ends_with(".ftl") && s.lang().is_some())
    );
    let paths: Vec<&str> = sources.iter().map(|s| s.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort_unstable();
    assert_eq!(paths, sorted);
}

fn set(files: &[(&str, &str)]) -> Vec<Source> {
    files.iter().map(|(p, t)| Source::new(*p, *t)).collect()
}

#[test]
fn the_check_finds_every_kind_of_problem() {
    let sources = set(&[
        (
            "en/a.ftl",
            "-brand = M\nhello = Hello { $name }\nbye = Bye\nbtn = Go\n    .title = Go now\nn = { $count ->\n [one] one\n *[other] many\n}\n",
        ),
        ("en/b.ftl", "only-en = here\n"),
        (
            "fr/a.ftl",
            "hello = Bonjour { $nom }\nbtn = Aller\nn = { $count ->\n [one] un\n [few] quelques\n *[other] plusieurs\n}\nextra = en plus\nref = { missing-msg } { -gone }\n",
        ),
        (
            "zh-CN/a.ftl",
            "hello = 你好 { $name } { -brand }\nbye = 再见\nbtn = 去\n    .title = 现在去\nn = { $count } 个\nbroken = {\n",
        ),
        ("zh-CN/b.ftl", "only-en = 这里\nonly-en = 两次\n"),
        ("zh-CN/c.ftl", ""),
    ]);
    let found = problems(&sources);
    let has = |p: Problem| assert!(found.contains(&p), "{p} not found in:\n{found:#?}");
    use Lang::{Fr, ZhCn};
    let s = |x: &str| x.to_owned();
    has(Problem::Missing {
        lang: Fr,
        id: s("bye"),
    });
    has(Problem::Missing {
        lang: Fr,
        id: s("btn.title"),
    });
    has(Problem::Extra {
        lang: Fr,
        id: s("extra"),
    });
    has(Problem::Extra {
        lang: Fr,
        id: s("ref"),
    });
    has(Problem::UnknownVariable {
        lang: Fr,
        id: s("hello"),
        variable: s("nom"),
    });
    has(Problem::PluralCategory {
        lang: Fr,
        id: s("n"),
        key: s("few"),
    });
    has(Problem::UnknownReference {
        lang: Fr,
        id: s("ref"),
        reference: s("missing-msg"),
    });
    has(Problem::UnknownReference {
        lang: Fr,
        id: s("ref"),
        reference: s("-gone"),
    });
    has(Problem::File {
        lang: Fr,
        file: s("b.ftl"),
        extra: false,
    });
    has(Problem::File {
        lang: ZhCn,
        file: s("c.ftl"),
        extra: true,
    });
    has(Problem::UnknownReference {
        lang: ZhCn,
        id: s("hello"),
        reference: s("-brand"),
    });
    has(Problem::Missing {
        lang: Lang::Hi,
        id: s("hello"),
    });
    assert!(
        found
            .iter()
            .any(|p| matches!(p, Problem::Load(CatalogError::Parse { file, .. }) if file == "zh-CN/a.ftl"))
    );
    assert!(found.contains(&Problem::Load(CatalogError::Duplicate {
        file: s("zh-CN/b.ftl"),
        id: s("only-en")
    })));
    // English itself is only checked for what it refers to and its plural keys.
    assert!(
        !found
            .iter()
            .any(|p| matches!(p, Problem::Missing { lang: Lang::En, .. }))
    );
    // A complete translation has no problem.
    let complete = set(&[
        ("en/a.ftl", "a = A { $x }\n"),
        ("fr/a.ftl", "a = À { $x }\n"),
        ("zh-CN/a.ftl", "a = 甲\n"),
        ("hi/a.ftl", "a = अ { $x }\n"),
    ]);
    assert_eq!(problems(&complete), vec![]);
}

/// The plural categories the check allows are exactly those the runtime selects.
#[test]
fn plural_categories_match_the_runtime() {
    let probe =
        "p = { $n ->\n [zero] zero\n [one] one\n [two] two\n [few] few\n [many] many\n *[other] other\n}\n";
    let sources: Vec<Source> = Lang::ALL
        .iter()
        .map(|l| Source::new(format!("{}/p.ftl", l.code()), probe))
        .collect();
    let c = Catalog::from_sources(&sources).unwrap();
    let numbers = (0..=1_000).chain([1_000_000, 2_000_000, 1_000_001, 10_000_000]);
    for lang in Lang::ALL {
        let seen: BTreeSet<String> = numbers
            .clone()
            .map(|n| c.t(lang, "p", &[("n", Arg::Int(n))]))
            .collect();
        let expected: BTreeSet<String> = plural_categories(lang).iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(seen, expected, "{lang}");
    }
}
