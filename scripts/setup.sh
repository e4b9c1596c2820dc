#!/usr/bin/env bash
# Install what Pushback needs on a Debian machine: system packages, a Python >= 3.12 venv, the
# Python packages (pinned in pyproject.toml). Safe to run again: it only does what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  espeak-ng sox                                   # counterpart voices (pyttsx3 drives espeak-ng)
  libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3   # headless Qt
  libpulse0 libxrandr2 pulseaudio pulseaudio-utils                      # QtMultimedia; null audio device in tests
  xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1  # real windows under Xvfb
  libxcb-render-util0 libxcb-shape0 libxkbcommon-x11-0
)

install_debian_packages() {
  command -v dpkg-query >/dev/null || { echo "setup: not a Debian system; install the equivalents of: ${DEBIAN_PACKAGES[*]}"; return; }
  local missing=()
  for pkg in "${DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  echo "setup: installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  # PySide6 6.12 aborts Python 3.11 (see README); prefer 3.12+, wherever it is installed.
  local candidates=(python3.13 python3.12)
  if command -v pyenv >/dev/null 2>&1; then
    for dir in "$(pyenv root)"/versions/3.1[2-9]*; do [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3"); done
  fi
  for dir in /root/.pyenv/versions/3.1[2-9]* "$HOME"/.pyenv/versions/3.1[2-9]*; do [ -x "$dir/bin/python3" ] && candidates+=("$dir/bin/python3"); done
  candidates+=(python3)
  for py in "${candidates[@]}"; do
    if "$py" -c 'import sys, venv; sys.exit(0 if sys.version_info >= (3, 11) else 1)' >/dev/null 2>&1; then
      if "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1 || [ "$py" = python3 ]; then
        echo "$py"; return
      fi
    fi
  done
  echo "setup: Python 3.11 or newer is required" >&2; exit 1
}

install_python_packages() {
  if [ ! -x .venv/bin/python ]; then
    "$(find_python)" -m venv .venv
  fi
  local stamp=".venv/.pushback-installed"
  local want
  want=$(sha256sum pyproject.toml | cut -d' ' -f1)
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    echo "setup: installing Python packages into .venv"
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e ".[test]"
    echo "$want" > "$stamp"
  fi
}

install_debian_packages
install_python_packages
