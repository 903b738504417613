#!/usr/bin/env bash
# Benchmarks of cognito-claims-mapper (BENCHMARKS.md has the figures). One command runs them all:
#
#   benchmarks/run.sh            # = all
#   benchmarks/run.sh jmh        # or any of: all build jmh cpu warm warm-query appconfig cold cold-flags cli jar jar-experiments (several allowed);
#                                # cold: Lambda's JVM settings on JDK 17 and 25, AOT cache, Node.js baseline
#                                #   (scripts/lambda-cold-start.sh); cold-flags: the JDK 17 flag matrix with AppCDS
#                                # 'summary' only rebuilds target/results/summary.md from the results already there
#
# Options:
#   --main-jar PATH   use this prebuilt main jar instead of building ../pom.xml
#   --snapshot        build the main jar in a temporary copy of the work tree (leaves ../target
#                     alone, for when others build in the same tree at the same time)
#   --no-build        reuse the jars already in benchmarks/target (after one full run)
#   --quick           a smoke test: far fewer iterations (the numbers are not meaningful)
#
# Environment: COLD_RUNS (default 10 per handler and JVM-flag set), JMH_OPTS (default below).
#
# Needs JDK 17, Maven, Node/npm (dynalite, the DynamoDB-compatible server of the tests, on a free
# loopback port: all traffic stays on 127.0.0.1), /usr/bin/time. Results go to
# benchmarks/target/results (summary.md is the whole report; BENCHMARKS.md quotes the current figures).
# Every loop is bounded in count and time; "all" took 553-567 s (about 10 minutes) on 2 cores.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
results="$here/target/results"
lib="$here/target/lib"
main_jar_copy="$lib/cognito-claims-mapper.jar"
event="$root/events/v2-authentication.json"
table=bench-users

modes=()
main_jar=""
build=1
quick=0
snapshot=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --main-jar) main_jar=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    --snapshot) snapshot=1; shift ;;
    --quick) quick=1; shift ;;
    all|build|jmh|cpu|warm|warm-query|appconfig|cold|cold-flags|cli|jar|jar-experiments|summary) modes+=("$1"); shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
