#!/usr/bin/env bash
# A screenshot of a web page or a local HTML file, as a browser shows it, with headless Chromium:
#   scripts/browser-shot.sh URL_OR_FILE OUT.png [WIDTHxHEIGHT]      (default 1280x900)
#   scripts/browser-shot.sh "$EDITOR_APP_TEST_WP_URL/" /tmp/home.png
# Installs Debian's `chromium` when it is missing (with sudo when you are not root). Each shot uses a fresh
# browser profile that is deleted afterwards; Chromium's own network chatter (sync, updates) is switched off.
set -euo pipefail

say() { printf 'browser-shot: %s\n' "$*" >&2; }
die() { printf 'browser-shot: %s\n' "$*" >&2; exit 1; }

if [[ $# -lt 2 || $# -gt 3 || "$1" == -h || "$1" == --help ]]; then
    sed -n '2,6p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
target=$1
out="$(realpath -m -- "$2")"
size=${3:-1280x900}
[[ "$size" =~ ^([0-9]+)x([0-9]+)$ ]] || die "the size must look like 1280x900, not '$size'."
width=${BASH_REMATCH[1]}
height=${BASH_REMATCH[2]}

if [[ -f "$target" ]]; then
    url="file://$(realpath -- "$target")"
elif [[ "$target" =~ ^(https?|file):// ]]; then
    url=$target
else
    die "'$target' is neither a file nor an http(s):// or file:// address."
fi

if [[ "$(dpkg-query -W -f='${Status}' chromium 2>/dev/null)" != "install ok installed" ]]; then
    sudo=()
    if [[ $(id -u) != 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "chromium is missing and you are neither root nor have sudo: ask an admin to run apt-get install chromium."
        sudo=(sudo)
    fi
    say "installing chromium (once; about a minute)"
    apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -qq)
    log="$(mktemp -t browser-shot-apt.XXXXXX)"
    if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
        tail -n 20 "$log" >&2
        die "could not install chromium; the full log is $log."
    fi
    rm -f "$log"
fi

profile="$(mktemp -d -t browser-shot-profile.XXXXXX)"
log="$profile.log"
trap 'rm -rf -- "$profile" "$log"' EXIT
mkdir -p "$(dirname "$out")"
rm -f -- "$out"
# --no-sandbox: Chromium's sandbox refuses to run as root; the page is one we chose to open.
if ! timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$profile" \
    --hide-scrollbars --screenshot="$out" --window-size="$width,$height" "$url" >"$log" 2>&1 || [[ ! -s "$out" ]]; then
    grep -v ':dbus/' "$log" | tail -n 20 >&2   # without a D-Bus, Chromium complains at length; it does not matter
    die "Chromium took no screenshot of $url (its last messages are above)."
fi
say "saved $out (${width}x${height}) of $url"
