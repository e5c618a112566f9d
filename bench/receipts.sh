#!/usr/bin/env bash
# Itinerary receipts and boarding passes (text, PDF, page symbol) per second on one core, beside the smallest PDF
# the same canvas makes (bench/tickets).
#   bench/receipts.sh [seconds per run (default 3)]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target receipt_bench -j2 >/dev/null
exec taskset -c 0 build/bench/tickets/receipt_bench "${1:-3}"
