#!/usr/bin/env bash
# A throw-away PostgreSQL 15 cluster for tests and benchmarks, on 127.0.0.1 only.
#   scripts/pg_cluster.sh start DIR [PORT]   initdb in DIR, start, create the jetway owner role; prints the
#                                            owner URL to the maintenance database (use with JETWAY_TEST_POSTGRES);
#                                            with PG_FSYNC=off, a cluster that does not fsync (tests)
#   scripts/pg_cluster.sh stop DIR           stop it (DIR stays for the logs)
#   scripts/pg_cluster.sh restart DIR        pg_ctl restart -m fast (the restart-under-load test)
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user that Debian's package made.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin
OWNER=jetway_owner
OWNER_PASSWORD=owner-secret

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cmd=${1:?usage: pg_cluster.sh start|stop|restart DIR [PORT]}
dir=$(realpath -m "${2:?cluster directory required}")
case "$cmd" in
  start)
    port=${3:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
    mkdir -p "$dir"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$dir"; fi
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
        --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
      cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 300
shared_buffers = 256MB
logging_collector = off
log_min_messages = warning
CONF
      # PG_FSYNC=off (scripts/test.sh): a test cluster need not survive the machine crashing, only its processes
      # being killed, which the OS page cache covers; creating a database (each test makes several) takes a
      # fraction of the time. Benchmarks keep the default, to measure what production would do.
      if [[ "${PG_FSYNC:-on}" == off ]]; then
        printf 'fsync = off\nfull_page_writes = off\n' >>"$dir/data/postgresql.conf"
      fi
    fi
    port=$(sed -n 's/^port = \([0-9]*\)$/\1/p' "$dir/data/postgresql.conf" | tail -1)
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null
    as_pg "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$OWNER') THEN
    CREATE ROLE $OWNER LOGIN CREATEDB CREATEROLE PASSWORD '$OWNER_PASSWORD';
  END IF;
END \$\$;
SQL
    echo "postgresql://$OWNER:$OWNER_PASSWORD@127.0.0.1:$port/postgres"
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then as_pg "$PGBIN/pg_ctl" -D "$dir/data" -w -m fast stop >/dev/null || true; fi
    ;;
  restart)
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -m fast restart >/dev/null
    ;;
  *) echo "usage: pg_cluster.sh start|stop|restart DIR [PORT]" >&2; exit 2 ;;
esac
