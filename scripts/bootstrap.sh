#!/bin/sh
# Sets up everything on a fresh Debian machine with python3: Chromium, CJK fonts and faketime
# (apt, when missing), a virtual environment in .venv with the project and its test tools, and
# examples/profile.json, (re)written on every run with dates relative to today. Idempotent.
set -eu
cd "$(dirname "$0")/.."

need_apt=""
command -v chromium >/dev/null 2>&1 || need_apt="chromium"
fc-list 2>/dev/null | grep -qi "noto.*cjk" || need_apt="$need_apt fonts-noto-cjk"
# Chromium's Chinese interface texts (file inputs, date pickers), as an applicant's browser shows
[ -f /usr/lib/chromium/locales/zh-CN.pak ] || need_apt="$need_apt chromium-l10n"
# the tests move the clock of a mock portal with faketime (tests/portal/test_fixture_dates.py)
command -v faketime >/dev/null 2>&1 || need_apt="$need_apt faketime"
if [ -n "$need_apt" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing:$need_apt" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium chromium-l10n fonts-noto-cjk fontconfig faketime >&2
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip >&2
.venv/bin/python -m pip install -q -e ".[dev]" >&2
# the example's certificate was issued 41 days before today (Shanghai), so that the quick start
# and the scenarios work on any date; the six sample documents are tracked and left alone
.venv/bin/autofill init examples --force --profile-only >&2
