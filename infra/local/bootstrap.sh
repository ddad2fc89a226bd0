#!/usr/bin/env bash
# Makes a fresh machine ready for `npm start` / `npm test`: pnpm, the workspace's packages, and with
# --with-browser Debian's Chromium for the browser tests. Java 17 and Maven come with the machine; Kafka's jars are fetched by infra/local on first start.
set -euo pipefail
cd "$(dirname "$0")/../.."
PNPM_VERSION=10.34.8

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "bootstrap: installing pnpm $PNPM_VERSION"
  npm install --global --silent "pnpm@$PNPM_VERSION"
fi
if [ "${CI:-}" = "true" ]; then
  pnpm install --no-frozen-lockfile --reporter=silent
else
  pnpm install --reporter=silent
fi
if [ "${1:-}" = "--with-browser" ] && [ ! -x /usr/bin/chromium ]; then
  echo "bootstrap: installing Debian's chromium for the browser tests"
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
fi
for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bootstrap: $tool is required (Java 17 + Maven run the Kafka broker)" >&2; exit 1; }
done
