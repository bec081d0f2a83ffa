#!/usr/bin/env bash
# Neovim as a second LSP client: opens a PowerShell script with a remote EvictNode in a headless Neovim
# configured by init.lua (vim.lsp.start_client + buf_attach_client), waits for the hopcheck server's
# diagnostics and checks vim.diagnostic.get() for HOP001 on the right line (check.lua).
# Everything (HOME, XDG_*, TMPDIR, the workspace) lives in a temporary folder that is removed afterwards.
# usage: test/e2e/neovim/run.sh        exit 0 = PASS; needs dist/server.js (npm run build) and nvim >= 0.7
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
command -v nvim >/dev/null || { echo "FAIL  neovim: nvim is not installed (scripts/e2e/setup.sh installs it)"; exit 1; }
[ -f "$ROOT/dist/server.js" ] || { echo "FAIL  neovim: $ROOT/dist/server.js is missing (npm run build)"; exit 1; }

R=$(mktemp -d "${TMPDIR:-/tmp}/hopcheck-nvim-e2e-XXXXXX")
cleanup() { [ -n "${NPID:-}" ] && kill -KILL -- "-$NPID" 2>/dev/null; rm -rf "$R"; }
trap cleanup EXIT
mkdir -p "$R/ws" "$R/home" "$R/tmp"
printf '%s\n' \
  '# Evict node2 from the cluster, run from an admin workstation' \
  '$cluster = Get-WmiObject -Namespace root\MSCluster -Class MSCluster_Cluster -ComputerName node1' \
  '$cluster.EvictNode("node2")' > "$R/ws/evict.ps1"

cd "$R/ws"
t0=$(date +%s%N)
# own session/process group, so the language server cannot outlive the test; timeout as the last guard
HOME="$R/home" XDG_CONFIG_HOME="$R/home/.config" XDG_DATA_HOME="$R/home/.local/share" \
XDG_CACHE_HOME="$R/home/.cache" XDG_STATE_HOME="$R/home/.local/state" TMPDIR="$R/tmp" \
HOPCHECK_NVIM_RESULT="$R/result.txt" HOPCHECK_NVIM_EXPECT_LINE=3 \
  setsid timeout -k 5 90 nvim --headless -n -i NONE -u "$HERE/init.lua" -c "luafile $HERE/check.lua" evict.ps1 \
  > "$R/nvim.log" 2>&1 < /dev/null &
NPID=$!
wait "$NPID"; rc=$?
NPID_DONE=$NPID; kill -KILL -- "-$NPID_DONE" 2>/dev/null; NPID=
ms=$(( ($(date +%s%N) - t0) / 1000000 ))

if [ -s "$R/result.txt" ]; then sed 's/^/  nvim: /' "$R/result.txt"; else echo "  nvim: no result file"; sed 's/^/  nvim log: /' "$R/nvim.log" | tail -20; fi
if [ "$rc" -eq 0 ] && grep -q '^RESULT PASS' "$R/result.txt" 2>/dev/null; then
  echo "PASS  neovim: HOP001 on line 3 of evict.ps1 in vim.diagnostic.get() (${ms} ms)"
  exit 0
fi
echo "FAIL  neovim: exit code $rc (${ms} ms)"
exit 1
