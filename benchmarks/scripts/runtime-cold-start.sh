#!/usr/bin/env bash
# Cold start of the function on the two JDKs the Lambda runtimes offer (issue 10: java21/java25
# instead of java17): the same jar, the same event, JDK 17 and Temurin 25 alternating in every
# iteration, with the flags Lambda's Java runtimes use without SnapStart (C1 only, Serial GC).
#
#   benchmarks/run.sh build --snapshot              # once: builds benchmarks/target/*.jar
#   benchmarks/scripts/runtime-cold-start.sh [RUNS] # default 10 runs per JDK
#
# One fresh JVM per run: start -> handler construction -> one invocation with a real GetItem
# against dynalite on loopback (the seed mapping, lookup budget raised to 4500 ms) -> exit.
# Reports medians per JDK and the ratio 25/17 of this session:
# wall time from launch to exit, CPU time (user+sys, /usr/bin/time: steadier than wall time on a
# loaded machine), and the handler's own init and first-call times.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(dirname "$here")
runs=${1:-10}
jdk17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
flags=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC)
event="$root/events/v2-authentication.json"
table=bench-users
out="$here/target/results"; mkdir -p "$out"
runs_file="$out/runtime-cold-runs.txt"; : > "$runs_file"
for j in coldstart-ours.jar baseline-handler.jar benchmarks.jar; do
  [[ -f "$here/target/$j" ]] || { echo "missing $here/target/$j: run benchmarks/run.sh build first" >&2; exit 1; }
done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
unset AWS_SESSION_TOKEN
# The seed mapping with the largest lookup budget (4500 ms instead of 1000 ms): on a loaded
# machine a slow first GetItem would otherwise be a denied sign-in and a lost run. Both JDKs read it.
mapping="$here/target/rt-claims.yaml"
sed 's/^  onError: deny$/  onError: deny\n  timeout: 4500ms/' "$root/config/claims.yaml" > "$mapping"
grep -q '^  timeout: 4500ms$' "$mapping" || { echo "could not set the timeout in $mapping" >&2; exit 1; }
export CLAIMS_CONFIG="$mapping"

# dynalite on a free loopback port; it exits when its stdin (fd 3) closes.
dir="$root/src/test/dynalite"
node "$dir/install.js" >&2
fifo="$here/target/rt-dynalite.stdin" log="$here/target/rt-dynalite.out"
rm -f "$fifo"; mkfifo "$fifo"
node "$dir/server.js" < "$fifo" > "$log" 2>&1 &
dpid=$!
exec 3> "$fifo"
trap 'kill $dpid 2>/dev/null || true; exec 3>&-' EXIT
for _ in $(seq 1 100); do grep -q '^PORT ' "$log" 2>/dev/null && break; sleep 0.1; done
endpoint="http://127.0.0.1:$(sed -n 's/^PORT //p' "$log" | head -1)"
java -cp "$here/target/baseline-handler.jar:$here/target/benchmarks.jar" \
  io.github.claimsmapper.benchmarks.warm.TableSetup "$endpoint" "$table" 2>/dev/null

failures=0
once() { # label java
  local label=$1 java=$2 launch done_ line
  launch=${EPOCHREALTIME/./}
  line=$(env AWS_REGION=us-east-1 TABLE_NAME="$table" DYNAMODB_ENDPOINT="$endpoint" \
    timeout 60 /usr/bin/time -f '%U %S' -o "$here/target/rt-cold.time" "$java" "${flags[@]}" -jar "$here/target/coldstart-ours.jar" "$event" whole 2>"$here/target/rt-cold.stderr" | grep '^COLDSTART ' || true)
  done_=${EPOCHREALTIME/./}
  # A failed run (under heavy load the lookup can exceed the mapping's 1 s budget) is reported and
  # left out of the medians; more than a few mean the numbers are not worth reading.
  if [[ "$line" != *ok=true* ]]; then
    echo "run failed on $label: $(head -c 300 "$here/target/rt-cold.stderr")" >&2
    failures=$((failures + 1)); (( failures <= 5 )) || { echo "too many failed runs" >&2; exit 1; }
    return 0
  fi
  local first; first=$(sed -n 's/.*first_epoch_ms=\([0-9]*\).*/\1/p' <<< "$line")
  local cpu; cpu=$(awk '{ printf "%d", ($1 + $2) * 1000 }' "$here/target/rt-cold.time")
  echo "$label wall_ms=$(( (done_ - launch) / 1000 )) cpu_ms=$cpu to_first_ms=$(( first - launch / 1000 )) $(grep -o 'init_ms=[0-9.]* first_call_ms=[0-9.]*' <<< "$line")" >> "$runs_file"
}
"$jdk17/bin/java" -version 2>&1 | head -1 >&2
"$jdk25/bin/java" -version 2>&1 | head -1 >&2
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for i in $(seq 1 "$runs"); do
  if (( i % 2 )); then once jdk17 "$jdk17/bin/java"; once jdk25 "$jdk25/bin/java"
  else once jdk25 "$jdk25/bin/java"; once jdk17 "$jdk17/bin/java"; fi
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); failed runs: $failures" >&2
# Medians per JDK and the ratio 25/17.
awk '
  { for (f = 2; f <= NF; f++) { split($f, kv, "="); v[$1, kv[1], ++n[$1, kv[1]]] = kv[2]; keys[kv[1]] = 1 } labels[$1] = 1 }
  function median(label, key,   m, i, j, t, a) {
    m = n[label, key]; for (i = 1; i <= m; i++) a[i] = v[label, key, i]
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    return m % 2 ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
  }
  END {
    printf "| median (%d runs each) | JDK 17 | JDK 25 | 25/17 |\n|---|---|---|---|\n", n["jdk17", "wall_ms"]
    split("wall_ms cpu_ms to_first_ms init_ms first_call_ms", order, " ")
    for (k = 1; k <= 5; k++) { key = order[k]; a = median("jdk17", key); b = median("jdk25", key)
      printf "| %s | %.1f | %.1f | %.2f |\n", key, a, b, b / a }
  }' "$runs_file" | tee "$out/runtime-cold.md"
