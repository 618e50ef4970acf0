#!/usr/bin/env bash
# Drives the real Heroku CLI (npm `heroku`, pinned below) against a running Stratus app and checks that every
# command exits 0, or is refused where the server must refuse it, and that its output matches what the server holds
# (spec/platform-api.md, issue 5; the refused scale is issue 12's).
#
#   STRATUS_URL=http://127.0.0.1:8080 STRATUS_TOKEN=<jwt> STRATUS_EMAIL=<its email> \
#   STRATUS_TOKEN2=<jwt of a second user> STRATUS_EMAIL2=<its email> app/src/test/cli/heroku-cli.sh
#
# The CLI is installed once into STRATUS_HEROKU_CLI_DIR (default: a cache folder in $HOME) and reused.
set -euo pipefail

HEROKU_VERSION=11.10.0
: "${STRATUS_URL:?}" "${STRATUS_TOKEN:?}" "${STRATUS_EMAIL:?}" "${STRATUS_TOKEN2:?}" "${STRATUS_EMAIL2:?}"
CLI_DIR="${STRATUS_HEROKU_CLI_DIR:-${HOME:-/tmp}/.cache/stratus/heroku-cli-$HEROKU_VERSION}"
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT

fail() { echo "heroku-cli: FAILED: $*" >&2; exit 1; }

if [[ ! -x "$CLI_DIR/node_modules/.bin/heroku" ]]; then
    echo "heroku-cli: installing heroku@$HEROKU_VERSION into $CLI_DIR"
    mkdir -p "$CLI_DIR"
    (cd "$CLI_DIR" && [[ -f package.json ]] || echo '{"private":true}' > "$CLI_DIR/package.json")
    npm install --prefix "$CLI_DIR" --no-audit --no-fund --loglevel=error "heroku@$HEROKU_VERSION" >&2
fi
HEROKU="$CLI_DIR/node_modules/.bin/heroku"

# Everything the CLI could reach beyond our server is pointed at it or switched off (spec §2).
export HOME="$SCRATCH/home" XDG_CONFIG_HOME="$SCRATCH/home/.config" XDG_CACHE_HOME="$SCRATCH/home/.cache"
export XDG_DATA_HOME="$SCRATCH/home/.local/share"
mkdir -p "$HOME"
export HEROKU_HOST="$STRATUS_URL" HEROKU_API_KEY="$STRATUS_TOKEN" DISABLE_TELEMETRY=true
export HEROKU_PARTICLEBOARD_URL="$STRATUS_URL" HEROKU_SKIP_NEW_VERSION_CHECK=true HEROKU_DISABLE_AUTOUPDATE=true
export HEROKU_UPDATE_INSTRUCTIONS=none NO_COLOR=1 FORCE_COLOR=0 CI=true
cd "$SCRATCH"

OUT=""
heroku() {
    echo "+ heroku $*"
    local status=0
    OUT=$(timeout 120 "$HEROKU" "$@" </dev/null 2>&1) || status=$?
    echo "$OUT" | sed 's/^/  | /'
    [[ $status -eq 0 ]] || fail "heroku $* exited $status"
}
# A command that the server must refuse: non-zero exit (not the timeout's 124), message checked by expect.
heroku_fails() {
    echo "+ heroku $* (must fail)"
    local status=0
    OUT=$(timeout 120 "$HEROKU" "$@" </dev/null 2>&1) || status=$?
    echo "$OUT" | sed 's/^/  | /'
    [[ $status -ne 0 && $status -ne 124 ]] || fail "heroku $* exited $status, expected a refusal"
}
expect() { grep -qF -- "$1" <<<"$OUT" || fail "expected '$1' in the output above"; }
api() { curl -sS -H "Authorization: Bearer $STRATUS_TOKEN" -H 'Accept: application/json' "$STRATUS_URL$1"; }
server_has() { api "$1" | grep -qF -- "$2" || fail "server: expected '$2' in GET $1: $(api "$1")"; }
server_lacks() { ! api "$1" | grep -qF -- "$2" || fail "server: did not expect '$2' in GET $1"; }

APP="cli-$(date +%s)-$RANDOM"
NEW="$APP-x"

heroku auth:whoami
expect "$STRATUS_EMAIL"

heroku apps:create "$APP"
expect "$APP"
server_has "/apps/$APP" "\"name\":\"$APP\""

heroku apps
expect "$APP"

heroku apps:info -a "$APP"
expect "$APP"
expect "$STRATUS_EMAIL"

heroku apps:rename "$NEW" -a "$APP"
expect "$NEW"
server_has "/apps/$NEW" "\"name\":\"$NEW\""

heroku config:set FOO=bar BAZ=qux -a "$NEW"
expect "FOO"
server_has "/apps/$NEW/config-vars" '"FOO":"bar"'

heroku config:get FOO -a "$NEW"
[[ "$OUT" == *bar* ]] || fail "config:get printed '$OUT'"

heroku config -a "$NEW"
expect "FOO"
expect "qux"

heroku config:unset BAZ -a "$NEW"
server_lacks "/apps/$NEW/config-vars" 'BAZ'

heroku ps:scale web=2 -a "$NEW"
expect "web"
server_has "/apps/$NEW/formation/web" '"quantity":2'

# The account has no card: standard dynos are refused with billing's 402 message, and nothing changes (issue 12).
heroku_fails ps:scale web=1:standard-1x -a "$NEW"
expect "Add a payment method to use standard-1x dynos."
server_has "/apps/$NEW/formation/web" '"quantity":2'
server_has "/apps/$NEW/formation/web" '"size":"basic"'

heroku ps -a "$NEW"
expect "web.1"
expect "web.2"

heroku ps:restart -a "$NEW"

heroku releases -a "$NEW"
expect "v3"
expect "Remove BAZ config vars"

heroku releases:info v2 -a "$NEW"
expect "Set BAZ, FOO config vars"

heroku rollback -a "$NEW"
expect "v2"
server_has "/apps/$NEW/config-vars" '"BAZ":"qux"'
server_has "/apps/$NEW/releases/4" 'Rollback to v2'

heroku access:add "$STRATUS_EMAIL2" -a "$NEW"
server_has "/apps/$NEW/collaborators" "\"email\":\"$STRATUS_EMAIL2\""

heroku access -a "$NEW"
expect "$STRATUS_EMAIL2"
expect "$STRATUS_EMAIL"

heroku access:remove "$STRATUS_EMAIL2" -a "$NEW"
server_lacks "/apps/$NEW/collaborators" "$STRATUS_EMAIL2"

heroku apps:destroy -a "$NEW" --confirm "$NEW"
STATUS=$(curl -sS -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $STRATUS_TOKEN" "$STRATUS_URL/apps/$NEW")
[[ "$STATUS" == 404 ]] \
    || fail "app $NEW still exists after apps:destroy"

echo "heroku-cli: all 20 commands passed against the server state"
