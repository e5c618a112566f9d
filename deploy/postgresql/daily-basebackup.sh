#!/usr/bin/env bash
# The daily base backup of jetway's PostgreSQL primary, run by deploy/systemd/jetway-basebackup.timer on the node
# that is the primary (on a standby it does nothing). With the WAL archive it makes any moment of the kept days
# recoverable (pg_node.sh recover).
#
#   daily-basebackup.sh DIR PORT BACKUPS
#
# Writes BACKUPS/base-<UTC time> (pg_basebackup, checked by pg_verifybackup), then removes the base backups older
# than KEEP_DAYS days (default 14; the newest is always kept) and, with pg_archivecleanup, the archived WAL segments
# that only the removed backups needed.
set -euo pipefail
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
KEEP_DAYS=${KEEP_DAYS:-14}
HERE=$(cd "$(dirname "$0")" && pwd)
dir=$(realpath -m "${1:?usage: daily-basebackup.sh DIR PORT BACKUPS}") port=${2:?port} backups=$(realpath -m "${3:?backups}")

as_pg() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}
in_recovery=$(as_pg "$PGBIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -qAt -c "SELECT pg_is_in_recovery()")
if [[ $in_recovery == t ]]; then
  echo "daily-basebackup.sh: this node is a standby; the primary takes the backup" >&2
  exit 0
fi
"$HERE/pg_node.sh" basebackup "$dir" "$port" "$backups/base-$(date -u +%Y%m%dT%H%M%SZ)"

cutoff=$(($(date -u +%s) - KEEP_DAYS * 86400))
mapfile -t all < <(find "$backups" -maxdepth 1 -type d -name 'base-*' | sort)
newest=${all[-1]}
for backup in "${all[@]}"; do
  stamp=${backup##*/base-}
  taken=$(date -u -d "${stamp:0:4}-${stamp:4:2}-${stamp:6:2} ${stamp:9:2}:${stamp:11:2}:${stamp:13:2}" +%s)
  if [[ $backup != "$newest" && $taken -lt $cutoff ]]; then rm -rf "$backup" "$backup.log"; fi
done
# The oldest backup kept starts at a WAL segment (its backup_label); nothing before it can be replayed onto it.
oldest=$(find "$backups" -maxdepth 1 -type d -name 'base-*' | sort | head -n 1)
first_wal=$(sed -n 's/^START WAL LOCATION: .* (file \([0-9A-F]*\))$/\1/p' "$oldest/backup_label")
archive=$(sed -n "s/^archive_command = 'test ! -f \(.*\)\/%f && cp.*/\1/p" "$oldest/archive.conf")
if [[ -n $first_wal && -n $archive ]]; then as_pg "$PGBIN/pg_archivecleanup" "$archive" "$first_wal"; fi
