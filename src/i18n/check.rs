//! What makes a set of catalogues complete, as a list of problems: the catalogue tests assert
//! the embedded set has none, and a translator can run them to see what is left to do.
//!
//! - every file loads (parses; no id defined twice in a language; in a language folder),
//! - every language has the same files and the same messages and attributes as English,
//! - no translation uses a variable that the English message (hence the code) does not pass,
//! - every message or term a message refers to exists in that language,
//! - plural variants use only categories the language's plural rules can select.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use fluent_syntax::ast;
use fluent_syntax::parser;

use super::Lang;
use super::catalog::{Catalog, CatalogError, Source};

/// One thing wrong with the catalogues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Load(CatalogError),
    /// `lang` lacks a file English has (or has one English lacks, `extra`).
    File {
        lang: Lang,
        file: String,
        extra: bool,
    },
    /// `lang` lacks message (or `message.attribute`) `id` that English has.
    Missing {
        lang: Lang,
        id: String,
    },
    /// `lang` has `id`, English does not.
    Extra {
        lang: Lang,
        id: String,
    },
    /// `lang`'s `id` uses `$variable`, which English's does not (so the code never passes it).
    UnknownVariable {
        lang: Lang,
        id: String,
        variable: String,
    },
    /// `lang`'s `id` refers to a message or term (`-term`) not defined in `lang`.
    UnknownReference {
        lang: Lang,
        id: String,
        reference: String,
    },
    /// `lang`'s `id` has a plural variant `[key]` its plural rules never select.
    PluralCategory {
        lang: Lang,
        id: String,
        key: String,
    },
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Load(e) => write!(f, "{e}"),
            Problem::File {
                lang,
                file,
                extra: false,
            } => write!(f, "{lang}: missing file {file} (English has it)"),
            Problem::File {
                lang,
                file,
                extra: true,
            } => write!(f, "{lang}: file {file} has no English original"),
            Problem::Missing { lang, id } => write!(f, "{lang}: missing \"{id}\""),
            Problem::Extra { lang, id } => write!(f, "{lang}: \"{id}\" is not in English"),
            Problem::UnknownVariable { lang, id, variable } => write!(
                f,
                "{lang}: \"{id}\" uses ${variable}, which the English message does not"
            ),
            Problem::UnknownReference { lang, id, reference } => {
                write!(
                    f,
                    "{lang}: \"{id}\" refers to \"{reference}\", not defined in {lang}"
                )
            }
            Problem::PluralCategory { lang, id, key } => write!(
                f,
                "{lang}: \"{id}\" has a [{key}] variant that {lang}'s plural rules never select"
            ),
        }
    }
}

/// The CLDR plural categories the runtime's rules select for a language (cardinals).
/// French has no `many` here: the rules fluent-bundle ships predate CLDR's `many` for
/// "1 000 000 de …", so a `[many]` variant would never be chosen.
pub fn plural_categories(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::En | Lang::Fr | Lang::Hi => &["one", "other"],
        Lang::ZhCn => &["other"],
    }
}

const CATEGORY_NAMES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// What one language defines: messages (and `message.attribute`s) with the variables each uses
/// and the entries it refers to, terms, files.
#[derive(Default)]
struct Inventory {
    files: BTreeSet<String>,
    messages: BTreeMap<String, Usage>,
    terms: BTreeSet<String>,
    defined_messages: BTreeSet<String>,
}

#[derive(Default)]
struct Usage {
    variables: BTreeSet<String>,
    references: BTreeSet<String>,
    variant_keys: BTreeSet<String>,
}

fn walk_pattern(p: &ast::Pattern<&str>, u: &mut Usage) {
    for element in &p.elements {
        if let ast::PatternElement::Placeable { expression } = element {
            walk_expression(expression, u);
        }
    }
}

fn walk_expression(e: &ast::Expression<&str>, u: &mut Usage) {
    match e {
        ast::Expression::Inline(inline) => walk_inline(inline, u),
        ast::Expression::Select { selector, variants } => {
            walk_inline(selector, u);
            for v in variants {
                if let ast::VariantKey::Identifier { name } = v.key {
                    u.variant_keys.insert(name.to_owned());
                }
                walk_pattern(&v.value, u);
            }
        }
    }
}

