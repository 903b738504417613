#!/usr/bin/env bash
# Jar-size experiments, in a scratch copy of the repository (never in the work tree itself):
# for each variant of the main pom's maven-shade-plugin configuration, build the shaded jar,
# record its size, and check that it still works:
#   - validate and render (CLI) give the same output as the unmodified jar, for several events,
#     and for two failures of the DynamoDB call (a missing table; a closed loopback port);
#   - the Lambda handler's cold start (OursColdStart) answers a real GetItem from dynalite;
#   - render --endpoint (CLI, default credentials chain) reads the item from dynalite;
#   - a regional DynamoDB client (no endpoint override) resolves and signs a request
#     (OfflineEndpointCheck: stopped before transmission, nothing is sent).
# Usage (from run.sh): jar-experiments.sh REPO_ROOT RESULTS_DIR DYNALITE_ENDPOINT
set -uo pipefail
root=$1; results=$2; endpoint=$3
bench="$root/benchmarks"
classes="$bench/target/classes"
scratch=$(mktemp -d /tmp/ccm-jar-experiments.XXXXXX)
trap 'rm -rf "$scratch"' EXIT
out="$results/jar-experiments.md"
log="$results/jar-experiments.log"
: > "$log"

echo "scratch copy: $scratch" | tee -a "$log"
(cd "$root" && tar --exclude=./target --exclude=./benchmarks --exclude=./.git --exclude=node_modules -cf - .) | tar -xf - -C "$scratch"
cp "$scratch/pom.xml" "$scratch/pom.orig.xml"

# Each variant: a name, then extra <exclude> lines for the *:* filter, then "minimize" or "-".
EXCL_META='<exclude>META-INF/maven/**</exclude>'
EXCL_DDB='<exclude>software/amazon/awssdk/services/dynamodb/streams/**</exclude><exclude>software/amazon/awssdk/services/dynamodb/paginators/**</exclude><exclude>software/amazon/awssdk/services/dynamodb/waiters/**</exclude><exclude>software/amazon/awssdk/services/dynamodb/jmespath/**</exclude><exclude>software/amazon/awssdk/services/dynamodb/*AsyncClient*.class</exclude>'
EXCL_REGIONS='<exclude>software/amazon/awssdk/regions/servicemetadata/**</exclude>'
variants=(
  "as-is||-"
  "no-META-INF-maven|$EXCL_META|-"
  "no-unused-dynamodb-parts|$EXCL_DDB|-"
  "no-regions-servicemetadata|$EXCL_REGIONS|-"
  "minimizeJar||minimize"
  "all-exclusions|$EXCL_META$EXCL_DDB$EXCL_REGIONS|-"
  "all-exclusions+minimizeJar|$EXCL_META$EXCL_DDB$EXCL_REGIONS|minimize"
)

reference="$scratch/reference"
mkdir -p "$reference"
cli_cases=(
  "render --config config/claims.yaml --event events/v2-authentication.json --item events/items/user.json"
  "render --config config/claims.yaml --event events/v1-hosted-auth.json --item events/items/user.dynamodb.json"
  "render --config config/tenant-rbac.yaml --event events/v3-authentication.json --item events/items/user.json"
  "render --config config/tenant-rbac.yaml --event events/v3-client-credentials.json --no-item"
  "validate config/claims.yaml config/tenant-rbac.yaml"
  "render --config config/claims.yaml --event events/v2-authentication.json --endpoint $endpoint --region us-east-1 --env TABLE_NAME=no-such-table"
  "render --config config/claims.yaml --event events/v2-authentication.json --endpoint http://127.0.0.1:1 --region us-east-1"
)

echo "| variant | jar bytes | MB | entries | vs as-is | CLI outputs identical | Lambda cold start vs dynalite | render --endpoint | regional endpoint + signing (offline) |" > "$out"
echo "|---|---:|---:|---:|---:|---|---|---|---|" >> "$out"
base_size=""
for v in "${variants[@]}"; do
  IFS='|' read -r name excludes minimize <<< "$v"
  echo "== $name" | tee -a "$log"
  cp "$scratch/pom.orig.xml" "$scratch/pom.xml"
  if [[ -n "$excludes" ]]; then
    if ! grep -q '<exclude>META-INF/versions/\*/module-info.class</exclude>' "$scratch/pom.xml"; then
      echo "| $name | (the main pom's shade filter changed: variant skipped) | | | | | | | |" >> "$out"; continue
    fi
    sed -i "s#<exclude>META-INF/versions/\*/module-info.class</exclude>#&${excludes}#" "$scratch/pom.xml"
  fi
  if [[ "$minimize" == minimize ]]; then
    sed -i 's#<createDependencyReducedPom>false</createDependencyReducedPom>#&<minimizeJar>true</minimizeJar>#' "$scratch/pom.xml"
  fi
  if ! (cd "$scratch" && timeout 600 mvn -B -q -o package -DskipTests >> "$log" 2>&1); then
    echo "| $name | build failed (see jar-experiments.log) | | | | | | | |" >> "$out"; continue
  fi
  jar="$scratch/target/cognito-claims-mapper.jar"
  size=$(stat -c %s "$jar"); entries=$(unzip -Z1 "$jar" | grep -vc '/$')
  unzip -Z1 "$jar" | grep -v '/$' | sort > "$results/jar-entries-$name.txt"
  [[ -z "$base_size" ]] && base_size=$size
  cli=identical
  i=0
  for c in "${cli_cases[@]}"; do
    (cd "$scratch" && timeout 60 java -jar "$jar" $c > "$scratch/out.$i" 2>&1; echo "exit $?" >> "$scratch/out.$i")
    if [[ "$name" == as-is ]]; then cp "$scratch/out.$i" "$reference/out.$i"
    elif ! cmp -s "$scratch/out.$i" "$reference/out.$i"; then cli="DIFFERENT: $c"; diff "$reference/out.$i" "$scratch/out.$i" >> "$log"; fi
    i=$((i+1))
  done
  lambda=$(cd "$scratch" && AWS_REGION=us-east-1 TABLE_NAME=bench-users DYNAMODB_ENDPOINT="$endpoint" \
      timeout 60 java -cp "$jar:$classes" io.github.claimsmapper.benchmarks.coldstart.OursColdStart events/v2-authentication.json 2>>"$log" \
      | grep -o 'ok=[a-z]*' || echo "failed")
  remote=$(cd "$scratch" && AWS_REGION=us-east-1 timeout 60 java -jar "$jar" render --config config/claims.yaml \
      --event events/v2-authentication.json --endpoint "$endpoint" --region us-east-1 --env TABLE_NAME=bench-users --compact 2>>"$log" \
      | grep -q '"first_name":"Jane"' && echo ok || echo failed)
  regional=$(timeout 60 java -cp "$jar:$classes" io.github.claimsmapper.benchmarks.tools.OfflineEndpointCheck eu-west-1 2>>"$log" \
      | grep -o 'ok https://[^ ]* signed=true' || echo failed)
  mb=$(awk -v s="$size" 'BEGIN { printf "%.2f", s / 1e6 }')
  delta=$(awk -v s="$size" -v b="$base_size" 'BEGIN { printf "%+.1f%%", (s - b) * 100 / b }')
  echo "| $name | $size | $mb | $entries | $delta | $cli | $lambda | $remote | $regional |" >> "$out"
  tail -1 "$out" | tee -a "$log"
done
