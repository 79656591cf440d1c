#!/bin/sh
# The system packages `make test` needs beyond Python: bubblewrap (the grader's sandbox) and Chromium (the browser
# tests). Installs the missing ones with apt-get when it can (root, or sudo without a password); otherwise stops at
# once with the one command to run. `make lab` and `autograder check` need neither.
set -eu

os=$(uname -s)
if [ "$os" != Linux ]; then
  echo "error: make test needs Linux: the grader's sandbox is bubblewrap, which uses Linux namespaces." >&2
  echo "On $os, 'make lab' and '.venv/bin/autograder check' work; run the test suite in a Linux VM or container." >&2
  exit 1
fi

chromium=${CHROMIUM:-/usr/bin/chromium}
missing=""
command -v bwrap >/dev/null 2>&1 || missing="bubblewrap"
if ! command -v "$chromium" >/dev/null 2>&1; then
  distribution=$( (. "${OS_RELEASE:-/etc/os-release}" && echo "${ID:-}") 2>/dev/null || true)
  if [ "$distribution" = ubuntu ]; then
    # Ubuntu ships Chromium only as a snap, which containers cannot run; the browser tests skip with a message.
    echo "note: no Chromium at $chromium: the browser tests will be skipped (set CHROMIUM=/path/to/chromium)." >&2
  else
    missing="$missing chromium"
  fi
fi
missing=${missing# }
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: make test needs these system packages: $missing (bubblewrap's binary is 'bwrap')." >&2
  echo "Install them with your package manager (Fedora: sudo dnf install $missing), then run make test again." >&2
  exit 1
fi

install="apt-get install -y --no-install-recommends $missing"
if [ "$(id -u)" = 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo"
else
  echo "error: make test needs these system packages: $missing. Install them, then run make test again:" >&2
  echo "    sudo apt-get update && sudo $install" >&2
  exit 1
fi
echo "Installing the system packages make test needs: $missing"
$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive $install -qq >/dev/null
