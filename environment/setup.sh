#!/usr/bin/env bash
# Idempotent set-up of everything outside Maven: Debian packages (Chromium, fonts) and the
# project-local Python virtual environment (.venv) with pinned JupyterLab and test tools.
# Re-running is cheap: each step is skipped when what it installs is already in place.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
req="$root/environment/requirements.txt"
req_nodeps="$root/environment/requirements-nodeps.txt"

log() { printf '[setup] %s\n' "$*"; }

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v javac >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

stamp="$venv/.requirements.sha256"
want="$(cat "$req" "$req_nodeps" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  log "creating Python environment in $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r "$req"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$req_nodeps"
  echo "$want" > "$stamp"
fi
log "ready: $("$venv/bin/jupyter" lab --version 2>/dev/null | sed 's/^/jupyterlab /'), $(chromium --version 2>/dev/null)"
