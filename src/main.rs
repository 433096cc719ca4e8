//! `meterdesk`: serve the portal, migrate, create operators and API keys.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use meterdesk::audit::Actor;
use meterdesk::auth::service;
use meterdesk::cli::{self, Command};
use meterdesk::{AppState, Config, db};

/// jemalloc gives freed memory back to the system; glibc's malloc keeps what a burst of
/// concurrent requests freed in per-thread arenas (see the memory benchmark).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    if command == Command::Help {
        print!("{}", cli::USAGE);
        return ExitCode::SUCCESS;
    }
    init_tracing();
    match run(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
}

fn run(command: Command) -> Result<(), String> {
    let config = Config::from_env().map_err(|e| e.to_string())?;
    let pool = db::connect(&config.database_url, config.db_pool_size)?;
    let mut conn = pool.get().map_err(|e| {
        format!(
            "cannot connect to the database at {}: {e}",
            db::redact(&config.database_url)
        )
    })?;
    match command {
        Command::Migrate => {
            let applied = db::migrate(&mut conn)?;
            println!("{} migration(s) applied", applied.len());
            Ok(())
        }
        Command::CreateAdmin { email, role } => {
            let chosen = read_password_from_stdin()?;
            let (op, generated) =
                service::create_operator(&mut conn, &Actor::Cli, &email, role, chosen.as_deref())
                    .map_err(|e| e.to_string())?;
            println!("created {} operator {}", role, op.email);
            if let Some(pw) = generated {
                println!("password (shown once): {pw}");
            }
            Ok(())
        }
        Command::ApiKeyCreate { name } => {
            let (row, key) =
                service::create_api_key(&mut conn, &Actor::Cli, &name).map_err(|e| e.to_string())?;
            println!(
                "created API key #{} {:?}; it is shown once, store it now:",
                row.id, row.name
            );
            println!("{key}");
            Ok(())
        }
        Command::Serve => {
            let applied = db::migrate(&mut conn)?;
            if !applied.is_empty() {
                tracing::info!("applied {} migration(s)", applied.len());
            }
            let first = service::ensure_first_admin(&mut conn).map_err(|e| e.to_string())?;
            drop(conn);
            serve(AppState::new(pool, config), first)
        }
        Command::Help => Ok(()),
    }
}

/// The password for `create-admin`, when one is piped in (first line).
fn read_password_from_stdin() -> Result<Option<String>, String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(None);
    }
    let mut input = String::new();
    stdin
        .lock()
        .read_to_string(&mut input)
        .map_err(|e| format!("reading the password from stdin: {e}"))?;
    let line = input
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches('\r')
        .to_string();
    Ok(if line.is_empty() { None } else { Some(line) })
}

#[actix_web::main]
async fn serve(state: AppState, first_admin: Option<(String, String)>) -> Result<(), String> {
    let bind = state.config.bind;
    let listener = std::net::TcpListener::bind(bind).map_err(|e| format!("cannot listen on {bind}: {e}"))?;
    let url = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    if let Some((email, pw)) = first_admin {
        println!("First start: created the admin operator.");
        println!("  open     {url}/login");
        println!("  email    {email}");
        println!("  password {pw}");
        println!("This password is shown once; change it under Settings → My password.");
    }
    println!("Meterdesk is serving on {url}");
    let server = meterdesk::start_server(state, listener).map_err(|e| e.to_string())?;
    server.await.map_err(|e| e.to_string())
}
