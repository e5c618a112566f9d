#!/usr/bin/env bash
# CTest's browser.ibe: the passenger pages, the back office and the agent portal in headless Chromium (ibe.test.mjs,
# office.test.mjs, agent.test.mjs).
# Needs no network: the npm packages are installed by scripts/setup.sh (JETWAY_WITH_BROWSER=1, as scripts/test.sh
# sets), from package-lock.json.
# Screenshots go to $JETWAY_ARTIFACT_DIR, by default artifacts/ under the current (CTest: the build's) directory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [[ -n "${JETWAY_TEST_POSTGRES:-}" ]]; then
  echo "browser.ibe skipped: it runs once per build, in the SQLite pass (the pages do not depend on the engine)"
  exit 77
fi
if [[ ! -d "$here/node_modules/playwright-core" || ! -d "$here/node_modules/axe-core" ]]; then
  # Only from npm's local cache; a machine without it needs scripts/setup.sh with JETWAY_WITH_BROWSER=1.
  (cd "$here" && npm ci --offline --no-audit --no-fund) || {
    echo "tests/browser/node_modules is missing: run JETWAY_WITH_BROWSER=1 scripts/setup.sh" >&2
    exit 1
  }
fi
if [[ ! -x "${JETWAY_CHROMIUM:-/usr/bin/chromium}" ]]; then
  echo "no Chromium at ${JETWAY_CHROMIUM:-/usr/bin/chromium}: run JETWAY_WITH_BROWSER=1 scripts/setup.sh" >&2
  exit 1
fi
# Two lanes side by side, each file with its own server and Chromium: they wait on pages more than they compute,
# and one after the other the first two took 104 s with the machine half idle. The passenger pages take as long as
# the back office and the agent portal together. Each file's report is printed whole.
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
pids=()
for lane in "ibe" "office agent"; do
  (
    lane_status=0
    for file in $lane; do
      node --test --test-reporter=spec "$here/$file.test.mjs" > "$logs/$file.log" 2>&1 || lane_status=1
    done
    exit $lane_status
  ) &
  pids+=($!)
done
status=0
for pid in "${pids[@]}"; do wait "$pid" || status=1; done
cat "$logs/ibe.log" "$logs/office.log" "$logs/agent.log"
exit $status
