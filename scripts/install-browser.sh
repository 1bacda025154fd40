#!/usr/bin/env bash
# Makes sure a Chromium the harness can drive is present (the browser suite needs one; see
# helpers/browser/resolve-browser.ts). Run by `npm ci` (postinstall) and by CI; safe to run again.
# Order: one already there (AUTHCANARY_CHROMIUM, the system's, Playwright's) → Playwright's own download where
# downloads work → Debian/Ubuntu's chromium package when running as root → a message saying exactly what to run.
# Exit 0 when a browser is there at the end, 1 otherwise (npm's postinstall ignores that: `npm ci` never fails here).
set -uo pipefail
cd "$(dirname "$0")/.."
if [ -n "${AUTHCANARY_CHROMIUM:-}" ] && [ -x "${AUTHCANARY_CHROMIUM}" ]; then echo "browser: ${AUTHCANARY_CHROMIUM} (AUTHCANARY_CHROMIUM)"; exit 0; fi
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then echo "browser: $(command -v "$candidate")"; exit 0; fi
done
if ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium* >/dev/null 2>&1; then echo "browser: Playwright-managed Chromium"; exit 0; fi
if [ "${AUTHCANARY_SKIP_BROWSER_INSTALL:-}" != "1" ]; then
  echo "browser: none found; trying Playwright's Chromium download (npx playwright install chromium)"
  if timeout 180 node node_modules/@playwright/test/cli.js install chromium >/dev/null 2>&1; then
    echo "browser: Playwright-managed Chromium installed"; exit 0
  fi
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "browser: the download failed; installing Debian's chromium (apt-get install chromium)"
    if apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; then
      echo "browser: $(command -v chromium)"; exit 0
    fi
  fi
fi
cat >&2 <<'MSG'
browser: NO CHROMIUM. The browser suite will not run, and every run's verdict will say so (AC_BROWSER_NOT_FOUND).
  Install one, then run `bash scripts/install-browser.sh` again to check:
    Debian/Ubuntu (as root):  apt-get install chromium
    elsewhere, with downloads: npx playwright install chromium
    or point at one you have:  export AUTHCANARY_CHROMIUM=/path/to/chrome
  To leave the browser suite out on purpose: npm start -- -- --project rest --project websocket --project cookies
MSG
exit 1
