#!/usr/bin/env bash
# Real-VS-Code end-to-end run for the gklint extension (see README.md beside this file).
# Builds the .vsix, installs it into code-server, drives the workbench in headless
# Chromium (squiggle, Problems panel, hover, screenshot), then runs the extension's
# mocha suite inside code-server's extension host. Needs install.sh first.
#   GKLINT_PYTHON    Python with gklint installed (default: python3)
#   GKLINT_E2E_HOME  tool cache from install.sh (default $HOME/.cache/gklint-e2e)
#   OUT              logs + screenshot.png (default $GKLINT_E2E_HOME/out)
# Prints "N passed, M failed" last; exits non-zero on any failure.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
EXT="$REPO/vscode-extension"
E2E_HOME=${GKLINT_E2E_HOME:-$HOME/.cache/gklint-e2e}
OUT=${OUT:-$E2E_HOME/out}
REPORT=report-2024-window-2023.txt
CODE=GK203

pass=0; fail=0
ok()  { echo "PASS: $*"; pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
finish() { echo "$pass passed, $fail failed"; [ "$fail" = 0 ]; exit $?; }
t0=$SECONDS; lap() { echo "TIME $((SECONDS - t0))s: $*"; }

if [ ! -f "$E2E_HOME/env.sh" ]; then
  bad "toolchain missing: run 'bash tests/e2e_vscode/install.sh' first"
  finish
fi
. "$E2E_HOME/env.sh"
mkdir -p "$OUT"

# An absolute interpreter path: code-server's PATH differs from ours.
PY=$(command -v "${GKLINT_PYTHON:-python3}") || { bad "GKLINT_PYTHON=${GKLINT_PYTHON:-python3} not found"; finish; }
if "$PY" -c 'import gklint' 2>"$OUT/python-check.log"; then
  ok "gklint importable from $PY"
else
  bad "gklint is not importable from $PY (see $OUT/python-check.log); set GKLINT_PYTHON"
  finish
fi

# 1. Build: lock-file install, lint, typecheck, bundle + package, compile the mocha suite.
build() {
  local name=$1; shift
  if (cd "$EXT" && "$@") >"$OUT/$name.log" 2>&1; then ok "$name"; else bad "$name (see $OUT/$name.log)"; return 1; fi
}
build npm-ci npm ci --prefer-offline --no-fund --no-audit || finish
build lint npm run lint
build typecheck npm run typecheck
build package npm run package || finish
build compile-tests npm run compile-tests || finish
lap "extension built"

RUN=$(mktemp -d "$E2E_HOME/run.XXXXXX")
CS_PID=""
cleanup() {
  if [ -n "$CS_PID" ]; then
    # setsid made code-server a group leader: this also ends its file watcher
    # and extension host (and their gklint servers), which outlive a plain kill.
    kill -- "-$CS_PID" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 -- "-$CS_PID" 2>/dev/null || break; sleep 0.3; done
    kill -9 -- "-$CS_PID" 2>/dev/null
    CS_PID=""
  fi
  # VS Code's own logs, including the "gklint" output channel with LSP traces.
  [ -d "$RUN/user-data/logs" ] && rm -rf "$OUT/vscode-logs" && cp -r "$RUN/user-data/logs" "$OUT/vscode-logs"
  rm -rf "$RUN"
}
trap cleanup EXIT

# 2. Install the .vsix the way a user would.
CS_ARGS=(--user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions")
code-server "${CS_ARGS[@]}" --install-extension "$EXT/gklint.vsix" >"$OUT/install-extension.log" 2>&1
if code-server "${CS_ARGS[@]}" --list-extensions --show-versions 2>/dev/null | grep -q '^gklint\.gklint@'; then
  ok "gklint.vsix installed into code-server"
else
  bad "gklint.vsix install (see $OUT/install-extension.log)"; finish
fi

# Two copies of the fixture workspace: the mocha suite edits files and settings,
# and VS Code restores open editors per folder, so the UI check gets its own.
for ws in ui tests; do
  mkdir -p "$RUN/$ws/.vscode"
  cp -r "$HERE/fixtures/workspace/." "$RUN/$ws/"
  # The interpreter goes into workspace settings, exactly where a user puts it.
  # Verbose LSP traces land in $OUT/vscode-logs for post-mortems.
  node -e 'console.log(JSON.stringify({"gklint.interpreter": [process.argv[1]], "gklint.trace.server": "verbose"}, null, 2))' "$PY" \
    > "$RUN/$ws/.vscode/settings.json"
done
mkdir -p "$RUN/user-data/User"
# files.autoSave: VS Code for the web defaults to afterDelay, which would save
# the tests' edits behind their back (and turn onSave linting into onType).
# wordWrap: the defect sits at column 137; wrapped, it is on screen for the shot.
cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "workbench.tips.enabled": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "workbench.colorTheme": "Default Light Modern",
  "telemetry.telemetryLevel": "off",
  "security.workspace.trust.enabled": false,
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "chat.disableAIFeatures": true,
  "files.autoSave": "off",
  "editor.wordWrap": "on",
  "editor.minimap.enabled": false,
  "editor.hover.delay": 200
}
JSON

# 3. code-server on a free loopback port, in its own process group.
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
# EXTENSIONS_GALLERY={}: no marketplace lookups. enable-smoke-test-driver: lets
# the workbench accept extensionTestsPath (step 5).
EXTENSIONS_GALLERY='{}' setsid code-server --auth none --bind-addr "127.0.0.1:$PORT" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --vscode-option enable-smoke-test-driver "${CS_ARGS[@]}" \
  >"$OUT/code-server.log" 2>&1 &
CS_PID=$!
up=0
for _ in $(seq 1 120); do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT/healthz" && { up=1; break; }
  sleep 0.5
done
[ $up = 1 ] || { bad "code-server did not come up (see $OUT/code-server.log)"; finish; }
lap "code-server up on port $PORT"

# Node resolves playwright-core next to the scripts, so run them from the cache.
DRIVER="$RUN/driver"
mkdir -p "$DRIVER" && cp "$HERE"/driver/*.mjs "$DRIVER/" && ln -s "$GKLINT_E2E_DRIVER/node_modules" "$DRIVER/node_modules"

# 4. UI: squiggle, Problems row, status bar, hover, screenshot.
rm -f "$OUT/screenshot.png" "$OUT/screenshot-fail.png"
if timeout 300 node "$DRIVER/drive.mjs" "http://127.0.0.1:$PORT" "$RUN/ui" "$REPORT" "$CODE" "$OUT/screenshot.png" \
    >"$OUT/ui.log" 2>&1; then
  ok "UI: $CODE squiggle, hover, Problems entry and status bar in VS Code; screenshot $OUT/screenshot.png"
else
  bad "UI check (see $OUT/ui.log)"
fi
sed 's/^/  ui| /' "$OUT/ui.log" | grep -v '^  ui| \[.*\] pageerror' | tail -12
lap "UI check done"

# 5. The extension's own mocha suite inside the real extension host, next to a
#    stand-in for ms-python.python (not on any registry reachable here).
timeout 400 node "$DRIVER/run-ext-tests.mjs" "http://127.0.0.1:$PORT" "$RUN/tests" "$EXT/out/test/index.js" \
  "$EXT" "$HERE/fixtures/fake-python-extension" \
  >"$OUT/ext-tests.log" 2>&1
rc=$?
grep -E '^\s+(✔|[0-9]+\)) |passing|failing|pending|exit code|TIMEOUT' "$OUT/ext-tests.log" | sed 's/^/  mocha| /'
passing=$(grep -oE '^\s*[0-9]+ passing' "$OUT/ext-tests.log" | grep -oE '[0-9]+' | tail -1)
failing=$(grep -oE '^\s*[0-9]+ failing' "$OUT/ext-tests.log" | grep -oE '[0-9]+' | tail -1)
pass=$((pass + ${passing:-0}))
fail=$((fail + ${failing:-0}))
# A crash or timeout before mocha's summary must still count as a failure.
if [ "$rc" != 0 ] && [ "${failing:-0}" = 0 ]; then
  bad "extension tests exited $rc without a mocha summary (see $OUT/ext-tests.log)"
fi
lap "extension tests done"

cleanup
trap - EXIT
finish
