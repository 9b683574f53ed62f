#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for the storage tests.
#
#   eval "$(bash .ci/postgres.sh start)"   # prints `export AOAD_TEST_DATABASE_URL=...`
#   bash .ci/postgres.sh stop               # stops it and removes its files
#
# Installs PostgreSQL with apt-get when no server binaries are found (Debian, as root).
# Only the export line goes to stdout, so that `eval` gets nothing else; progress goes to stderr.
set -euo pipefail

PORT="${AOAD_PG_PORT:-54329}"
BASE_DIR="${AOAD_PG_DIR:-/tmp/aoad-pg}" # socket, data and log: all removed by `stop`
DATA_DIR="$BASE_DIR/data"
LOG_FILE="$BASE_DIR/server.log"
DB_NAME=aoad_test
DB_USER=aoad
URL="postgresql://$DB_USER@127.0.0.1:$PORT/$DB_NAME"

die() {
  echo "postgres.sh: error: $*" >&2
  exit 1
}

say() {
  echo "postgres.sh: $*" >&2
}

# Print the directory holding initdb and pg_ctl: PATH first, then Debian's versioned
# directories (Debian does not put them in PATH), newest version first.
find_bin_dir() {
  local initdb
  if initdb="$(command -v initdb)" && command -v pg_ctl >/dev/null; then
    dirname "$(readlink -f "$initdb")"
    return 0
  fi
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

install_postgres() {
  [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and we are not root to install it;" \
    "install the 'postgresql' package (it provides initdb and pg_ctl)"
  command -v apt-get >/dev/null || die "PostgreSQL is not installed and apt-get is not available"
  say "installing PostgreSQL with apt-get"
  apt-get update -qq >&2 || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2 \
    || die "apt-get install postgresql failed"
}

# Run a command as the server's owner: initdb and postgres refuse to run as root.
as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    (cd /tmp && "$@")
  elif command -v runuser >/dev/null; then
    (cd /tmp && runuser -u postgres -- "$@")
  else
    (cd /tmp && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
  fi
}

is_running() {
  [ -f "$DATA_DIR/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1
}

start() {
  if ! BIN="$(find_bin_dir)"; then
    install_postgres
    BIN="$(find_bin_dir)" || die "PostgreSQL was installed but initdb/pg_ctl are still not found"
  fi
  if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
    die "there is no 'postgres' user to own the server (initdb refuses root)"
  fi

  if is_running; then
    say "already running on 127.0.0.1:$PORT"
  else
    rm -rf "$BASE_DIR"
    mkdir -p "$BASE_DIR"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$BASE_DIR"
    chmod 700 "$BASE_DIR"
    say "initialising a cluster in $DATA_DIR with $BIN/initdb"
    as_owner "$BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust --encoding=UTF8 --no-locale \
      >"$BASE_DIR/initdb.log" 2>&1 || {
      cat "$BASE_DIR/initdb.log" >&2
      die "initdb failed (log above)"
    }
    # fsync=off: this server holds only test data, and the tests commit often.
    as_owner "$BIN/pg_ctl" -D "$DATA_DIR" -l "$LOG_FILE" -w -t 60 \
      -o "-k $BASE_DIR -p $PORT -c listen_addresses=127.0.0.1 -c fsync=off" start >&2 || {
      tail -n 30 "$LOG_FILE" >&2 || true
      die "the server did not start on 127.0.0.1:$PORT (log above; is the port taken?)"
    }
    "$BIN/psql" -h "$BASE_DIR" -p "$PORT" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 \
      -c "CREATE ROLE $DB_USER LOGIN" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER" >&2 \
      || die "could not create the role and database"
    say "running on 127.0.0.1:$PORT"
  fi
  printf 'export AOAD_TEST_DATABASE_URL=%q\n' "$URL"
}

stop() {
  if BIN="$(find_bin_dir)" && is_running; then
    as_owner "$BIN/pg_ctl" -D "$DATA_DIR" -m fast -w stop >&2 || die "pg_ctl stop failed"
  fi
  rm -rf "$BASE_DIR"
  say "stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) die "usage: bash .ci/postgres.sh start|stop" ;;
esac
