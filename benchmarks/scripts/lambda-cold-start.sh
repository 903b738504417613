#!/usr/bin/env bash
# Cold start under Lambda's own JVM settings, all contenders in one run, alternating:
#
#   benchmarks/run.sh build                              # once: benchmarks/target/*.jar
#   benchmarks/scripts/lambda-cold-start.sh [RUNS]       # default 9 iterations; run.sh cold calls this
#
# Contenders, each a fresh process: JVM (or Node) start -> handler construction -> one invocation
# with a real GetItem against dynalite on 127.0.0.1 -> one COLDSTART line -> exit.
#   ours      coldstart-ours.jar: new Handler(Settings.from(env)), the seed mapping's checked JSON form
#             (as the build bundles it; here with a 4500 ms lookup budget, named by CLAIMS_CONFIG)
#   baseline  baseline-handler.jar: the hand-written Java handler
#   node      benchmarks/node: the hand-written Node.js handler (@aws-sdk/client-dynamodb, pinned by its
#             package-lock.json, installed here with npm ci)
#   render    the CLI: java -jar cognito-claims-mapper.jar render (what mapping authors wait for)
#   ours-yaml ours reading the same mapping from YAML (Lambda's flags only): what the checked form saves
# JVM settings ("config"):
#   j17-lambda, j25-lambda    -XX:TieredStopAtLevel=1 -XX:+UseSerialGC (Lambda's java17/21/25 runtimes
#                             without SnapStart): the default row
#   j17-default, j25-default  the plain JVM defaults: the second row
#   j25-lambda-aot            Lambda's flags plus each handler's own AOT cache (-XX:AOTCache, JEP 483/514/515),
#                             trained first: ours by its product training run (lambda.AotTraining over the
#                             sample events, lookups served on loopback), the baseline by one run of itself
# Every iteration runs every config x (ours, baseline) and node once, the order reversed every other
# iteration. /usr/bin/time gives peak RSS; EPOCHREALTIME before exec and after exit; the process prints
# when main started and when the first response was written.
# Results: benchmarks/target/results/lambda-*.{txt,md}; the load average is recorded with them.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
root=$(dirname "$here")
runs=${1:-9}
jdk17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}
lambda_flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
event="$root/events/v2-authentication.json"
table=bench-users
out="$here/target/results"; mkdir -p "$out"
aot="$here/target/aot"; rm -rf "$aot"; mkdir -p "$aot"
runs_file="$out/lambda-cold-runs.txt"; : > "$runs_file"
main_jar="$here/target/lib/cognito-claims-mapper.jar"
for j in coldstart-ours.jar baseline-handler.jar benchmarks.jar lib/cognito-claims-mapper.jar; do
  [[ -f "$here/target/$j" ]] || { echo "missing $here/target/$j: run benchmarks/run.sh build first" >&2; exit 1; }
done
export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench
unset AWS_SESSION_TOKEN CLAIMS_CONFIG JAVA_TOOL_OPTIONS
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# The Node.js baseline's SDK, exactly as its lockfile pins it.
node "$root/src/test/dynalite/install.js" "$here/node" >&2

