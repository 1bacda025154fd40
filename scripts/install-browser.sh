#!/usr/bin/env bash
# Makes sure a Chromium the harness can drive is present (the browser suites need one; see helpers/browser/resolve-browser.ts).
# Playwright cannot download its own browsers on machines without general network access; Debian's chromium works.
set -euo pipefail
if [ -n "${AUTHCANARY_CHROMIUM:-}" ] && [ -x "${AUTHCANARY_CHROMIUM}" ]; then exit 0; fi
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then echo "browser: $(command -v "$candidate")"; exit 0; fi
done
if ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium* >/dev/null 2>&1; then echo "browser: Playwright-managed Chromium"; exit 0; fi
if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "browser: installing Debian's chromium"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi
echo "browser: none found. Install one: 'apt-get install chromium' (Debian/Ubuntu), or 'npx playwright install chromium'," >&2
echo "         or point AUTHCANARY_CHROMIUM at a Chromium/Chrome binary." >&2
exit 1
