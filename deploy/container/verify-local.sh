#!/usr/bin/env bash
# Runs the Dockerfile's training and its strict check with a local JDK 25 instead of the java25
# base image, in a scratch folder laid out like the image (/var/runtime/lib -> runtime/lib,
# /var/task/lib -> task/lib), and reports how many of the function's classes a cold start then
# takes from the cache. What this cannot show (no container engine): that the base image's JVM
# and runtime interface client are where the Dockerfile expects them.
#
#   mvn -B -q package -DskipTests && deploy/container/verify-local.sh [JDK25_HOME]
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
jdk=${1:-${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}}
flags="-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
work=$(mktemp -d /tmp/claims-mapper-aot.XXXXXX)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/runtime/lib" "$work/task/lib"
# the runtime's jars in the image: here only the Lambda core API, from the local Maven repository
core=$(find "$HOME/.m2/repository/com/amazonaws/aws-lambda-java-core" -name 'aws-lambda-java-core-*.jar' | sort | tail -1)
cp "$core" "$work/runtime/lib/"
cp "$root/target/cognito-claims-mapper.jar" "$work/task/lib/"
cp=("$work/runtime/lib/*:$work/task/lib/cognito-claims-mapper.jar")
export AWS_ACCESS_KEY_ID=training AWS_SECRET_ACCESS_KEY=training AWS_REGION=us-east-1
unset CLAIMS_CONFIG JAVA_TOOL_OPTIONS
cd "$root"
"$jdk/bin/java" -version 2>&1 | head -1
# shellcheck disable=SC2086
"$jdk/bin/java" $flags -XX:AOTCacheOutput="$work/task/claims-mapper.aot" -cp "${cp[0]}" \
  io.github.claimsmapper.lambda.AotTraining --item events/items/user.dynamodb.json events/v1-*.json events/v2-*.json events/v3-*.json \
  > "$work/training.log" 2>&1 || { cat "$work/training.log"; exit 1; }
grep '^AOT training' "$work/training.log"
ls -l "$work/task/claims-mapper.aot" | awk '{ print "cache: " $5 " bytes" }'
# the Dockerfile's strict check, with the cache given as the image gives it (JAVA_TOOL_OPTIONS)
# shellcheck disable=SC2086
JAVA_TOOL_OPTIONS="-XX:AOTCache=$work/task/claims-mapper.aot" "$jdk/bin/java" $flags -XX:AOTMode=on \
  -Xlog:class+load:file="$work/classes.log" -cp "${cp[0]}" \
  io.github.claimsmapper.lambda.AotTraining --rounds 1 --item events/items/user.dynamodb.json events/v2-authentication.json \
  > "$work/check.log" 2>&1 || { cat "$work/check.log"; exit 1; }
total=$(grep -c 'source:' "$work/classes.log")
cached=$(grep -c 'source: shared objects file' "$work/classes.log")
ours=$(grep 'io.github.claimsmapper' "$work/classes.log" | grep -c 'shared objects file' || true)
sdk=$(grep 'software.amazon.awssdk' "$work/classes.log" | grep -c 'shared objects file' || true)
echo "strict start with the cache: ok; classes loaded $total, from the cache $cached (ours $ours, AWS SDK $sdk)"
