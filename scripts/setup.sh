#!/usr/bin/env bash
# Install everything Editorial Workstation needs on Debian 12 / Ubuntu, from a fresh clone with only python3:
# the system libraries Qt needs (only those missing), a virtual environment in .venv and the Python packages.
#
#   scripts/setup.sh          # to run the app
#   scripts/setup.sh --test   # also PostgreSQL, WordPress (PHP, MariaDB), Xvfb and the test/lint tools
#   scripts/setup.sh --bench  # also libvips and pyvips, the photo benchmark's baseline (combines with --test)
#
# Safe to run again: it installs nothing that is already there.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO/.venv"
STAMP="$VENV/.editor-app-setup"

WITH_TEST=0
WITH_BENCH=0
for arg in "$@"; do
    case "$arg" in
        --test) WITH_TEST=1 ;;
        --bench) WITH_BENCH=1 ;;
        -h|--help) sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "setup.sh: unknown option '$arg' (use --test, --bench or nothing)." >&2; exit 2 ;;
    esac
done

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

# --- system packages --------------------------------------------------------------------------------------
PACKAGES=(
    python3-venv
    # Qt (PySide6) runtime, offscreen and on a real or virtual X display
    libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libxkbcommon0 libdbus-1-3 libx11-6
    libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1
    libxkbcommon-x11-0 fonts-dejavu-core
)
if [[ $WITH_TEST == 1 ]]; then
    PACKAGES+=(
        postgresql xvfb xauth
        # a private WordPress for the integration tests (scripts/wp-up.sh); its services never start system-wide
        wordpress wordpress-theme-twentytwentythree php-cli php-mysql php-gd php-xml php-curl php-mbstring
        php-intl php-zip mariadb-server
    )
fi
if [[ $WITH_BENCH == 1 ]]; then
    PACKAGES+=(libvips42)  # the library behind pyvips, the imaging benchmark's baseline (never used by the app)
fi

is_installed() {
    # Ubuntu 24.04 renamed some libraries with a t64 suffix (libglib2.0-0t64); either name will do.
    local name
    for name in "$1" "${1}t64"; do
        if [[ "$(dpkg-query -W -f='${Status}' "$name" 2>/dev/null)" == "install ok installed" ]]; then
            return 0
        fi
    done
    return 1
}

install_system_packages() {
    if ! command -v dpkg-query >/dev/null 2>&1; then
        say "this is not a Debian/Ubuntu system; make sure these are installed: ${PACKAGES[*]}"
        return 0
    fi
    local missing=() pkg
    for pkg in "${PACKAGES[@]}"; do
        is_installed "$pkg" || missing+=("$pkg")
    done
    if [[ ${#missing[@]} == 0 ]]; then
        say "system packages: all present."
        return 0
    fi
    local sudo=()
    if [[ $(id -u) != 0 ]]; then
        if command -v sudo >/dev/null 2>&1; then
            sudo=(sudo)
        else
            die "these system packages are missing and you are neither root nor have sudo. Ask an admin to run:
    apt-get install ${missing[*]}
then run this script again."
        fi
    fi
    say "installing system packages: ${missing[*]}"
    local log apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600)
    log="$(mktemp -t editor-app-apt.XXXXXX)"
    if ! "${apt[@]}" update -qq >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "apt-get update failed (no network or a broken sources list?); the full log is $log."
    fi
    # The tests run their own private servers: apache2 (pulled in by wordpress), MariaDB and PostgreSQL must
    # not start system-wide (apache2 would listen on *:80). A policy-rc.d answering 101 tells the packages'
    # scripts "do not start"; containers often ship one already, otherwise it is there only during the install.
    local policy=/usr/sbin/policy-rc.d
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\n# scripts/setup.sh: no service starts while it installs packages\nexit 101\n' \
            | "${sudo[@]}" tee "$policy" >/dev/null
        "${sudo[@]}" chmod 0755 "$policy"
        # shellcheck disable=SC2064  # expand now: the array is local
        trap "${sudo[*]} rm -f $policy" EXIT
    fi
    if ! "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "apt-get install failed for: ${missing[*]}; the full log is $log."
    fi
    rm -f "$log"
}

# --- python -------------------------------------------------------------------------------------------------
check_python() {
    command -v python3 >/dev/null 2>&1 || die "python3 is not installed; install it first (apt-get install python3)."
    python3 -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' \
        || die "Python 3.11 or newer is needed; python3 is $(python3 -V 2>&1 | cut -d' ' -f2)."
}

make_venv() {
    if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
        return 0
    fi
    say "creating the virtual environment in $VENV"
    rm -rf "$VENV"
    python3 -m venv "$VENV" || die "could not create $VENV (is python3-venv installed?)."
}

install_python_packages() {
    local wanted=() extras spec
    if [[ $WITH_TEST == 1 ]]; then wanted+=(test postgresql); fi
    if [[ $WITH_BENCH == 1 ]]; then wanted+=(bench); fi
    extras="$(IFS=,; echo "${wanted[*]}")"
    spec="."
    if [[ -n $extras ]]; then spec=".[$extras]"; else extras="app"; fi
    # The stamp records what was installed for this exact pyproject.toml and interpreter, one line per set of
    # extras; when the lines together hold every wanted extra (a plain set-up wants none), nothing is to do.
    local key line have="," missing=0 extra
    key="$(sha256sum <"$REPO/pyproject.toml" | cut -d' ' -f1) $("$VENV/bin/python" -c 'import sys; print(sys.version.split()[0])')"
    if [[ -f "$STAMP" ]] && grep -qF "$key " "$STAMP"; then
        while IFS= read -r line; do
            [[ $line == "$key "* ]] && have+="${line#"$key "},"
        done <"$STAMP"
        for extra in "${wanted[@]}"; do
            [[ $have == *",$extra,"* ]] || missing=1
        done
        if [[ $missing == 0 ]]; then
            say "python packages: up to date ($extras)."
            return 0
        fi
    fi
    say "installing python packages ($extras); this takes a few minutes the first time"
    local log="$VENV/setup-pip.log"
    : >"$log"
    if ! "$VENV/bin/python" -m pip install --disable-pip-version-check --upgrade pip >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "could not upgrade pip in $VENV (no network?); the full log is $log."
    fi
    if ! (cd "$REPO" && "$VENV/bin/python" -m pip install --disable-pip-version-check -e "$spec") >>"$log" 2>&1; then
        tail -n 30 "$log" >&2
        die "pip install -e '$spec' failed (last lines above; the full log is $log)."
    fi
    { if [[ -f "$STAMP" ]]; then grep -F "$key " "$STAMP" || true; fi; echo "$key $extras"; } | sort -u >"$STAMP.new"
    mv "$STAMP.new" "$STAMP"
}

install_system_packages
check_python
make_venv
install_python_packages
say "ready: $VENV"
