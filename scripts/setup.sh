#!/usr/bin/env bash
# Sets up everything the app and the tests need, from the project's own files:
# a Python virtual environment with the package and its test extras, the contracts' npm packages,
# and (only when Qt cannot load, and only as root with apt) the system libraries Qt needs.
# Each step is skipped when its inputs have not changed since the last run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP_DIR=$VENV/.stamps
# The system libraries Qt's offscreen and X11 (xcb) platform plugins load.
QT_APT_PACKAGES="libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0 libxcb-render-util0 \
  libxcb-xinerama0 libxcb-image0"

log() { printf '[setup] %s\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    log "$PYTHON is missing or older than 3.11; install Python 3.11+ or run: PYTHON=python3.11 make setup"
    exit 1
  fi
  log "creating the virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
fi
mkdir -p "$STAMP_DIR"

py_inputs=$(cat pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$STAMP_DIR/python" 2>/dev/null)" != "$py_inputs" ]; then
  log "installing Python packages (pip install -e '.[test]')"
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -e '.[test]'
  echo "$py_inputs" > "$STAMP_DIR/python"
fi

# Qt needs a few system libraries (EGL, xkbcommon, fontconfig, D-Bus; xcb ones to open an X11 window).
# Install them only if Qt cannot load: offscreen (the tests) fails, or, with a display, the xcb plugin
# misses a library ("could not load the Qt platform plugin xcb").
qt_offscreen_fails() {
  ! QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -c "from PySide6.QtWidgets import QApplication; QApplication([])" >/dev/null 2>&1
}
qt_xcb_misses_libs() {
  [ -n "${DISPLAY:-}" ] || return 1
  local plugin
  plugin=$("$VENV/bin/python" -c "import pathlib, PySide6; print(pathlib.Path(PySide6.__file__).parent / 'Qt/plugins/platforms/libqxcb.so')")
  [ -f "$plugin" ] && command -v ldd >/dev/null && ldd "$plugin" 2>/dev/null | grep -q "not found"
}
if qt_offscreen_fails || qt_xcb_misses_libs; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    log "installing the system libraries Qt needs (apt-get)"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $QT_APT_PACKAGES >/dev/null
  else
    log "Qt cannot load: sudo apt-get install $(echo $QT_APT_PACKAGES) (see README, Troubleshooting)"
  fi
fi

if [ -f contracts/package-lock.json ]; then
  if ! command -v npm >/dev/null; then
    log "npm not found: install Node.js 20 (see README); the contracts and the local node need it"
    exit 1
  fi
  js_inputs=$(cat contracts/package.json contracts/package-lock.json | sha256sum | cut -d' ' -f1)
  if [ ! -d contracts/node_modules ] || [ "$(cat "$STAMP_DIR/npm" 2>/dev/null)" != "$js_inputs" ]; then
    log "installing the contracts' npm packages (npm ci)"
    (cd contracts && npm ci --no-audit --no-fund --loglevel=error)
    echo "$js_inputs" > "$STAMP_DIR/npm"
  fi
fi
log "ready"
