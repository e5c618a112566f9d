#!/usr/bin/env bash
# One command to run jetway on its embedded default: installs what it needs, builds, creates the SQLite
# databases under var/, loads the demo airline (Kattegat Air, X9) and serves on http://127.0.0.1:8080/.
# Pass extra serve flags through, e.g. scripts/run.sh --listen 0.0.0.0:8080
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export JETWAY_DATA_DIR="${JETWAY_DATA_DIR:-var}"
build/jetway demo
exec build/jetway serve "$@"