# dynalite on a free loopback port; it exits when its stdin (fd 3) closes.
dir="$root/src/test/dynalite"
node "$dir/install.js" >&2
fifo="$here/target/lc-dynalite.stdin" dlog="$here/target/lc-dynalite.out"
rm -f "$fifo"; mkfifo "$fifo"
node "$dir/server.js" < "$fifo" > "$dlog" 2>&1 &
dpid=$!
exec 3> "$fifo"
trap 'kill $dpid 2>/dev/null || true; exec 3>&-' EXIT
for _ in $(seq 1 100); do grep -q '^PORT ' "$dlog" 2>/dev/null && break; sleep 0.1; done
endpoint="http://127.0.0.1:$(sed -n 's/^PORT //p' "$dlog" | head -1)"
[[ "$endpoint" == http://127.0.0.1:[0-9]* ]] || { echo "dynalite did not start: $(cat "$dlog")" >&2; exit 1; }
java -cp "$here/target/baseline-handler.jar:$here/target/benchmarks.jar" \
  io.github.claimsmapper.benchmarks.warm.TableSetup "$endpoint" "$table" 2>/dev/null
# Ours reads the seed mapping with the largest lookup budget (4500 ms instead of 1000 ms), in its
# checked JSON form as the build bundles it: on a loaded machine a slow first GetItem would otherwise
# be a denied sign-in, and dropping those runs would favour ours. The AOT training reads it too.
sed 's/^  onError: deny$/  onError: deny\n  timeout: 4500ms/' "$root/config/claims.yaml" > "$here/target/lc-claims.yaml"
grep -q '^  timeout: 4500ms$' "$here/target/lc-claims.yaml" || { echo "could not set the lookup budget" >&2; exit 1; }
java -jar "$main_jar" validate --emit-json "$here/target/lc-claims.json" "$here/target/lc-claims.yaml" > /dev/null
cold_env() { env AWS_REGION=us-east-1 TABLE_NAME="$table" DYNAMODB_ENDPOINT="$endpoint" CLAIMS_CONFIG="$here/target/lc-claims.json" "$@"; }

java_of() { case $1 in j17-*) echo "$jdk17/bin/java" ;; *) echo "$jdk25/bin/java" ;; esac; }
flags_of() { # config handler
  case $1 in
    *-lambda) echo "$lambda_flags" ;;
    *-lambda-aot) echo "$lambda_flags -XX:AOTCache=$aot/$2.aot" ;;
    *) echo "" ;;
  esac
}
command_of() { # handler -> the program after the JVM flags
  case $1 in
    ours|ours-yaml) echo "-jar $here/target/coldstart-ours.jar $event whole" ;;
    baseline) echo "-jar $here/target/baseline-handler.jar $event" ;;
  esac
}

# ---- AOT caches (JDK 25, Lambda's flags): training runs, then a strict check that each cache is usable.
log "AOT training on $("$jdk25/bin/java" -version 2>&1 | head -1)"
(cd "$root" && cold_env "$jdk25/bin/java" $lambda_flags -XX:AOTCacheOutput="$aot/ours.aot" \
    -cp "$here/target/coldstart-ours.jar" io.github.claimsmapper.lambda.AotTraining \
    --item events/items/user.dynamodb.json events/v1-*.json events/v2-*.json events/v3-*.json \
    > "$out/lambda-aot-training-ours.txt" 2>&1) || { tail -20 "$out/lambda-aot-training-ours.txt" >&2; exit 1; }
cold_env "$jdk25/bin/java" $lambda_flags -XX:AOTCacheOutput="$aot/baseline.aot" $(command_of baseline) \
    > "$out/lambda-aot-training-baseline.txt" 2>&1 || { tail -20 "$out/lambda-aot-training-baseline.txt" >&2; exit 1; }
for h in ours baseline; do
  # AOTMode=on: the JVM refuses to start when the cache cannot be used (wrong JVM, class path, flags).
  cold_env "$jdk25/bin/java" $lambda_flags -XX:AOTMode=on -XX:AOTCache="$aot/$h.aot" \
      -Xlog:class+load:file="$out/lambda-classload-j25-lambda-aot-$h.log":uptime $(command_of $h) > /dev/null \
    || { echo "the $h AOT cache is not usable" >&2; exit 1; }
done
ls -l "$aot" > "$out/lambda-aot-caches.txt"

