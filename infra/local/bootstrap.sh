#!/usr/bin/env bash
# Makes a fresh machine ready for `npm start` / `npm test`: pnpm, the workspace's packages, and with
# --with-browser Debian's Chromium and poppler-utils for the browser and report tests. Java 17 and Maven come with the machine; Kafka's jars are fetched by infra/local on first start.
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
# Chromium renders the dashboard in the browser tests and the monthly report's PDF; pdftotext (poppler-utils)
# reads that PDF back in its test.
if [ "${1:-}" = "--with-browser" ] && { [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null 2>&1; }; then
  echo "bootstrap: installing Debian's chromium and poppler-utils for the browser and report tests"
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium poppler-utils >/dev/null
fi
for tool in java mvn; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bootstrap: $tool is required (Java 17 + Maven run the Kafka broker)" >&2; exit 1; }
done
