#!/usr/bin/env bash
# One node of jetway's PostgreSQL 15 pair: a primary and a hot standby with synchronous streaming replication
# (replication.conf: an acknowledged commit is on both). Run as root (it then works as the `postgres` user) or as
# the user owning the data directory.
#
#   pg_node.sh primary DIR PORT NAME               initdb, replication settings, a replication role; start
#                                                  (asynchronous until `synchronous`, once a standby streams)
#   pg_node.sh standby DIR PORT NAME PRIMARY:PORT  pg_basebackup from the primary, then start streaming from it
#   pg_node.sh promote DIR PORT                    make this standby the primary (pg_ctl promote), and stop waiting
#                                                  for a synchronous standby until one rejoins
#   pg_node.sh rejoin DIR PORT NAME PRIMARY:PORT   turn a stopped old primary into the new primary's standby
#                                                  (pg_rewind, then streaming)
#   pg_node.sh synchronous DIR PORT                on the primary: wait for a streaming standby, then acknowledge
#                                                  commits only once it has them again
#   pg_node.sh basebackup DIR PORT TARGET          a base backup of the node into the directory TARGET, checked
#                                                  with pg_verifybackup
#   pg_node.sh recover BACKUP TIME DIR PORT        a new server in DIR from the base backup BACKUP and the WAL
#                                                  archive, as it was at TIME ('2026-12-02 10:15:00.5+00'), then
#                                                  promoted: point-in-time recovery
#   pg_node.sh monitor DIR PORT ROLE               let jetway's application role (jetway_public, after `jetway
#                                                  migrate` made it) read the standbys' state and lag
#                                                  (pg_read_all_stats), for /metrics and the replication alerts
#   pg_node.sh stop DIR                            stop the node (fast)
#
# WAL segments are archived to ARCHIVE_DIR (default DIR/wal-archive; in production, other storage, mounted at the
# same path on both nodes), which `recover` reads. Listens on LISTEN (default 127.0.0.1). The replication role's password is REPLICATION_PASSWORD (default a test one:
# set your own). For automatic failover use Patroni instead (deploy/patroni).
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
LISTEN=${LISTEN:-127.0.0.1}
REPLICATION_USER=replicator
REPLICATION_PASSWORD=${REPLICATION_PASSWORD:-replication-secret}
HERE=$(cd "$(dirname "$0")" && pwd)

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
psql_local() {  # DIR PORT SQL: as the superuser over the node's own socket
  as_pg "$PGBIN/psql" -h "$1" -p "$2" -U postgres -d postgres -qAt -v ON_ERROR_STOP=1 -c "$3"
}
conninfo() {  # HOST:PORT NAME
  echo "host=${1%:*} port=${1##*:} user=$REPLICATION_USER password=$REPLICATION_PASSWORD application_name=$2"
}
own_settings() {  # DIR PORT NAME: what makes this node itself, appended last so that it wins over a copied file
  cat <<CONF
listen_addresses = '$LISTEN'
port = $2
unix_socket_directories = '$1'
cluster_name = '$3'
max_connections = 300
shared_buffers = 256MB
logging_collector = off
log_min_messages = warning
CONF
}
start() {  # DIR
  as_pg "$PGBIN/pg_ctl" -D "$1/data" -l "$1/server.log" -w -t 120 start >/dev/null
}
prepare_dir() {  # DIR
  mkdir -p "$1"
  if [[ $(id -u) -eq 0 ]]; then chown -R postgres: "$1"; fi
}
# The node's postgresql.auto.conf: only where it streams from (pg_rewind copies the primary's, and with it the
# primary's ALTER SYSTEM settings).
follow() {  # DIR PRIMARY:PORT NAME
  echo "primary_conninfo = '$(conninfo "$2" "$3")'" | as_pg tee "$1/data/postgresql.auto.conf" >/dev/null
}

