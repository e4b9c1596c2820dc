#!/usr/bin/env bash
# Install what is needed, then lint, type-check and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
# A null audio device, so the real QtMultimedia capture/playback path runs with no sound card.
if command -v pulseaudio >/dev/null && [ -z "${PUSHBACK_NO_PULSE:-}" ]; then
  XDG_RUNTIME_DIR=$(mktemp -d); export XDG_RUNTIME_DIR; chmod 700 "$XDG_RUNTIME_DIR"
  pulseaudio --daemonize=yes --exit-idle-time=-1 --disallow-exit -n \
    --load=module-native-protocol-unix --load="module-null-sink sink_name=nullsink" \
    --load="module-null-source source_name=nullsrc" >/dev/null 2>&1 || true
  for _ in $(seq 50); do pactl info >/dev/null 2>&1 && break; sleep 0.1; done
  pactl set-default-sink nullsink >/dev/null 2>&1 || true
  pactl set-default-source nullsrc >/dev/null 2>&1 || true
  trap 'pulseaudio --kill >/dev/null 2>&1 || true; rm -rf "$XDG_RUNTIME_DIR"' EXIT
fi

.venv/bin/ruff check trainer ui tests main.py tools
.venv/bin/mypy
# Tests run in random order (pytest-randomly); the seed is printed so a failure can be replayed.
SEED="${PUSHBACK_TEST_SEED:-$(( (RANDOM << 15) | RANDOM ))}"
echo "test order seed $SEED (replay: PUSHBACK_TEST_SEED=$SEED bash scripts/test.sh)"
.venv/bin/python -m pytest -q --randomly-seed="$SEED" "$@"
