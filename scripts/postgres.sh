# Shared by scripts/test.sh and .ci/run (sourced): make a local PostgreSQL answer on 127.0.0.1:5432.

# Does something accept connections on 127.0.0.1:5432?
pg_answers() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432 -t 3
  else
    (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
  fi
}

# The first cluster on port 5432 (or the first at all) as "VERSION NAME", from `pg_lsclusters -h`.
pg_cluster() {
  command -v pg_lsclusters >/dev/null 2>&1 || return 1
  local line
  line=$(pg_lsclusters -h 2>/dev/null | awk '$3 == 5432 {print $1, $2; exit}')
  [ -n "$line" ] || line=$(pg_lsclusters -h 2>/dev/null | awk 'NR == 1 {print $1, $2}')
  [ -n "$line" ] && echo "$line"
}

# On a cluster this run installed, let the postgres role connect over 127.0.0.1 without a
# password (Debian's default asks for one): the test URL is postgres://postgres@127.0.0.1.
pg_trust_local_postgres() {
  local version=$1 name=$2 hba="/etc/postgresql/$1/$2/pg_hba.conf"
  if [ -f "$hba" ] && ! grep -q '^host all postgres 127.0.0.1/32 trust' "$hba"; then
    sed -i '1i host all postgres 127.0.0.1/32 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload || true
  fi
}

# Whether a cluster exists (else PostgreSQL must be installed): for the callers' package lists.
pg_needs_install() {
  ! pg_answers && ! pg_cluster >/dev/null
}

# As root: install PostgreSQL when no cluster exists, start the cluster when it is down.
# Set PG_FRESH=1 before calling when the caller has just installed the postgresql package.
# Sets PG_PROBLEM to a one-line explanation when it cannot.
PG_FRESH=${PG_FRESH:-0}
ensure_postgres() {
  PG_PROBLEM=""
  if [ "$(id -u)" != 0 ]; then
    pg_answers && return 0
    if pg_cluster >/dev/null; then
      PG_PROBLEM="PostgreSQL is installed but not running on 127.0.0.1:5432: start it as root with 'pg_ctlcluster $(pg_cluster) start', or set DAIHOI_TEST_PG_URL"
    else
      PG_PROBLEM="no PostgreSQL answers on 127.0.0.1:5432: install it as root ('apt-get install postgresql'), run this script as root, or set DAIHOI_TEST_PG_URL"
    fi
    return 1
  fi
  if ! pg_answers && ! pg_cluster >/dev/null; then
    echo "== installing PostgreSQL (no cluster found)"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql \
      || { PG_PROBLEM="apt-get install postgresql failed"; return 1; }
    PG_FRESH=1
  fi
  local cluster
  if [ "$PG_FRESH" = 1 ] && cluster=$(pg_cluster); then
    # shellcheck disable=SC2086
    pg_trust_local_postgres $cluster
  fi
  pg_answers && return 0
  cluster=$(pg_cluster) || { PG_PROBLEM="PostgreSQL is installed but pg_lsclusters lists no cluster"; return 1; }
  echo "== starting PostgreSQL cluster $cluster"
  # shellcheck disable=SC2086
  pg_ctlcluster --skip-systemctl-redirect $cluster start || true
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    pg_answers && return 0
    sleep 1
  done
  PG_PROBLEM="PostgreSQL cluster $cluster did not start: see /var/log/postgresql/"
  return 1
}
