#!/usr/bin/env bash
# Installs everything the editor end-to-end tests need, once per machine, outside the clone:
#   apt:    chromium (the browser under test), ripgrep (replaces @vscode/ripgrep's GitHub download),
#           neovim (second LSP client), and what code-server's native addons build with.
#   $HOPCHECK_E2E_HOME/cs     code-server 4.100.3 (VS Code 1.100.3; the last release for Node 20)
#   $HOPCHECK_E2E_HOME/tools  @vscode/vsce 3.9.2 (4.x needs Node 22) and playwright-core (never `playwright install`)
# Only the npm registry and Debian's repositories are used. A stamp file records what was installed
# with which Node ABI; when it matches, nothing is done again (a second run takes well under a second).
#
# usage: scripts/e2e/setup.sh            everything
#        scripts/e2e/setup.sh --tools    only vsce + playwright-core (what `npm run package` needs)
#        scripts/e2e/setup.sh --print    print the install folder and exit
# env:   HOPCHECK_E2E_HOME  install folder (default /var/tmp/hopcheck-e2e)
#        HOPCHECK_E2E_FORCE=1  reinstall the npm parts even when the stamp matches
set -euo pipefail

E2E_HOME=${HOPCHECK_E2E_HOME:-/var/tmp/hopcheck-e2e}
CS_VERSION=4.100.3
VSCE_VERSION=3.9.2
PLAYWRIGHT_VERSION=1.65.1
RIPGREP_PKG_VERSION=1.15.11          # @vscode/ripgrep used by code-server 4.100.3
RIPGREP_TAG=v13.0.0-10               # the release tag that @vscode/ripgrep 1.15.11 asks for
APT_PACKAGES=(chromium ripgrep fonts-dejavu-core libkrb5-dev pkg-config libsecret-1-dev libx11-dev
  libxkbfile-dev build-essential python3 neovim)

MODE=all
case "${1:-}" in
  "") ;;
  --tools) MODE=tools ;;
  --print) echo "$E2E_HOME"; exit 0 ;;
  *) echo "usage: $0 [--tools|--print]" >&2; exit 2 ;;
esac

log() { printf '[e2e-setup] %s\n' "$*"; }
ABI=$(node -p 'process.versions.modules')
CS_STAMP="code-server=$CS_VERSION node-abi=$ABI ripgrep=$RIPGREP_TAG"
TOOLS_STAMP="vsce=$VSCE_VERSION playwright-core=$PLAYWRIGHT_VERSION"

mkdir -p "$E2E_HOME"
# One setup at a time on a machine (two CI jobs, or run.sh and package.mjs at once).
exec 9>"$E2E_HOME/.lock"
flock 9

# ---------------------------------------------------------------- apt
apt_missing() {
  local p missing=()
  for p in "$@"; do
    dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
  done
  echo "${missing[*]:-}"
}
if [ "$MODE" = all ]; then
  missing=$(apt_missing "${APT_PACKAGES[@]}")
  if [ -n "$missing" ]; then
    log "apt: installing $missing"
    SUDO=
    if [ "$(id -u)" != 0 ]; then
      command -v sudo >/dev/null || { echo "not root and no sudo: install these Debian packages: $missing" >&2; exit 1; }
      SUDO="sudo -n"
    fi
    # Install the whole list (already-installed ones are left alone; curl is deliberately not in it).
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}"
    missing=$(apt_missing "${APT_PACKAGES[@]}")
    [ -z "$missing" ] || { echo "apt: still missing: $missing" >&2; exit 1; }
  else
    log "apt: all ${#APT_PACKAGES[@]} packages installed"
  fi
fi

stamp_ok() { [ -f "$1/.hopcheck-e2e-stamp" ] && [ "$(cat "$1/.hopcheck-e2e-stamp")" = "$2" ] && [ "${HOPCHECK_E2E_FORCE:-0}" != 1 ]; }

# Keep npm's and the postinstall scripts' temporary files (and the ripgrep seed) inside the install folder.
NPM_TMP="$E2E_HOME/tmp"
mkdir -p "$NPM_TMP"

