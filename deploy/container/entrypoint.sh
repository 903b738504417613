#!/bin/sh
# Starts the Lambda runtime interface client on the class path and flags the AOT cache was trained
# with (see Dockerfile). In Lambda, AWS_LAMBDA_RUNTIME_API is set; elsewhere (docker run) the
# base image's runtime interface emulator serves the invoke API on port 8080, as with the base
# image's own entry point.
set -e
# shellcheck disable=SC2086
set -- /var/lang/bin/java $CLAIMS_MAPPER_JVM_FLAGS -cp "$CLAIMS_MAPPER_CLASSPATH" \
  com.amazonaws.services.lambda.runtime.api.client.AWSLambda "$1"
if [ -z "$AWS_LAMBDA_RUNTIME_API" ]; then
  exec /usr/local/bin/aws-lambda-rie "$@"
fi
exec "$@"
