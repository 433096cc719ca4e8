# Shared setup for scripts/run and scripts/test: installs what is missing on a Debian machine,
# makes sure a PostgreSQL answers, and exports DATABASE_URL. Sourced, not executed.
#
# - DATABASE_URL already set: used as it is; nothing is installed or started for the database.
# - Otherwise: a PostgreSQL on 127.0.0.1:5432 is used if one answers; if none does, the Debian
#   packages are installed when missing and the newest local cluster is started. A role and a
#   database named "meterdesk" (password "meterdesk", CREATEDB for the test databases) are
#   created when missing.

set -euo pipefail

MD_PG_HOST=127.0.0.1
MD_PG_PORT=5432

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

if [ "$(id -u)" -eq 0 ]; then
  SUDO=()
elif command -v sudo >/dev/null 2>&1; then
  SUDO=(sudo)
else
  SUDO=()
fi

apt_updated=0
apt_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing ${missing[*]} and no apt-get to install them; install them by hand"
  if [ "$(id -u)" -ne 0 ] && [ ${#SUDO[@]} -eq 0 ]; then
    die "missing ${missing[*]}; run as root or install sudo, or install them by hand"
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ "$apt_updated" -eq 0 ] && ! "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    "${SUDO[@]}" apt-get update -qq
    apt_updated=1
    "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  elif [ "$apt_updated" -eq 1 ]; then
    "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# What building needs beyond the Rust toolchain: libpq for diesel, a C toolchain for linking.
ensure_build_deps() {
  command -v cargo >/dev/null 2>&1 || die "cargo is not on PATH; install the Rust toolchain (https://rustup.rs)"
  apt_install libpq-dev
  command -v cc >/dev/null 2>&1 || apt_install gcc libc6-dev
  # jemalloc (the server's allocator) is built from source with make.
  command -v make >/dev/null 2>&1 || apt_install make
}

pg_answers() {
  (exec 3<>"/dev/tcp/$MD_PG_HOST/$MD_PG_PORT") 2>/dev/null
}

wait_for_pg() {
  local i
  for i in $(seq 1 60); do
    pg_answers && return 0
    sleep 0.5
  done
  return 1
}

# Runs psql as the database superuser: over the Unix socket as the postgres system user when
# we can become it, else over TCP as the postgres role (trust or .pgpass setups).
psql_admin() {
  if id postgres >/dev/null 2>&1 && [ -d /var/run/postgresql ] && { [ "$(id -u)" -eq 0 ] || [ ${#SUDO[@]} -gt 0 ]; }; then
    if [ "$(id -u)" -eq 0 ] && command -v runuser >/dev/null 2>&1; then
      (cd / && runuser -u postgres -- psql -X -v ON_ERROR_STOP=1 -q "$@")
    else
      (cd / && "${SUDO[@]}" -u postgres psql -X -v ON_ERROR_STOP=1 -q "$@")
    fi
  else
    psql -X -v ON_ERROR_STOP=1 -q -h "$MD_PG_HOST" -p "$MD_PG_PORT" -U postgres "$@"
  fi
}

ensure_postgres() {
  if [ -n "${DATABASE_URL:-}" ]; then
    say "using DATABASE_URL as given"
    return 0
  fi
  if pg_answers; then
    say "PostgreSQL answers on $MD_PG_HOST:$MD_PG_PORT"
  else
    if ! ls -d /etc/postgresql/*/main >/dev/null 2>&1; then
      apt_install postgresql
    fi
    local version
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    say "starting PostgreSQL $version"
    "${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
      || "${SUDO[@]}" pg_ctlcluster "$version" main start
    wait_for_pg || die "PostgreSQL $version did not start; see /var/log/postgresql/"
  fi
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client
  psql_admin -d postgres -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'meterdesk') THEN
        CREATE ROLE meterdesk LOGIN CREATEDB PASSWORD 'meterdesk';
      END IF;
    END \$\$;" >/dev/null
  if [ -z "$(psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'meterdesk'")" ]; then
    say "creating database meterdesk"
    psql_admin -d postgres -c "CREATE DATABASE meterdesk OWNER meterdesk" >/dev/null
  fi
  # Loopback, so no TLS (Debian's server offers it and libpq takes it by default): it cost the
  # benchmarks CPU, and OpenSSL's clean-up at a test binary's exit crashed it (SIGSEGV in
  # libcrypto after every test had passed) while pooled connections of its servers still used it.
  export DATABASE_URL="postgres://meterdesk:meterdesk@$MD_PG_HOST:$MD_PG_PORT/meterdesk?sslmode=disable"
}

# The fault tests start a private cluster with initdb and pg_ctl: the server binaries must be
# installed even when DATABASE_URL points elsewhere.
ensure_postgres_server_binaries() {
  [ -n "${MD_PG_BIN:-}" ] && return 0
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
}

ensure_browser() {
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
    apt_install chromium chromium-driver
  fi
}

# axe-core, the accessibility engine the browser tests run in each page: from the npm
# registry into target/axe, once per version (npm comes from Debian when missing).
AXE_VERSION=4.10.3
ensure_axe() {
  local dir=target/axe
  if [ -f "$dir/node_modules/axe-core/axe.min.js" ] && grep -q "\"version\": \"$AXE_VERSION\"" "$dir/node_modules/axe-core/package.json" 2>/dev/null; then
    return 0
  fi
  command -v npm >/dev/null 2>&1 || apt_install nodejs npm
  say "installing axe-core $AXE_VERSION for the accessibility checks"
  mkdir -p "$dir"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "axe-core@$AXE_VERSION" >/dev/null
}

# The compatibility tests (tests/compat) drive the official Python clients: a venv in
# target/compat-venv with tests/compat/requirements.txt installed, redone only when that file
# changes (its hash is kept in the venv). Exports MD_COMPAT_PYTHON for the Rust test binary.
ensure_compat_venv() {
  local venv=target/compat-venv req=tests/compat/requirements.txt hash
  command -v python3 >/dev/null 2>&1 || apt_install python3
  # Debian's python3 makes venvs only with python3-venv (ensurepip) installed.
  python3 -c 'import ensurepip, venv' >/dev/null 2>&1 || apt_install python3-venv
  if ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    say "creating the venv for the compatibility tests ($venv)"
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  if ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    apt_install python3-pip
    rm -rf "$venv"
    python3 -m venv "$venv"
  fi
  hash=$(sha256sum "$req" | cut -d' ' -f1)
  if [ "$(cat "$venv/.requirements.sha256" 2>/dev/null)" != "$hash" ]; then
    say "installing the clients the compatibility tests drive ($req)"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$req"
    echo "$hash" > "$venv/.requirements.sha256"
  fi
  MD_COMPAT_PYTHON="$PWD/$venv/bin/python"
  export MD_COMPAT_PYTHON
}
