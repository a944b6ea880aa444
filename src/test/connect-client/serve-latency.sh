#!/usr/bin/env bash
# Benchmark (not a test): the latency of one query through `./submit.sh serve` (Spark's JVM
# Connect client, median of SERVED round trips after one warm-up) against `./submit.sh query`
# (median of QUERY whole invocations, a Spark start each), measured in this one invocation.
#   src/test/connect-client/serve-latency.sh DIR [SERVED=20] [QUERY=5] ["SQL"]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
cd "$ROOT"
dir="${1:?usage: serve-latency.sh DIR [SERVED] [QUERY] [SQL]}"
served="${2:-20}"
queries="${3:-5}"
sql="${4:-SELECT alpha, count(*) AS runs, avg(test_error) AS test_error FROM runs GROUP BY alpha ORDER BY alpha}"
work="$(mktemp -d)"
server=""
cleanup() {
  if [[ -n "$server" ]] && kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "date: $(date -u) · load average: $(cut -d' ' -f1-3 /proc/loadavg) · $(nproc) cores"
mvn -q -B -f src/test/connect-client/pom.xml dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >&2
./submit.sh serve "$dir" --port 0 > "$work/serve.out" 2> "$work/serve.err" &
server=$!
address=""
for _ in $(seq 1 600); do
  address="$(sed -n 's/^serve: Spark Connect on \(sc:[^ ]*\) .*/\1/p' "$work/serve.out")"
  [[ -n "$address" ]] && break
  kill -0 "$server" 2>/dev/null || { cat "$work/serve.err" >&2; exit 1; }
  sleep 0.5
done
[[ -n "$address" ]] || { echo "serve printed no address" >&2; exit 1; }

flags=$(sed -n 's/.*<spark.jvm.flags>\(.*\)<\/spark.jvm.flags>.*/\1/p' pom.xml)
# shellcheck disable=SC2086
java $flags -cp "$(cat "$work/cp.txt")" src/test/connect-client/ConnectClientCheck.java "$address" \
  --repeat="$served" "$sql" > "$work/client.out" 2> "$work/client.err" || { cat "$work/client.err" >&2; exit 1; }
served_ms="$(sed -n 's/^median_ms \([0-9.]*\).*/\1/p' "$work/client.out")"
echo "served: $(grep '^median_ms' "$work/client.out")"
kill -TERM "$server"; wait "$server" 2>/dev/null || true; server=""

times=()
for _ in $(seq 1 "$queries"); do
  start=$(date +%s%N)
  ./submit.sh query "$dir" "$sql" > /dev/null 2>&1
  times+=($(( ($(date +%s%N) - start) / 1000000 )))
done
query_ms="$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
echo "query:  median_ms $query_ms (each: ${times[*]} ms, $queries invocations)"
awk -v q="$query_ms" -v s="$served_ms" 'BEGIN {printf "ratio:  query / served = %.0f\n", q / s}'