# ---------------------------------------------------------------- code-server
if [ "$MODE" = all ]; then
  CS_DIR="$E2E_HOME/cs"
  if stamp_ok "$CS_DIR" "$CS_STAMP" && [ -x "$CS_DIR/node_modules/.bin/code-server" ]; then
    log "code-server $CS_VERSION: already installed in $CS_DIR"
  else
    log "code-server $CS_VERSION: installing into $CS_DIR (about 1.5 minutes)"
    rm -f "$CS_DIR/.hopcheck-e2e-stamp"
    mkdir -p "$CS_DIR"
    # @vscode/ripgrep's postinstall looks in its download cache, $TMPDIR/vscode-ripgrep-cache-<pkg version>/
    # ripgrep-<tag>-<target>.tar.gz (rg at the top of the tarball), before it asks api.github.com: seed it
    # with Debian's rg.
    case "$(uname -m)" in
      x86_64) RG_TARGET=x86_64-unknown-linux-musl ;;
      aarch64|arm64) RG_TARGET=aarch64-unknown-linux-musl ;;
      *) echo "unsupported architecture $(uname -m)" >&2; exit 1 ;;
    esac
    RGC="$NPM_TMP/vscode-ripgrep-cache-$RIPGREP_PKG_VERSION"
    mkdir -p "$RGC"
    t=$(mktemp -d "$NPM_TMP/rg.XXXXXX")
    cp /usr/bin/rg "$t/rg"
    tar czf "$RGC/ripgrep-$RIPGREP_TAG-$RG_TARGET.tar.gz" -C "$t" rg
    rm -rf "$t"
    cd "$CS_DIR"
    [ -f package.json ] || printf '{ "name": "hopcheck-e2e-code-server", "private": true }\n' > package.json
    # unsafe_perm: code-server's postinstall refuses root without it (npm 11 warns it is unknown; the script
    #              reads the variable itself). yes: node-pty's postinstall runs `npx node-gyp` and the user's
    #              npmrc may say yes=false. nodedir=/usr: node-gyp uses /usr/include/node instead of downloading.
    TMPDIR="$NPM_TMP" npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
      npm install --no-audit --no-fund --loglevel=error "code-server@$CS_VERSION"
    test -x node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin/rg
    # A bare code-server run writes ~/.config/code-server and ~/.local/share/code-server: keep it away from $HOME.
    h=$(mktemp -d "$NPM_TMP/home.XXXXXX")
    v=$(HOME="$h" XDG_CONFIG_HOME="$h/.config" XDG_DATA_HOME="$h/.local/share" XDG_CACHE_HOME="$h/.cache" \
      TMPDIR="$h" node_modules/.bin/code-server --version | grep -E '^[0-9]+\.[0-9]+\.[0-9]+' | head -1 || true)
    rm -rf "$h"
    case "$v" in "$CS_VERSION"*) ;; *) echo "code-server --version printed '$v'" >&2; exit 1 ;; esac
    echo "$CS_STAMP" > .hopcheck-e2e-stamp
    log "code-server: $v"
  fi
fi

# ---------------------------------------------------------------- vsce + playwright-core
TOOLS_DIR="$E2E_HOME/tools"
if stamp_ok "$TOOLS_DIR" "$TOOLS_STAMP" && [ -x "$TOOLS_DIR/node_modules/.bin/vsce" ] \
   && [ -f "$TOOLS_DIR/node_modules/playwright-core/package.json" ]; then
  log "vsce $VSCE_VERSION + playwright-core $PLAYWRIGHT_VERSION: already installed in $TOOLS_DIR"
else
  log "vsce $VSCE_VERSION + playwright-core $PLAYWRIGHT_VERSION: installing into $TOOLS_DIR"
  rm -f "$TOOLS_DIR/.hopcheck-e2e-stamp"
  mkdir -p "$TOOLS_DIR"
  cd "$TOOLS_DIR"
  [ -f package.json ] || printf '{ "name": "hopcheck-e2e-tools", "private": true }\n' > package.json
  # --omit=optional skips keytar (vsce's credential store; not needed to package).
  TMPDIR="$NPM_TMP" npm install --no-audit --no-fund --loglevel=error --omit=optional \
    "@vscode/vsce@$VSCE_VERSION" "playwright-core@$PLAYWRIGHT_VERSION"
  test -x node_modules/.bin/vsce
  echo "$TOOLS_STAMP" > .hopcheck-e2e-stamp
fi
log "ready: $E2E_HOME"
