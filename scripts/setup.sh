#!/usr/bin/env bash
# Installs jetway's build and test dependencies (Debian 12 packages) and builds it into build/.
# Idempotent: packages already present are not fetched again, and the build is incremental.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  g++ cmake ninja-build pkg-config python3 tzdata ca-certificates
  libasio-dev librestinio-dev libfmt-dev nlohmann-json3-dev libhowardhinnant-date-dev
  libtomlplusplus-dev libcli11-dev libsqlite3-dev libpq-dev zlib1g-dev libbrotli-dev libsodium-dev
  libkainjow-mustache-dev libcurl4-openssl-dev libgtest-dev libgmock-dev libssl-dev libqrencode-dev libxlsxwriter-dev
  libmodsecurity-dev modsecurity-crs libgoogle-perftools-dev
  libcairo2-dev libpango1.0-dev fonts-dejavu-core poppler-utils libzxing-dev iso-codes
)
# The servers the tests and benchmarks start beside jetway: PostgreSQL (with psql and pgbench; jetway itself needs
# only libpq), HAProxy, Patroni and etcd (automatic failover); and the tools that check what deploy/ ships and
# /metrics: systemd-analyze and promtool.
if [[ "${JETWAY_WITH_POSTGRES:-0}" == 1 || "${JETWAY_WITH_BENCH:-0}" == 1 ]]; then
  PACKAGES+=(postgresql-15 haproxy systemd prometheus patroni etcd-server)
fi
# The browser and mail tests need Chromium (driven by npm playwright-core) and a real SMTP server.
# Node.js and npm only when missing: a machine may carry NodeSource's nodejs, which bundles npm and conflicts with
# Debian's npm package.
if [[ "${JETWAY_WITH_BROWSER:-0}" == 1 || "${JETWAY_WITH_API_REFERENCE:-0}" == 1 ]]; then
  command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
  command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
fi
if [[ "${JETWAY_WITH_BROWSER:-0}" == 1 ]]; then
  PACKAGES+=(chromium python3-aiosmtpd)
  command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
  command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)
fi
# The attackers' tools the security tests run (tests/http/test_attack_tools.py): sqlmap and wapiti. Debian's wapiti
# asks for brotli-compressed pages without depending on the module that decodes them: without python3-brotli its
# crawler reads jetway's pages as noise and attacks nothing.
if [[ "${JETWAY_WITH_ATTACK:-0}" == 1 ]]; then PACKAGES+=(sqlmap wapiti python3-brotli); fi
# The fuzzers (fuzz/, scripts/fuzz.sh) are built with clang 16 and its libFuzzer, ASan and UBSan runtimes.
if [[ "${JETWAY_WITH_FUZZ:-0}" == 1 ]]; then PACKAGES+=(clang-16 libclang-rt-16-dev); fi
# The template-engine comparison (bench/templates) needs the engine jetway did not choose and Google Benchmark.
if [[ "${JETWAY_WITH_BENCH:-0}" == 1 ]]; then PACKAGES+=(wrk nginx-light libmstch-dev libboost-dev libbenchmark-dev); fi

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  echo "==> installing: ${missing[*]}"
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${missing[@]}"
fi

# The browser tests' npm packages (playwright-core, axe-core) and the OpenAPI linter (@redocly/cli), exactly as
# package-lock.json pins them, so CTest itself
# needs no network. Playwright's own browsers are never downloaded: the tests drive Debian's chromium.
# npm ci runs when node_modules is missing or older than the lock file.
if [[ "${JETWAY_WITH_BROWSER:-0}" == 1 && ( ! -f tests/browser/node_modules/.package-lock.json ||
      tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ) ]]; then
  (cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# The interactive API reference (/api/v1/docs) is Swagger UI, pinned by tools/api-reference's lock file; the two
# files jetway serves are copied into web/ (before the manifest below signs web/). The browser tests open it.
if [[ "${JETWAY_WITH_BROWSER:-0}" == 1 || "${JETWAY_WITH_API_REFERENCE:-0}" == 1 ]]; then
  if [[ ! -f tools/api-reference/node_modules/.package-lock.json ||
        tools/api-reference/package-lock.json -nt tools/api-reference/node_modules/.package-lock.json ]]; then
    (cd tools/api-reference && npm ci --no-audit --no-fund --ignore-scripts)
  fi
  mkdir -p web/apidocs
  for file in swagger-ui-bundle.js swagger-ui.css; do
    cmp -s "tools/api-reference/node_modules/swagger-ui-dist/$file" "web/apidocs/$file" ||
      cp "tools/api-reference/node_modules/swagger-ui-dist/$file" "web/apidocs/$file"
  done
fi

# JETWAY_SKIP_BUILD=1: the packages only (scripts/fuzz.sh builds its own tree with clang).
if [[ "${JETWAY_SKIP_BUILD:-0}" == 1 ]]; then exit 0; fi

BUILD_DIR="${JETWAY_BUILD_DIR:-build}"
BUILD_TYPE="${JETWAY_BUILD_TYPE:-RelWithDebInfo}"
EXTRA=()
if [[ "${JETWAY_SANITIZE:-0}" == 1 ]]; then EXTRA+=(-DJETWAY_SANITIZE=ON); BUILD_TYPE="${JETWAY_BUILD_TYPE:-Sanitize}"; fi
if [[ ! -f "$BUILD_DIR/build.ninja" ]]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE" "${EXTRA[@]}"
fi
cmake --build "$BUILD_DIR" -j "${JETWAY_JOBS:-2}"

# The install's signed manifest (`jetway verify-install`, and the server's own check): a development key made once
# per build directory signs what was just built. A production install signs with a key kept off the servers
# (docs/security.md, "Install integrity").
mkdir -p "$BUILD_DIR/integrity"
if [[ ! -f "$BUILD_DIR/integrity/signing.key" ]]; then
  "$BUILD_DIR/jetway" manifest keygen --private "$BUILD_DIR/integrity/signing.key" \
    --public "$BUILD_DIR/integrity/signing.pub" > /dev/null
fi
"$BUILD_DIR/jetway" manifest sign --key "$BUILD_DIR/integrity/signing.key" --out "$BUILD_DIR/integrity/jetway.manifest"
