#!/usr/bin/env bash
# Prints an RS256 JWT signed with the test key (common/src/test/resources/stratus-test-keys), shaped like
# auth's: token.sh <account uuid> <email> [ttl seconds]. Only for servers started with the test JWKS.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
KEY="$ROOT/common/src/test/resources/stratus-test-keys/private.pem"
SUB="$1" EMAIL="$2" TTL="${3:-3600}"
NOW=$(date +%s)
b64() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
HEADER=$(printf '{"alg":"RS256","typ":"JWT","kid":"stratus-test"}' | b64)
PAYLOAD=$(printf '{"iss":"https://auth.stratus.test","aud":"stratus","sub":"%s","upn":"%s","email":"%s","groups":["user"],"scope":"global","iat":%d,"exp":%d,"jti":"%s"}' \
    "$SUB" "$EMAIL" "$EMAIL" "$NOW" "$((NOW + TTL))" "$(cat /proc/sys/kernel/random/uuid)" | b64)
SIG=$(printf '%s.%s' "$HEADER" "$PAYLOAD" | openssl dgst -sha256 -sign "$KEY" -binary | b64)
printf '%s.%s.%s\n' "$HEADER" "$PAYLOAD" "$SIG"
