#!/usr/bin/env bash
# Idempotent set-up of everything outside Maven, for one of the two README commands:
#   bash environment/setup.sh main   what the main job needs: JDK, Maven, fonts, and a project-local
#                                     .venv with JupyterLab, nbclient/nbconvert and the bundled model
#   bash environment/setup.sh test   the above, plus Chromium and the test tools and numeric
#                                     references (requirements-test.txt, llama.cpp built portably)
# Re-running is cheap: each step is skipped when what it installs is already in place.
set -euo pipefail
mode="${1:-test}"
case "$mode" in main|test) ;; *) echo "usage: setup.sh [main|test]" >&2; exit 2 ;; esac
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
env_dir="$root/environment"

log() { printf '[setup] %s\n' "$*"; }

need_apt=()
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
command -v javac >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
if [ "$mode" = test ]; then
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  command -v objdump >/dev/null 2>&1 || need_apt+=(binutils)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  log "installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

# pip_layer NAME FILE [pip options]: installs FILE into .venv unless its stamp says it is there.
pip_layer() {
  local name="$1" file="$2"; shift 2
  local stamp="$venv/.stamp-$name" want
  want="$(sha256sum "$file" | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing $(basename "$file") into $venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "$@" -r "$file"
    echo "$want" > "$stamp"
  fi
}

if [ ! -x "$venv/bin/python" ]; then
  log "creating Python environment in $venv"
  python3 -m venv "$venv"
fi
pip_layer main "$env_dir/requirements-main.txt"
pip_layer nodeps "$env_dir/requirements-nodeps.txt" --no-deps
# papermill's Java translator (environment/papermill-lmlab): a local package, built by pip with the
# setuptools it fetches from PyPI; its dependency papermill is pinned in requirements-main.txt.
translator="$env_dir/papermill-lmlab"
want="$(find "$translator" \( -name build -o -name '*.egg-info' \) -prune -o \( -name '*.py' -o -name pyproject.toml \) \
  -print0 | sort -z | xargs -0 cat | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$venv/.stamp-papermill-lmlab" 2>/dev/null)" != "$want" ]; then
  log "installing papermill-lmlab into $venv"
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps "$translator"
  echo "$want" > "$venv/.stamp-papermill-lmlab"
fi
if [ "$mode" = test ]; then
  pip_layer test "$env_dir/requirements-test.txt"
  bash "$env_dir/llama-reference.sh" "$venv"
fi
log "ready ($mode): jupyterlab $("$venv/bin/jupyter" lab --version 2>/dev/null)"
