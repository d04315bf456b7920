#!/usr/bin/env bash
# Makes Node >= 22 (24 LTS), pnpm and the Debian packages the project needs available on PATH.
# Idempotent: tools already present are reused. Sourced by .ci/run and usable by hand.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="$root/.ci/.tools"
pnpm_version="$(node -p "require('$root/package.json').packageManager.split('@')[1]")"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Node 24 and pnpm ship as npm packages (the node binary is inside the "node" package).
if [ "$(node_major)" -lt 22 ] || ! command -v pnpm >/dev/null || [ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]; then
  if [ ! -x "$tools/node_modules/.bin/node" ] || [ ! -x "$tools/node_modules/.bin/pnpm" ]; then
    echo "installing node@24 and pnpm@$pnpm_version into $tools"
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-audit --no-fund --loglevel=error "node@24" "pnpm@$pnpm_version" >/dev/null
  fi
  export PATH="$tools/node_modules/.bin:$PATH"
fi

# chromium: the MCP Apps browser test (driven by playwright-core, which never downloads a browser);
# redis-server: the hosted mode's shared token cache tests.
# Nothing compiles: the encrypted cache's keyring binding (@napi-rs/keyring) is prebuilt and talks to
# the Secret Service over D-Bus. The tests run a headless one (gnome-keyring in a dbus session).
if [ "$(uname -s)" = "Linux" ]; then
  missing=()
  for pkg in libsecret-1-0 gnome-keyring dbus dbus-x11 chromium redis-server; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "installing Debian packages: ${missing[*]}"
    sudo_cmd=""
    [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
fi