fn walk_inline(e: &ast::InlineExpression<&str>, u: &mut Usage) {
    match e {
        ast::InlineExpression::VariableReference { id } => {
            u.variables.insert(id.name.to_owned());
        }
        ast::InlineExpression::MessageReference { id, .. } => {
            u.references.insert(id.name.to_owned());
        }
        ast::InlineExpression::TermReference { id, arguments, .. } => {
            u.references.insert(format!("-{}", id.name));
            if let Some(args) = arguments {
                walk_arguments(args, u);
            }
        }
        ast::InlineExpression::FunctionReference { arguments, .. } => walk_arguments(arguments, u),
        ast::InlineExpression::Placeable { expression } => walk_expression(expression, u),
        ast::InlineExpression::StringLiteral { .. } | ast::InlineExpression::NumberLiteral { .. } => {}
    }
}

fn walk_arguments(args: &ast::CallArguments<&str>, u: &mut Usage) {
    for a in &args.positional {
        walk_inline(a, u);
    }
    for a in &args.named {
        walk_inline(&a.value, u);
    }
}

fn usage_of(p: &ast::Pattern<&str>) -> Usage {
    let mut u = Usage::default();
    walk_pattern(p, &mut u);
    u
}

fn inventory(sources: &[&Source]) -> Inventory {
    let mut inv = Inventory::default();
    for source in sources {
        inv.files.insert(source.file_name().to_owned());
        // Parse errors are reported by the load check; what did parse is still inventoried.
        let resource = match parser::parse_runtime(source.text.as_str()) {
            Ok(r) => r,
            Err((r, _)) => r,
        };
        for entry in &resource.body {
            match entry {
                ast::Entry::Message(m) => {
                    inv.defined_messages.insert(m.id.name.to_owned());
                    if let Some(value) = &m.value {
                        inv.messages.insert(m.id.name.to_owned(), usage_of(value));
                    }
                    for a in &m.attributes {
                        inv.messages
                            .insert(format!("{}.{}", m.id.name, a.id.name), usage_of(&a.value));
                    }
                }
                ast::Entry::Term(t) => {
                    inv.terms.insert(format!("-{}", t.id.name));
                }
                _ => {}
            }
        }
    }
    inv
}

/// Every problem with this set of catalogue files, in a stable order.
pub fn problems(sources: &[Source]) -> Vec<Problem> {
    let mut out: Vec<Problem> = match Catalog::from_sources(sources) {
        Ok(_) => Vec::new(),
        Err(e) => e.0.into_iter().map(Problem::Load).collect(),
    };
    let inventories: Vec<(Lang, Inventory)> = Lang::ALL
        .into_iter()
        .map(|lang| {
            let own: Vec<&Source> = sources.iter().filter(|s| s.lang() == Some(lang)).collect();
            (lang, inventory(&own))
        })
        .collect();
    let Some((_, english)) = inventories.iter().find(|(l, _)| *l == Lang::En) else {
        return out;
    };
    for (lang, inv) in &inventories {
        let lang = *lang;
        if lang != Lang::En {
            for file in english.files.difference(&inv.files) {
                out.push(Problem::File {
                    lang,
                    file: file.clone(),
                    extra: false,
                });
            }
            for file in inv.files.difference(&english.files) {
                out.push(Problem::File {
                    lang,
                    file: file.clone(),
                    extra: true,
                });
            }
            for id in english
                .messages
                .keys()
                .filter(|id| !inv.messages.contains_key(*id))
            {
                out.push(Problem::Missing { lang, id: id.clone() });
            }
        }
        for (id, usage) in &inv.messages {
            match english.messages.get(id) {
                None => out.push(Problem::Extra { lang, id: id.clone() }),
                Some(original) => {
                    for variable in usage.variables.difference(&original.variables) {
                        out.push(Problem::UnknownVariable {
                            lang,
                            id: id.clone(),
                            variable: variable.clone(),
                        });
                    }
                }
            }
            for reference in &usage.references {
                let known = if reference.starts_with('-') {
                    inv.terms.contains(reference)
                } else {
                    inv.defined_messages.contains(reference)
                };
                if !known {
                    out.push(Problem::UnknownReference {
                        lang,
                        id: id.clone(),
                        reference: reference.clone(),
                    });
                }
            }
            for key in &usage.variant_keys {
                if CATEGORY_NAMES.contains(&key.as_str()) && !plural_categories(lang).contains(&key.as_str())
                {
                    out.push(Problem::PluralCategory {
                        lang,
                        id: id.clone(),
                        key: key.clone(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
