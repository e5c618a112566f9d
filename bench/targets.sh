# A target's verdict line, for the benchmarks that check their figures against issue 16's bounds (bench/run.sh,
# bench/scale.sh): sourced, not run.
#   target LABEL FIGURE COMPARISON BOUND [NON2XX]
# COMPARISON is ">=" or "<"; "met" or "NOT met", "no figure" for an empty, "-" or "n/a" figure, and "NOT met" with
# their count when the run it comes from had answers other than 2xx (a run of fast refusals proves nothing).
target() {
  local verdict
  verdict=$(awk -v v="$2" -v op="$3" -v b="$4" -v errors="${5:-0}" 'BEGIN {
    if (v == "" || v == "n/a" || v == "-") print "no figure"
    else if (errors + 0 > 0) printf "NOT met (%d answers not 2xx)\n", errors
    else if ((op == ">=" && v + 0 >= b + 0) || (op == "<" && v + 0 < b + 0)) print "met"
    else print "NOT met" }')
  printf '%-56s %9s %2s %-5s %s\n' "$1" "$2" "$3" "$4" "$verdict"
}
