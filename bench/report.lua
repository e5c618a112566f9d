-- wrk script for the plain GET runs: the request stays static (no request()/response() hooks, so wrk's fast
-- path is kept); done() prints machine-readable figures that bench/run.sh parses.
--   BENCH requests_per_sec <n>   BENCH p50_ms <n>   BENCH p99_ms <n>   BENCH non2xx <n>   BENCH socket_errors <n>

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("BENCH requests %d\n", summary.requests))
  io.write(string.format("BENCH seconds %.3f\n", seconds))
  io.write(string.format("BENCH requests_per_sec %.1f\n", summary.requests / seconds))
  io.write(string.format("BENCH p50_ms %.3f\n", latency:percentile(50) / 1000))
  io.write(string.format("BENCH p99_ms %.3f\n", latency:percentile(99) / 1000))
  -- wrk counts status > 399 in errors.status
  io.write(string.format("BENCH non2xx %d\n", e.status))
  io.write(string.format("BENCH socket_errors %d\n", e.connect + e.read + e.write + e.timeout))
end
