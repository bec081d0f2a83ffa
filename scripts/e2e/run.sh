#!/usr/bin/env bash
# Editor end-to-end tests (issue 6): a real VS Code (code-server 4.100.3 in headless chromium) and Neovim
# as a second LSP client, both against the packaged/built hopcheck.
#   1. setup    scripts/e2e/setup.sh (idempotent; the first run on a machine installs ~1 GB in ~3 minutes)
#   2. package  scripts/package.mjs -> hopcheck-<version>.vsix (runs the build)
#   3. vscode   test/e2e/vscode.e2e.js (screenshots in test-results/vscode/)
#   4. neovim   test/e2e/neovim/run.sh
# Prints the duration of each part and the total; exits non-zero when any part fails (all parts after a
# successful package still run, so one failure does not hide another).
# env: HOPCHECK_E2E_HOME (install folder, default /var/tmp/hopcheck-e2e), HOPCHECK_E2E_SKIP_SETUP=1
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"

declare -a NAMES=() TIMES=() STATUS=()
total0=$(date +%s%N)
failed=0
part() { # part NAME command...
  local name=$1; shift
  local t0 t rc
  echo "=== e2e: $name"
  t0=$(date +%s%N)
  "$@"; rc=$?
  t=$(( ($(date +%s%N) - t0) / 1000000 ))
  NAMES+=("$name"); TIMES+=("$t"); STATUS+=("$([ $rc -eq 0 ] && echo ok || echo "FAILED ($rc)")")
  printf '=== e2e: %s %s in %d.%03d s\n' "$name" "$([ $rc -eq 0 ] && echo done || echo FAILED)" $((t / 1000)) $((t % 1000))
  [ $rc -eq 0 ] || failed=1
  return $rc
}
summary() {
  local total=$(( ($(date +%s%N) - total0) / 1000000 )) i
  echo "=== e2e summary"
  for i in "${!NAMES[@]}"; do
    printf '  %-8s %7d.%03d s  %s\n' "${NAMES[$i]}" $((TIMES[i] / 1000)) $((TIMES[i] % 1000)) "${STATUS[$i]}"
  done
  printf '  %-8s %7d.%03d s  %s\n' total $((total / 1000)) $((total % 1000)) "$([ $failed -eq 0 ] && echo PASS || echo FAIL)"
}
trap summary EXIT

if [ "${HOPCHECK_E2E_SKIP_SETUP:-0}" != 1 ]; then
  part setup bash scripts/e2e/setup.sh || exit 1
fi
part package node scripts/package.mjs || exit 1
part vscode node test/e2e/vscode.e2e.js
part neovim bash test/e2e/neovim/run.sh
exit $failed
