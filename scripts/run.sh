#!/usr/bin/env bash
# One command to run jetway on its embedded default: installs what it needs, builds, creates the SQLite
# databases under var/, loads the demo airlines (Kattegat Air, X9; Fjordfly, Q9) and serves their booking sites on
# http://127.0.0.1:8080/ and http://q9.localhost:8080/, the back office on http://127.0.0.1:8081/ and the agent portal on http://127.0.0.1:8082/
# (plain HTTP on this machine only, so their session cookies are not marked Secure). Add staff with
# build/jetway user add --email … --role administrator; an agency's first user (after staff added the agency) with
# build/jetway user add --agency CODE --email … --role agency_admin.
# Pass extra serve flags through, e.g. scripts/run.sh --listen 0.0.0.0:8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export JETWAY_DATA_DIR="${JETWAY_DATA_DIR:-var}"
export JETWAY_ADMIN_LISTEN="${JETWAY_ADMIN_LISTEN:-127.0.0.1:8081}" JETWAY_ADMIN_SECURE_COOKIES="${JETWAY_ADMIN_SECURE_COOKIES:-0}"
export JETWAY_AGENT_LISTEN="${JETWAY_AGENT_LISTEN:-127.0.0.1:8082}" JETWAY_AGENT_SECURE_COOKIES="${JETWAY_AGENT_SECURE_COOKIES:-0}"
# The install checks itself against the manifest setup.sh signed (an edit to web/ while it runs raises an alert).
export JETWAY_INTEGRITY_MANIFEST="${JETWAY_INTEGRITY_MANIFEST:-build/integrity/jetway.manifest}"
export JETWAY_INTEGRITY_PUBLIC_KEY="${JETWAY_INTEGRITY_PUBLIC_KEY:-build/integrity/signing.pub}"
build/jetway demo
echo "jetway: Kattegat Air's booking site on http://127.0.0.1:8080/, Fjordfly's on http://q9.localhost:8080/," \
     "the back office on http://${JETWAY_ADMIN_LISTEN}/, the agent portal on http://${JETWAY_AGENT_LISTEN}/"
exec build/jetway serve "$@"