done
[[ ${#modes[@]} -eq 0 ]] && modes=(all)
wants() { local m; for m in "${modes[@]}"; do [[ "$m" == "$1" || "$m" == all ]] && return 0; done; return 1; }

COLD_RUNS=${COLD_RUNS:-10}
JMH_OPTS=${JMH_OPTS:-"-f 2 -wi 3 -w 1s -i 5 -r 1s"}
WARM_OPTS="--warmup 3000 --rounds 20 --per-round 250 --max-seconds 150"
CLI_RUNS=10
CPU_OPTS="30 50"
if [[ $quick == 1 ]]; then
  COLD_RUNS=2; JMH_OPTS="-f 1 -wi 1 -w 1s -i 1 -r 1s"; WARM_OPTS="--warmup 200 --rounds 2 --per-round 50 --max-seconds 20"; CLI_RUNS=2; CPU_OPTS="3 20"
fi

# The handlers read credentials from the process environment; the local server accepts any.
export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-bench} AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-bench}
unset AWS_SESSION_TOKEN CLAIMS_CONFIG

mkdir -p "$results" "$lib"
started=$EPOCHREALTIME
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
bj() { java -cp "$here/target/benchmarks.jar" "$@"; }
# Table setup needs SDK operations the (minimized) main jar leaves out: the baseline jar has them all.
bj_setup() { java -cp "$here/target/baseline-handler.jar:$here/target/benchmarks.jar" "$@"; }

# ---------------------------------------------------------------- build
summary_only=0
[[ " ${modes[*]} " == " summary " ]] && { summary_only=1; build=0; }
if [[ $build == 1 ]]; then
  if [[ -n "$main_jar" ]]; then
    log "using the prebuilt main jar $main_jar"
    cp "$main_jar" "$main_jar_copy"
  elif [[ $snapshot == 1 ]]; then
    snap=$(mktemp -d /tmp/ccm-bench-snapshot.XXXXXX)
    log "building the main jar in a snapshot of the work tree: $snap"
    (cd "$root" && tar --exclude=./target --exclude=./benchmarks --exclude=./.git --exclude=node_modules -cf - .) | tar -xf - -C "$snap"
    mvn -B -q -f "$snap/pom.xml" package -DskipTests
    cp "$snap/target/cognito-claims-mapper.jar" "$main_jar_copy"
    rm -rf "$snap"
  else
    log "building the main jar: mvn -B -q -f $root/pom.xml package -DskipTests"
    mvn -B -q -f "$root/pom.xml" package -DskipTests
    cp "$root/target/cognito-claims-mapper.jar" "$main_jar_copy"
  fi
  log "building the benchmarks: mvn -B -q -f $here/pom.xml package"
  mvn -B -q -f "$here/pom.xml" package
fi
for j in benchmarks.jar coldstart-ours.jar baseline-handler.jar lib/cognito-claims-mapper.jar; do
  [[ -f "$here/target/$j" ]] || { echo "missing $here/target/$j: run without --no-build" >&2; exit 1; }
done

[[ $summary_only == 1 ]] || {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "java: $(java -version 2>&1 | tr '\n' ' ')"
  echo "main jar: $(stat -c %s "$main_jar_copy") bytes, sha256 $(sha256sum "$main_jar_copy" | cut -c1-16)"
  echo "main commit: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet HEAD -- src pom.xml config 2>/dev/null || echo ' + uncommitted changes in src/pom/config')"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$results/machine.txt"
[[ " ${modes[*]} " == " build " ]] && { cat "$results/machine.txt"; exit 0; }

# ---------------------------------------------------------------- dynalite (loopback only)
dynalite_pid=""
endpoint=""
cleanup() {
  if [[ -n "$dynalite_pid" ]]; then kill "$dynalite_pid" 2>/dev/null || true; fi
  exec 3>&- 2>/dev/null || true
}
trap cleanup EXIT
start_dynalite() {
  [[ -n "$endpoint" ]] && return 0
  local dir="$root/src/test/dynalite"
  if [[ -f "$dir/install.js" ]]; then
    node "$dir/install.js" >&2   # the tests' own installer: npm ci only when node_modules is not what the lockfile pins
  elif [[ ! -d "$dir/node_modules/dynalite" ]]; then
    log "installing dynalite: npm ci --prefix $dir"
    npm ci --prefix "$dir" --no-audit --no-fund --loglevel=error
  fi
  local fifo="$here/target/dynalite.stdin" out="$here/target/dynalite.out"
  rm -f "$fifo"; mkfifo "$fifo"
  # server.js exits when its stdin closes: keep a writer open on fd 3 until this script ends.
  node "$dir/server.js" < "$fifo" > "$out" 2>&1 &
  dynalite_pid=$!
  exec 3> "$fifo"
  local i
  for i in $(seq 1 100); do
    grep -q '^PORT ' "$out" 2>/dev/null && break
    sleep 0.1
  done
  endpoint="http://127.0.0.1:$(sed -n 's/^PORT //p' "$out" | head -1)"
  [[ "$endpoint" == http://127.0.0.1:[0-9]* ]] || { echo "dynalite did not start: $(cat "$out")" >&2; exit 1; }
  log "dynalite (pid $dynalite_pid) on $endpoint"
  bj_setup io.github.claimsmapper.benchmarks.warm.TableSetup "$endpoint" "$table" 2>/dev/null
}

# ---------------------------------------------------------------- JMH
if wants jmh; then
  log "JMH: $JMH_OPTS -prof gc"
  (cd "$root" && timeout 1200 java -jar "$here/target/benchmarks.jar" $JMH_OPTS -prof gc \
      -rf json -rff "$results/jmh.json" > "$results/jmh.txt" 2>&1) || { tail -30 "$results/jmh.txt"; exit 1; }
  bj io.github.claimsmapper.benchmarks.tools.JmhReport "$results/jmh.json" > "$results/jmh.md"
  cat "$results/jmh.md"
fi

# ---------------------------------------------------------------- CPU time, interleaved
if wants cpu; then
  log "interleaved CPU-time batches of the JMH operations: rounds, batch ms = $CPU_OPTS"
  # shellcheck disable=SC2086
  (cd "$root" && timeout 300 java -cp "$here/target/benchmarks.jar" io.github.claimsmapper.benchmarks.jmh.InterleavedCpuBench $CPU_OPTS \
      > "$results/cpu.md" 2> "$results/cpu.stderr")
  cat "$results/cpu.md"
fi

# ---------------------------------------------------------------- warm end to end
if wants warm; then
  start_dynalite
  log "warm end to end: $WARM_OPTS"
  # Our handler's log lines (one per invocation at INFO) go to standard output, as in Lambda: to a file here.
  (cd "$root" && timeout 600 java -cp "$here/target/benchmarks.jar" io.github.claimsmapper.benchmarks.warm.WarmDriver \
      --endpoint "$endpoint" --table "$table" $WARM_OPTS --out "$results" > "$results/warm.stdout" 2> "$results/warm.stderr")
  cat "$results/warm-summary.txt"
fi

# ---------------------------------------------------------------- warm with a query: one GetItem + one Query
if wants warm-query; then
  start_dynalite
  log "warm end to end with a query (get-and-query.yaml vs BaselineQueryHandler)"
  bj_setup 'io.github.claimsmapper.benchmarks.warm.QueryWarmDriver$Setup' "$endpoint" "$table" 2>/dev/null
  (cd "$root" && timeout 600 java -cp "$here/target/benchmarks.jar" io.github.claimsmapper.benchmarks.warm.QueryWarmDriver \
      --endpoint "$endpoint" --table "$table" --out "$results" > "$results/warm-query.stdout" 2> "$results/warm-query.stderr")
  cat "$results/warm-query-summary.txt"
fi

# ---------------------------------------------------------------- AppConfig refresh check and swap
if wants appconfig; then
  rounds=20; per_round=1000
  [[ $quick == 1 ]] && { rounds=2; per_round=100; }
  log "AppConfig refresh check and swap per invocation: $rounds rounds x $per_round, interleaved"
  (cd "$root" && timeout 600 java -cp "$here/target/benchmarks.jar" io.github.claimsmapper.benchmarks.appconfig.RefreshCheckCost \
      "$event" "$here/mappings/appconfig-a.yaml" "$here/mappings/appconfig-b.yaml" "$rounds" "$per_round" \
      > "$results/appconfig.txt" 2> "$results/appconfig.stderr")
  cat "$results/appconfig.txt"
fi

# ---------------------------------------------------------------- cold start
# One fresh JVM per run: JVM start → handler construction → one invocation (a real GetItem) → exit.
# Timed from outside (EPOCHREALTIME before exec and after exit; /usr/bin/time for peak RSS) and
# from inside (the COLDSTART line). Handlers and JVM-flag sets alternate in every iteration.
cold_env() {
  env AWS_REGION=us-east-1 TABLE_NAME="$table" DYNAMODB_ENDPOINT="$endpoint" "$@"
}
cold_once() { # config handler mode flags...
  local config=$1 handler=$2 mode=$3; shift 3
  local jar args out="$here/target/cold.out" timef="$here/target/cold.time"
  if [[ $handler == ours ]]; then jar="$here/target/coldstart-ours.jar"; args=("$event" "$mode")
  else jar="$here/target/baseline-handler.jar"; args=("$event"); fi
  local launch=${EPOCHREALTIME/./}
  cold_env timeout 60 /usr/bin/time -f '%e %M' -o "$timef" java "$@" -jar "$jar" "${args[@]}" > "$out" 2> "$here/target/cold.stderr" || true
  local done_=${EPOCHREALTIME/./}
  local line; line=$(grep '^COLDSTART ' "$out" | cut -d' ' -f2- || true)
  [[ -n "$line" ]] || { echo "cold start failed: $config $handler $mode"; cat "$out" "$here/target/cold.stderr"; } >&2
  echo "RUN config=$config iter=$iter launch_us=$launch exit_us=$done_ rss_kb=$(cut -d' ' -f2 "$timef") time_wall_s=$(cut -d' ' -f1 "$timef") ${line:-ok=false handler=$handler mode=$mode}" >> "$results/cold-runs.txt"
}
if wants cold; then
  log "cold start under Lambda's settings: scripts/lambda-cold-start.sh ${COLD_RUNS}"
  "$here/scripts/lambda-cold-start.sh" "$COLD_RUNS" > /dev/null
fi
if wants cold-flags; then
  start_dynalite
  cds="$here/target/cds"; rm -rf "$cds"; mkdir -p "$cds"
  configs=(default tiered1)
  declare -A flags=([default]="" [tiered1]="-XX:+TieredCompilation -XX:TieredStopAtLevel=1")
  # AppCDS: a training run per handler dumps a dynamic archive at exit; later runs map it.
  iter=0
  : > "$results/cold-runs.txt"
  cold_once train-cds ours whole -XX:ArchiveClassesAtExit="$cds/ours.jsa"
  cold_once train-cds baseline whole -XX:ArchiveClassesAtExit="$cds/baseline.jsa"
  if [[ -s "$cds/ours.jsa" && -s "$cds/baseline.jsa" ]]; then
    configs+=(appcds appcds+tiered1)
    flags[appcds]="-XX:SharedArchiveFile=$cds/HANDLER.jsa"
    flags[appcds+tiered1]="-XX:SharedArchiveFile=$cds/HANDLER.jsa -XX:+TieredCompilation -XX:TieredStopAtLevel=1"
    ls -l "$cds" > "$results/cds-archives.txt"
  else
    log "AppCDS archives were not written: AppCDS configurations skipped"
  fi
  sed -i '/config=train-cds/d' "$results/cold-runs.txt"
  log "cold start: $COLD_RUNS iterations x (${configs[*]}) x (ours, ours split, baseline)"
  cold_deadline=$(( ${EPOCHSECONDS} + 900 ))
  for iter in $(seq 1 "$COLD_RUNS"); do
    for config in "${configs[@]}"; do
      order=(ours baseline split)
      (( iter % 2 == 0 )) && order=(baseline split ours)
      for h in "${order[@]}"; do
        handler=$h; mode=whole
        [[ $h == split ]] && { handler=ours; mode=split; }
        # shellcheck disable=SC2086
        cold_once "$config" "$handler" "$mode" ${flags[$config]//HANDLER/$handler}
      done
    done
    (( EPOCHSECONDS > cold_deadline )) && { log "cold start: time bound reached after $iter iterations"; break; }
  done
  # Where the time goes: one run each with the class-loading log (phases marked by the mains).
  classlogs=()
  for h in ours split baseline; do
    handler=$h; mode=whole; [[ $h == split ]] && { handler=ours; mode=split; }
    jar="$here/target/coldstart-ours.jar"; [[ $handler == baseline ]] && jar="$here/target/baseline-handler.jar"
    args=("$event"); [[ $handler == ours ]] && args+=("$mode")
    for config in default appcds; do
      [[ $config == appcds && ! -s "$cds/$handler.jsa" ]] && continue
      extra=(); [[ $config == appcds ]] && extra=(-XX:SharedArchiveFile="$cds/$handler.jsa")
      cold_env java "${extra[@]}" -Xlog:class+load:file="$results/classload-$config-$h.log":uptime -jar "$jar" "${args[@]}" > /dev/null 2>&1 || true
      classlogs+=("$config/$h=$results/classload-$config-$h.log")
    done
  done
  # The library-by-library probes (default JVM flags), alternating.
  log "cold start: $COLD_RUNS x startup probes (ours, baseline)"
  : > "$results/probe-runs.txt"
  for iter in $(seq 1 "$COLD_RUNS"); do
    cold_env timeout 60 java -cp "$here/target/coldstart-ours.jar" io.github.claimsmapper.benchmarks.coldstart.StartupProbe "$event" 2>/dev/null \
        | sed -n 's/^PROBE /PROBE handler=ours /p' >> "$results/probe-runs.txt" || true
    cold_env timeout 60 java -cp "$here/target/baseline-handler.jar" io.github.claimsmapper.benchmarks.baseline.BaselineProbe "$event" 2>/dev/null \
        | sed -n 's/^PROBE /PROBE handler=baseline /p' >> "$results/probe-runs.txt" || true
  done
  bj io.github.claimsmapper.benchmarks.tools.KvMedians "$results/probe-runs.txt" PROBE handler > "$results/probe.md"
  bj io.github.claimsmapper.benchmarks.tools.ColdReport "$results/cold-runs.txt" > "$results/cold.md"
  bj io.github.claimsmapper.benchmarks.tools.ClassLoadReport "${classlogs[@]}" > "$results/classload.md"
  cat "$results/cold.md" "$results/probe.md"
fi

# ---------------------------------------------------------------- CLI
if wants cli; then
  log "CLI: $CLI_RUNS x render, $CLI_RUNS x validate"
  : > "$results/cli-render-ms.txt"; : > "$results/cli-render-rss-kb.txt"; : > "$results/cli-validate-ms.txt"
  for i in $(seq 1 "$CLI_RUNS"); do
    t0=${EPOCHREALTIME/./}
    (cd "$root" && timeout 60 /usr/bin/time -f '%M' -o "$here/target/cli.time" java -jar "$main_jar_copy" render \
        --config config/claims.yaml --event events/v2-authentication.json --item events/items/user.json > /dev/null) || echo "render failed" >&2
    t1=${EPOCHREALTIME/./}
    (cd "$root" && timeout 60 java -jar "$main_jar_copy" validate config/claims.yaml > /dev/null) || echo "validate failed" >&2
    t2=${EPOCHREALTIME/./}
    echo "$(( (t1 - t0) / 1000 ))" >> "$results/cli-render-ms.txt"
    cat "$here/target/cli.time" >> "$results/cli-render-rss-kb.txt"
    echo "$(( (t2 - t1) / 1000 ))" >> "$results/cli-validate-ms.txt"
  done
  {
    echo "render wall ms:    $(bj io.github.claimsmapper.benchmarks.tools.Stats "$results/cli-render-ms.txt")"
    echo "render peak RSS KB: $(bj io.github.claimsmapper.benchmarks.tools.Stats "$results/cli-render-rss-kb.txt")"
    echo "validate wall ms:  $(bj io.github.claimsmapper.benchmarks.tools.Stats "$results/cli-validate-ms.txt")"
  } | tee "$results/cli.txt"
fi

# ---------------------------------------------------------------- jar size and contents
if wants jar; then
  start_dynalite
  log "jar contents: by dependency, by package, classes loaded at run time"
  mvn -B -q -f "$root/pom.xml" org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
      -DincludeScope=runtime -Dmdep.outputFile="$here/target/main-classpath.txt" > /dev/null
  (cd "$root" && java -Xlog:class+load:file="$results/classload-cli-render.log":uptime -jar "$main_jar_copy" render \
      --config config/claims.yaml --event events/v2-authentication.json --item events/items/user.json > /dev/null 2>&1) || true
  (cd "$root" && java -Xlog:class+load:file="$results/classload-cli-validate.log":uptime -jar "$main_jar_copy" validate \
      config/claims.yaml > /dev/null 2>&1) || true
  cold_env java -Xlog:class+load:file="$results/classload-lambda.log":uptime -jar "$here/target/coldstart-ours.jar" "$event" > /dev/null 2>&1 || true
  bj io.github.claimsmapper.benchmarks.tools.JarReport "$main_jar_copy" "$here/target/main-classpath.txt" \
      "Lambda=$results/classload-lambda.log" "render=$results/classload-cli-render.log" \
      "validate=$results/classload-cli-validate.log" > "$results/jar.md"
  head -3 "$results/jar.md"
fi

if wants jar-experiments; then
  start_dynalite
  log "jar experiments in a scratch copy (each variant is a full shaded build)"
  timeout 1500 "$here/scripts/jar-experiments.sh" "$root" "$results" "$endpoint" > /dev/null
  cat "$results/jar-experiments.md"
fi

# ---------------------------------------------------------------- summary
if [[ $summary_only == 1 ]]; then
  logs=()
  for f in "$results"/classload-{default,appcds}-{ours,split,baseline}.log; do
    [[ -f "$f" ]] && { b=$(basename "$f" .log); b=${b#classload-}; logs+=("${b%%-*}/${b#*-}=$f"); }
  done
  [[ ${#logs[@]} -gt 0 ]] && bj io.github.claimsmapper.benchmarks.tools.ClassLoadReport "${logs[@]}" > "$results/classload.md"
  [[ -f "$results/cold-runs.txt" ]] && bj io.github.claimsmapper.benchmarks.tools.ColdReport "$results/cold-runs.txt" > "$results/cold.md"
else
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$results/machine.txt"
fi
{
  echo "# Benchmark results"; echo
  echo '```'; cat "$results/machine.txt"; echo '```'
  [[ -f "$results/jmh.md" ]] && { echo; echo "## JMH ($JMH_OPTS -prof gc)"; echo; cat "$results/jmh.md"; }
  [[ -f "$results/cpu.md" ]] && { echo; echo "## CPU time per operation, interleaved batches"; echo; cat "$results/cpu.md"; }
  [[ -f "$results/warm-summary.txt" ]] && { echo; echo "## Warm end to end"; echo; echo '```'; cat "$results/warm-summary.txt"; echo '```'; }
  [[ -f "$results/appconfig.txt" ]] && { echo; echo "## AppConfig refresh check and swap"; echo; echo '```'; cat "$results/appconfig.txt"; echo '```'; }
  [[ -f "$results/lambda-cold.md" ]] && { echo; echo "## Cold start under Lambda's settings (JDK 17, JDK 25, AOT cache, Node.js)"; echo; echo '```'; cat "$results/lambda-machine.txt"; echo '```'; echo; cat "$results/lambda-cold.md"; }
  [[ -f "$results/lambda-classload.md" ]] && { echo; echo "## Class loading per phase under Lambda's settings"; cat "$results/lambda-classload.md"; }
  [[ -f "$results/cold.md" ]] && { echo; echo "## Cold start, JDK 17 flag matrix (cold-flags)"; echo; cat "$results/cold.md"; }
  [[ -f "$results/probe.md" ]] && { echo; echo "## Start-up probes (marginal ms of each library's first use, default flags)"; echo; cat "$results/probe.md"; }
  [[ -f "$results/classload.md" ]] && { echo; echo "## Class loading per phase"; cat "$results/classload.md"; }
  [[ -f "$results/cli.txt" ]] && { echo; echo "## CLI"; echo; echo '```'; cat "$results/cli.txt"; echo '```'; }
  [[ -f "$results/jar.md" ]] && { echo; echo "## Shaded jar"; echo; cat "$results/jar.md"; }
  [[ -f "$results/jar-experiments.md" ]] && { echo; echo "## Jar-size experiments"; echo; cat "$results/jar-experiments.md"; }
} > "$results/summary.md"
log "done in $(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s: $results/summary.md"
