#!/usr/bin/env bash
# The whole check: install what is missing, then ruff, mypy, and the tests on SQLite and PostgreSQL.
#
#   bash scripts/test.sh [PYTEST ARGS…]
#
# As root it installs the Debian packages the tests need (Chromium, fonts-liberation2,
# poppler-utils, Pango, PostgreSQL when none answers on 127.0.0.1:5432) and starts PostgreSQL.
# As another user it says exactly what is missing. PostgreSQL URL: $DAIHOI_TEST_PG_URL
# (default postgres://postgres@127.0.0.1:5432/daihoi_ci; the tests use test_<name>).
# With CI=true, browser tests fail instead of skipping when Chromium is missing.
set -uo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=scripts/postgres.sh
. scripts/postgres.sh

PYTHON=${PYTHON:-python3}
PG_URL=${DAIHOI_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/daihoi_ci}
IS_ROOT=0
[ "$(id -u)" = 0 ] && IS_ROOT=1

say() { printf '\n== %s\n' "$*"; }
die() { printf 'scripts/test.sh: %s\n' "$*" >&2; exit 1; }

"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
  || die "Python >= 3.11 is needed ('$PYTHON' is $("$PYTHON" --version 2>&1)); set PYTHON=python3.11"

# --- Debian packages ------------------------------------------------------------------------
deb_installed() { [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]; }

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  for pkg in fonts-liberation2 poppler-utils libpango-1.0-0 libpangoft2-1.0-0; do
    deb_installed "$pkg" || missing+=("$pkg")
  done
  if [ ! -x .venv/bin/python ] && ! "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null; then
    missing+=(python3-venv)
  fi
  if [ -z "${DAIHOI_TEST_PG_URL:-}" ] && pg_needs_install; then
    missing+=(postgresql)
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$IS_ROOT" = 1 ]; then
    say "installing Debian packages: ${missing[*]}"
    apt-get update -q || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" \
      || die "apt-get install ${missing[*]} failed"
    [[ " ${missing[*]} " == *" postgresql "* ]] && PG_FRESH=1
  else
    say "missing Debian packages (run as root to install them): ${missing[*]}"
    echo "   apt-get install ${missing[*]}"
    echo "   without them, the tests that need them skip and say why (CI=true makes them fail)"
  fi
fi

# --- PostgreSQL -----------------------------------------------------------------------------
pg_ok=1
if [ -z "${DAIHOI_TEST_PG_URL:-}" ]; then
  ensure_postgres || pg_ok=0
fi

# --- Python environment ---------------------------------------------------------------------
if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "$PYTHON" -m venv .venv || die "could not create .venv (Debian: apt-get install python3-venv)"
fi
say "installing daihoi with its test dependencies into .venv"
pip_log=$(mktemp)
.venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
if ! .venv/bin/python -m pip install --quiet -e ".[test]" >"$pip_log" 2>&1; then
  cat "$pip_log" >&2
  die "pip install -e .[test] failed"
fi
rm -f "$pip_log"

# Can we log in? (pytest-django connects to the "postgres" database to create test_<name>.)
if [ "$pg_ok" = 1 ]; then
  if ! pg_error=$(.venv/bin/python - "$PG_URL" 2>&1 <<'PY'
import sys

import psycopg
from psycopg.conninfo import make_conninfo

try:
    psycopg.connect(make_conninfo(sys.argv[1], dbname="postgres", connect_timeout=5)).close()
except psycopg.Error as error:
    sys.exit(str(error).strip().splitlines()[0])
PY
  ); then
    pg_ok=0
    PG_PROBLEM="cannot connect to PostgreSQL at $PG_URL: $pg_error (set DAIHOI_TEST_PG_URL to a URL whose user may create databases)"
  fi
fi

# --- The checks -----------------------------------------------------------------------------
failed=()
summary=()
run() {
  local name=$1
  shift
  say "$name: $*"
  local started=$SECONDS
  "$@"
  local code=$?
  local took=$((SECONDS - started))
  if [ "$code" = 0 ]; then
    summary+=("ok      $name (${took}s)")
  else
    [ "$code" = 5 ] && echo "pytest collected no tests: that is a failure here"
    summary+=("FAILED  $name (exit $code, ${took}s)")
    failed+=("$name")
  fi
}

run "ruff check" .venv/bin/ruff check daihoi tests
run "ruff format" .venv/bin/ruff format --check daihoi tests
run "mypy" .venv/bin/mypy daihoi
run "import contracts" .venv/bin/lint-imports

sqlite_dir=$(mktemp -d)
trap 'rm -rf "$sqlite_dir"' EXIT
run "pytest on SQLite" env DATABASE_URL="sqlite:///$sqlite_dir/daihoi.sqlite3" \
  .venv/bin/pytest -q --tb=short "$@"

if [ "$pg_ok" = 1 ]; then
  run "pytest on PostgreSQL" env DATABASE_URL="$PG_URL" .venv/bin/pytest -q --tb=short --create-db "$@"
else
  say "pytest on PostgreSQL: cannot run"
  echo "   $PG_PROBLEM"
  summary+=("FAILED  pytest on PostgreSQL (not run: $PG_PROBLEM)")
  failed+=("pytest on PostgreSQL")
fi

say "summary"
printf '   %s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "   ${#failed[@]} step(s) failed: ${failed[*]}"
  exit 1
fi
echo "   all checks passed"
