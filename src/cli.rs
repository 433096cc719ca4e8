//! The command line: `serve` (default), `migrate`, `create-admin`, `api-key create`.

use crate::auth::model::Role;

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Serve,
    Migrate,
    CreateAdmin { email: String, role: Role },
    ApiKeyCreate { name: String },
    Help,
}

pub const USAGE: &str = "\
meterdesk — self-hosted usage-based billing portal

USAGE:
    meterdesk [serve]                          migrate, then serve the portal (default)
    meterdesk migrate                          apply pending database migrations
    meterdesk create-admin --email E [--role admin|editor|viewer]
                                               create an operator; the password is read from
                                               stdin when piped, else generated and printed once
    meterdesk api-key create --name N          create an API key; the key is printed alone on
                                               the last line
    meterdesk help                             show this text

ENVIRONMENT:
    DATABASE_URL                  PostgreSQL URL (required)
    METERDESK_BIND                address to listen on (default 127.0.0.1:8080)
    METERDESK_DATA_DIR            where the generated secret key lives (default ./data)
    METERDESK_SECRET_KEY          session/CSRF signing key (default: generated in the data dir)
    RUST_LOG                      log filter (default info)
";

fn flag(args: &[String], name: &str) -> Result<Option<String>, String> {
    match args.iter().position(|a| a == name) {
        Some(i) => match args.get(i + 1) {
            Some(v) if !v.starts_with("--") => Ok(Some(v.clone())),
            _ => Err(format!("{name} needs a value")),
        },
        None => Ok(args
            .iter()
            .find_map(|a| a.strip_prefix(&format!("{name}=")).map(str::to_string))),
    }
}

fn only_flags(args: &[String], allowed: &[&str]) -> Result<(), String> {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let name = a.split('=').next().unwrap_or(a);
        if !allowed.contains(&name) {
            return Err(format!("unexpected argument {a:?}"));
        }
        i += if a.contains('=') { 1 } else { 2 };
    }
    Ok(())
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let rest = args.get(1..).unwrap_or(&[]);
    match args.first().map(String::as_str) {
        None => Ok(Command::Serve),
        Some("serve") if rest.is_empty() => Ok(Command::Serve),
        Some("migrate") if rest.is_empty() => Ok(Command::Migrate),
        Some("help" | "--help" | "-h") => Ok(Command::Help),
        Some("create-admin") => {
            only_flags(rest, &["--email", "--role"])?;
            let email = flag(rest, "--email")?.ok_or("create-admin needs --email")?;
            let role = match flag(rest, "--role")? {
                Some(r) => {
                    Role::parse(&r).ok_or(format!("--role must be admin, editor or viewer, not {r:?}"))?
                }
                None => Role::Admin,
            };
            Ok(Command::CreateAdmin { email, role })
        }
        Some("api-key") => match rest.first().map(String::as_str) {
            Some("create") => {
                only_flags(&rest[1..], &["--name"])?;
                let name = flag(&rest[1..], "--name")?.ok_or("api-key create needs --name")?;
                Ok(Command::ApiKeyCreate { name })
            }
            _ => Err("api-key takes the subcommand create: meterdesk api-key create --name N".into()),
        },
        Some(other) => Err(format!("unknown command {other:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Command, String> {
        parse(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_commands() {
        assert_eq!(p(&[]), Ok(Command::Serve));
        assert_eq!(p(&["serve"]), Ok(Command::Serve));
        assert_eq!(p(&["migrate"]), Ok(Command::Migrate));
        assert_eq!(
            p(&["create-admin", "--email", "a@b.c"]),
            Ok(Command::CreateAdmin {
                email: "a@b.c".into(),
                role: Role::Admin
            })
        );
        assert_eq!(
            p(&["create-admin", "--email=a@b.c", "--role", "viewer"]),
            Ok(Command::CreateAdmin {
                email: "a@b.c".into(),
                role: Role::Viewer
            })
        );
        assert_eq!(
            p(&["api-key", "create", "--name", "x"]),
            Ok(Command::ApiKeyCreate { name: "x".into() })
        );
    }

    #[test]
    fn refuses_bad_input() {
        assert!(p(&["create-admin"]).is_err());
        assert!(p(&["create-admin", "--email"]).is_err());
        assert!(p(&["create-admin", "--email", "a@b.c", "--role", "root"]).is_err());
        assert!(p(&["create-admin", "--email", "a@b.c", "--bogus", "1"]).is_err());
        assert!(p(&["api-key"]).is_err());
        assert!(p(&["frobnicate"]).is_err());
        assert!(p(&["serve", "extra"]).is_err());
    }
}
