#!/usr/bin/env bash
# Installs what the test suite needs from Debian when it is missing: Chromium (browser tests,
# `make pdf`), the DejaVu fonts (printed sheets are laid out for them: same pages everywhere),
# Node.js and npm (axe-core, the Nu Html Checker and Lighthouse come from npm: `make test` runs
# `npm ci --ignore-scripts`, so no package script downloads a browser or a Java runtime), and a
# Java runtime for the Nu Html Checker (vnu.jar), poppler-utils (pdfinfo, for the PDF tests) and
# Pango (WeasyPrint's text layout, for `make book`).
# Used by `make test` and `.ci/run`. Needs root (or sudo) only when something is missing.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need+=(fonts-dejavu-core)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
# poppler's pdfinfo: the tests read "Tagged: yes" of every PDF with it
command -v pdfinfo >/dev/null 2>&1 || need+=(poppler-utils)
# Pango, which WeasyPrint lays the books out with (`make book`)
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need+=(libpango-1.0-0)
dpkg -s libpangoft2-1.0-0 >/dev/null 2>&1 || need+=(libpangoft2-1.0-0)

if [ ${#need[@]} -gt 0 ]; then
  echo "installing from Debian: ${need[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "need root to install ${need[*]}" >&2; exit 1; }
    SUDO="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Lighthouse 12 needs Node.js 18.16 or later (Debian 12 ships 18.19)
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 18 || (a === 18 && b >= 16) ? 0 : 1)' \
  || { echo "Node.js $(node --version) is too old: the browser checks need 18.16 or later" >&2; exit 1; }