failures=0
once() { # config handler
  local config=$1 handler=$2 launch done_ line java
  local timef="$here/target/lc.time" stdout="$here/target/lc.out" stderr="$here/target/lc.err"
  launch=${EPOCHREALTIME/./}
  case $handler in
    node)
      cold_env timeout 60 /usr/bin/time -f '%e %M' -o "$timef" node "$here/node/cold-start.mjs" "$event" > "$stdout" 2> "$stderr" || true ;;
    render)
      java=$(java_of "$config")
      # shellcheck disable=SC2046
      (cd "$root" && timeout 60 /usr/bin/time -f '%e %M' -o "$timef" "$java" $(flags_of "$config" render) -jar "$main_jar" render \
          --config config/claims.yaml --event events/v2-authentication.json --item events/items/user.json > "$stdout" 2> "$stderr") || true ;;
    ours-yaml)
      # the same mapping read from its YAML: what the checked JSON form saves
      java=$(java_of "$config")
      # shellcheck disable=SC2046
      cold_env env CLAIMS_CONFIG="$here/target/lc-claims.yaml" timeout 60 /usr/bin/time -f '%e %M' -o "$timef" "$java" $(flags_of "$config" ours) \
          $(command_of ours) > "$stdout" 2> "$stderr" || true
      sed -i 's/handler=ours /handler=ours-yaml /' "$stdout" ;;
    *)
      java=$(java_of "$config")
      # shellcheck disable=SC2046
      cold_env timeout 60 /usr/bin/time -f '%e %M' -o "$timef" "$java" $(flags_of "$config" "$handler") $(command_of "$handler") \
          > "$stdout" 2> "$stderr" || true ;;
  esac
  done_=${EPOCHREALTIME/./}
  if [[ $handler == render ]]; then
    # the CLI prints no COLDSTART line: its start-up is launch -> exit, and it must have rendered the claims
    grep -q '"first_name" : "Jane"' "$stdout" && line="handler=render mode=whole ok=true first_epoch_ms=$((done_ / 1000))" \
      || line=""
  else
    line=$(grep '^COLDSTART ' "$stdout" | cut -d' ' -f2- || true)
  fi
  if [[ "$line" != *ok=true* ]]; then
    echo "run failed: $config $handler: $(head -c 400 "$stderr")" >&2
    failures=$((failures + 1)); (( failures <= 5 )) || { echo "too many failed runs" >&2; exit 1; }
    return 0
  fi
  echo "RUN config=$config iter=$iter launch_us=$launch exit_us=$done_ rss_kb=$(cut -d' ' -f2 "$timef") load1=$(cut -d' ' -f1 /proc/loadavg) $line" >> "$runs_file"
}

configs=(j17-lambda j17-default j25-lambda j25-default j25-lambda-aot)
{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "jdk17: $("$jdk17/bin/java" -version 2>&1 | sed -n 2p)"
  echo "jdk25: $("$jdk25/bin/java" -version 2>&1 | sed -n 2p)"
  echo "node: $(node --version); @aws-sdk/client-dynamodb $(node -p "require('$here/node/node_modules/@aws-sdk/client-dynamodb/package.json').version")"
  echo "main jar: $(stat -c %s "$main_jar") bytes; commit $(git -C "$root" rev-parse --short HEAD)"
  echo "AOT caches: ours $(stat -c %s "$aot/ours.aot") bytes, baseline $(stat -c %s "$aot/baseline.aot") bytes"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/lambda-machine.txt"
log "cold start: $runs iterations x (${configs[*]}) x (ours, baseline) + node + ours-yaml (j17/j25-lambda) + render (j17/j25-default)"
deadline=$(( EPOCHSECONDS + 1200 ))
for iter in $(seq 1 "$runs"); do
  order=("${configs[@]}"); handlers=(ours baseline)
  if (( iter % 2 == 0 )); then
    order=(); for (( i=${#configs[@]}-1; i>=0; i-- )); do order+=("${configs[$i]}"); done
    handlers=(baseline ours)
  fi
  (( iter % 2 == 1 )) && once node node
  for config in "${order[@]}"; do
    for h in "${handlers[@]}"; do once "$config" "$h"; done
  done
  once j17-lambda ours-yaml; once j25-lambda ours-yaml
  once j17-default render; once j25-default render
  (( iter % 2 == 0 )) && once node node
  (( EPOCHSECONDS > deadline )) && { log "time bound reached after $iter iterations"; break; }
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg); failed runs: $failures" >> "$out/lambda-machine.txt"

# ---- classes loaded per phase (the cold-start mains load marker classes between phases)
logs=()
for config in j17-lambda j25-lambda; do
  for h in ours baseline; do
    f="$out/lambda-classload-$config-$h.log"
    # shellcheck disable=SC2046
    cold_env "$(java_of $config)" $(flags_of $config $h) -Xlog:class+load:file="$f":uptime $(command_of $h) > /dev/null 2>&1 || true
    logs+=("$config/$h=$f")
  done
done
for h in ours baseline; do logs+=("j25-lambda-aot/$h=$out/lambda-classload-j25-lambda-aot-$h.log"); done
java -cp "$here/target/benchmarks.jar" io.github.claimsmapper.benchmarks.tools.ClassLoadReport "${logs[@]}" > "$out/lambda-classload.md"
java -cp "$here/target/benchmarks.jar" io.github.claimsmapper.benchmarks.tools.ColdReport "$runs_file" > "$out/lambda-cold.md"
cat "$out/lambda-machine.txt" "$out/lambda-cold.md"
