#!/usr/bin/env bash
# Browser suite of the storefront, as .ci/run runs it: installs what it needs (Debian's Chromium if missing,
# playwright-core from package-lock.json), starts `./mvnw quarkus:dev` (the README's first command) on free ports,
# runs the client module's unit tests and the Playwright scenarios against it, and stops it again.
# A browser that is missing and cannot be installed fails the run; nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")"
web="$(pwd)"
root="$(cd ../../.. && pwd)"
out="$root/target/storefront"
mkdir -p "$out"
rm -f "$out"/*.png

# CHROMIUM may name another Chromium-based browser (e.g. /usr/bin/google-chrome on GitHub's runners)
if [ -z "${CHROMIUM:-}" ] || [ ! -x "$CHROMIUM" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    echo "== chromium is not installed: apt-get install chromium"
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
  fi
  command -v chromium >/dev/null 2>&1 || { echo "FAIL chromium is missing and could not be installed"; echo "storefront: 0 passed, 1 failed"; exit 1; }
  CHROMIUM="$(command -v chromium)"
fi
export CHROMIUM
echo "== $("$CHROMIUM" --version 2>/dev/null || echo chromium)"

echo "== npm ci (playwright-core, @stripe/stripe-js)"
npm ci --no-audit --no-fund --loglevel=error

# the vendored Stripe.js loader must be the pinned @stripe/stripe-js release, byte for byte
cmp node_modules/@stripe/stripe-js/dist/pure.mjs "$root/src/main/resources/META-INF/resources/vendor/stripe-js/pure.mjs" \
  || { echo "FAIL vendor/stripe-js/pure.mjs differs from @stripe/stripe-js in package-lock.json"; exit 1; }

echo "== client module and template config.js unit tests (node --test)"
node --test client.test.mjs storefront-config.test.mjs

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
port="$(free_port)"
dynamo_port="$(free_port)"
echo "== ./mvnw quarkus:dev on port $port (log: target/storefront/dev.log)"
cd "$root"
setsid ./mvnw -B -ntp quarkus:dev -Dquarkus.analytics.disabled=true -Dquarkus.console.enabled=false -Ddebug=false \
  -Dquarkus.lambda.mock-event-server.dev-port="$port" -Dcoinslot.dev.dynamodb-port="$dynamo_port" \
  </dev/null >"$out/dev.log" 2>&1 &
dev_pid=$!
stop_dev() {
  kill -TERM -- "-$dev_pid" 2>/dev/null || true
  for _ in $(seq 1 30); do kill -0 "$dev_pid" 2>/dev/null || return 0; sleep 1; done
  kill -KILL -- "-$dev_pid" 2>/dev/null || true
}
trap stop_dev EXIT

started=$(date +%s)
until curl -fs -o /dev/null "http://localhost:$port/catalog"; do
  if ! kill -0 "$dev_pid" 2>/dev/null; then tail -40 "$out/dev.log"; echo "FAIL dev mode exited"; echo "storefront: 0 passed, 1 failed"; exit 1; fi
  if [ $(( $(date +%s) - started )) -gt 300 ]; then tail -40 "$out/dev.log"; echo "FAIL dev mode not up after 300 s"; echo "storefront: 0 passed, 1 failed"; exit 1; fi
  sleep 2
done
echo "== dev mode up after $(( $(date +%s) - started )) s"

cd "$web"
STOREFRONT_URL="http://localhost:$port" SCREENSHOT_DIR="$out" node storefront.browser.mjs
