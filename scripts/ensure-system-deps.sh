#!/usr/bin/env bash
# What the tests need from Debian: the browsers of the browser tests (never a downloaded browser):
# chromium, firefox-esr, and WebKitGTK's WebDriver (webkit2gtk-driver, which brings MiniBrowser in
# libwebkit2gtk-4.1-0) with xvfb for its display (xvfb-run needs xauth); redis-server for the shared
# rate-limit store and nginx as the load balancer of the many-instances test. Installs whichever is
# missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium fonts-dejavu-core)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr fonts-dejavu-core)
[ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver fonts-dejavu-core)
[ -x /usr/bin/xvfb-run ] || missing+=(xvfb)
command -v xauth >/dev/null || missing+=(xauth)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "Installing from Debian: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