cmd=${1:?usage: pg_node.sh primary|standby|promote|rejoin|synchronous|basebackup|recover|stop DIR ...}
dir=$(realpath -m "${2:?node directory required}")
case "$cmd" in
  primary)
    port=${3:?port} name=${4:?name}
    prepare_dir "$dir"
    as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=trust \
      --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
    # The shared settings travel inside the data directory: pg_basebackup and pg_rewind copy them to the standby.
    # Read by the caller, written by postgres: a checkout postgres may not read (a 0700 home or temporary directory;
    # `cp` as postgres failed there) still works.
    as_pg tee "$dir/data/replication.conf" <"$HERE/replication.conf" >/dev/null
    archive=$(realpath -m "${ARCHIVE_DIR:-$dir/wal-archive}")
    mkdir -p "$archive"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$archive"; fi
    echo "archive_command = 'test ! -f $archive/%f && cp %p $archive/%f'" | as_pg tee "$dir/data/archive.conf" >/dev/null
    { echo "include 'replication.conf'"; own_settings "$dir" "$port" "$name"; } |
      as_pg tee -a "$dir/data/postgresql.conf" >/dev/null
    # The standby streams as the replication role; pg_rewind reads files through a normal connection as it.
    printf 'host replication %s %s/32 scram-sha-256\nhost postgres %s %s/32 scram-sha-256\n' \
      "$REPLICATION_USER" "$LISTEN" "$REPLICATION_USER" "$LISTEN" | as_pg tee -a "$dir/data/pg_hba.conf" >/dev/null
    # Alone until a standby streams (then `synchronous`): else every commit, this role's too, would wait for it.
    echo "synchronous_standby_names = ''" | as_pg tee "$dir/data/postgresql.auto.conf" >/dev/null
    start "$dir"
    psql_local "$dir" "$port" "CREATE ROLE $REPLICATION_USER REPLICATION LOGIN PASSWORD '$REPLICATION_PASSWORD'"
    for fn in 'pg_ls_dir(text, boolean, boolean)' 'pg_stat_file(text, boolean)' 'pg_read_binary_file(text)' \
              'pg_read_binary_file(text, bigint, bigint, boolean)'; do
      psql_local "$dir" "$port" "GRANT EXECUTE ON FUNCTION pg_catalog.$fn TO $REPLICATION_USER"
    done
    ;;
  standby)
    port=${3:?port} name=${4:?name} primary=${5:?PRIMARY:PORT}
    prepare_dir "$dir"
    PGPASSWORD=$REPLICATION_PASSWORD as_pg "$PGBIN/pg_basebackup" -h "${primary%:*}" -p "${primary##*:}" \
      -U "$REPLICATION_USER" -D "$dir/data" -X stream -c fast -R >"$dir/basebackup.log" 2>&1 ||
      { cat "$dir/basebackup.log" >&2; exit 1; }
    own_settings "$dir" "$port" "$name" | as_pg tee -a "$dir/data/postgresql.conf" >/dev/null
    follow "$dir" "$primary" "$name"
    start "$dir"
    ;;
  promote)
    port=${3:?port}
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -w -t 60 promote >/dev/null
    # The new timeline in pg_control at once, which is what pg_rewind compares when the old primary rejoins.
    psql_local "$dir" "$port" "CHECKPOINT"
    # Alone now: synchronous commits would wait for a standby that is not there.
    psql_local "$dir" "$port" "ALTER SYSTEM SET synchronous_standby_names = ''"
    psql_local "$dir" "$port" "SELECT pg_reload_conf()" >/dev/null
    ;;
  rejoin)
    port=${3:?port} name=${4:?name} primary=${5:?PRIMARY:PORT}
    # A primary that was killed must first finish crash recovery on its own before pg_rewind can read it.
    # Its lock files name a postmaster that is gone, or a zombie nobody has reaped yet: both stale.
    for lock in "$dir/data/postmaster.pid" "$dir"/.s.PGSQL.*.lock; do
      [[ -f $lock ]] || continue
      pid=$(head -1 "$lock")
      if ! kill -0 "$pid" 2>/dev/null || [[ $(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) == Z ]]; then
        as_pg rm -f "$lock"
      else
        echo "pg_node.sh: $dir is still running (pid $pid); stop it first" >&2
        exit 1
      fi
    done
    as_pg "$PGBIN/postgres" --single -D "$dir/data" -c synchronous_standby_names='' postgres </dev/null >/dev/null 2>&1 || true
    as_pg "$PGBIN/pg_rewind" -D "$dir/data" --source-server="$(conninfo "$primary" "$name") dbname=postgres" \
      >"$dir/rewind.log" 2>&1 || { cat "$dir/rewind.log" >&2; exit 1; }
    # pg_rewind copied the primary's configuration: make this node itself again, a standby of it.
    own_settings "$dir" "$port" "$name" | as_pg tee -a "$dir/data/postgresql.conf" >/dev/null
    follow "$dir" "$primary" "$name"
    as_pg touch "$dir/data/standby.signal"
    start "$dir"
    ;;
  synchronous)
    port=${3:?port}
    # On the primary, once a standby streams: acknowledged commits are on both nodes again.
    for ((i = 0; i < 600; i++)); do
      [[ $(psql_local "$dir" "$port" "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'") -gt 0 ]] && break
      sleep 0.1
    done
    psql_local "$dir" "$port" "ALTER SYSTEM RESET synchronous_standby_names"
    psql_local "$dir" "$port" "SELECT pg_reload_conf()" >/dev/null
    ;;
  monitor)
    port=${3:?port}
    role=${4:?role}
    [[ $role =~ ^[a-z_][a-z0-9_]*$ ]] || { echo "not a role name: $role" >&2; exit 2; }
    psql_local "$dir" "$port" "GRANT pg_read_all_stats TO $role"
    ;;
  basebackup)
    port=${3:?port} target=$(realpath -m "${4:?target directory}")
    mkdir -p "$(dirname "$target")"
    if [[ $(id -u) -eq 0 ]]; then chown postgres: "$(dirname "$target")"; fi
    as_pg "$PGBIN/pg_basebackup" -h "$dir" -p "$port" -U postgres -D "$target" -X stream -c fast \
      >"$target.log" 2>&1 || { cat "$target.log" >&2; exit 1; }
    # Every file against the backup's manifest, and the WAL it needs: a backup that does not verify is no backup.
    as_pg "$PGBIN/pg_verifybackup" "$target" >>"$target.log" 2>&1 || { cat "$target.log" >&2; exit 1; }
    ;;
  recover)
    backup=$dir time=${3:?time} dir=$(realpath -m "${4:?directory}") port=${5:?port}
    prepare_dir "$dir"
    as_pg cp -a "$backup" "$dir/data"
    archive=$(sed -n "s/^archive_command = 'test ! -f \(.*\)\/%f && cp.*/\1/p" "$backup/archive.conf")
    own_settings "$dir" "$port" "recovered" | as_pg tee -a "$dir/data/postgresql.conf" >/dev/null
    # A copy for looking back in time: it neither archives into the live archive nor waits for a standby.
    printf "%s\n" "restore_command = 'cp $archive/%f %p'" "recovery_target_time = '$time'" \
      "recovery_target_action = 'promote'" "archive_mode = off" "synchronous_standby_names = ''" |
      as_pg tee "$dir/data/postgresql.auto.conf" >/dev/null
    as_pg rm -f "$dir/data/standby.signal"
    as_pg touch "$dir/data/recovery.signal"
    start "$dir"
    for ((i = 0; i < 600; i++)); do
      [[ $(psql_local "$dir" "$port" "SELECT pg_is_in_recovery()") == f ]] && break
      sleep 0.1
    done
    ;;
  stop)
    if [[ -f "$dir/data/postmaster.pid" ]]; then as_pg "$PGBIN/pg_ctl" -D "$dir/data" -w -m fast stop >/dev/null || true; fi
    ;;
  *) echo "usage: pg_node.sh primary|standby|promote|rejoin|synchronous|basebackup|recover|stop DIR ..." >&2; exit 2 ;;
esac
