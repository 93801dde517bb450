#!/usr/bin/env bash
# Start a private WordPress for the integration tests, built only from Debian packages (scripts/setup.sh
# --test installs them): MariaDB on a unix socket only (no TCP) and WordPress under PHP's built-in web server
# on 127.0.0.1 only, with everything in this checkout's .artifacts/wp and both servers running as you (so a
# clone in root's 0700 home works). Safe to run again: it reuses the servers, the site and its password.
#
# The three lines on stdout are meant for export (letters, digits and URL characters only, no quoting needed):
#   set -a; source <(scripts/wp-up.sh); set +a          (or: export $(scripts/wp-up.sh))
#   EDITOR_APP_TEST_WP_URL=http://127.0.0.1:PORT
#   EDITOR_APP_TEST_WP_USER=admin
#   EDITOR_APP_TEST_WP_APP_PASSWORD=<an Application Password: 24 letters and digits>
# Progress goes to stderr, logs to .artifacts/wp/logs. Stop it with scripts/wp-down.sh (--purge: delete it).
#
# The port is EDITOR_APP_WP_PORT when set, otherwise one derived from this checkout's path (20000-27999, or
# the next free one), so that several checkouts run their sites at once. EDITOR_APP_WP_ADMIN_PASSWORD sets
# the admin's wp-admin password (otherwise it is random: the tests use the Application Password).
# WP-Cron never runs on its own (DISABLE_WP_CRON): GET /wp-cron.php runs what is due, e.g. scheduled posts.
set -euo pipefail
# shellcheck source=scripts/wp-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/wp-common.sh"

PACKAGES=(wordpress wordpress-theme-twentytwentythree php-cli php-mysql php-gd php-xml php-curl php-mbstring
          php-intl php-zip mariadb-server)
WP_USER=admin
PHP_WORKERS=4          # php -S worker processes: WordPress calls itself, one process would hang
UPLOAD_MAX=128M        # upload_max_filesize and post_max_size (PHP's 2M/8M fail big photos with a 400)
T_START="$(date +%s%N)"

elapsed() { printf '%d.%ds' $(( ($(date +%s%N) - T_START) / 1000000000 )) $(( ($(date +%s%N) - T_START) / 100000000 % 10 )); }

# The HTTP status of a GET (curl is not on a minimal Debian; php is). Basic auth from $WP_CHECK_AUTH if set,
# passed in the environment so that the password never shows in a process list.
http_code() {
    php -r '$h = ["ignore_errors" => true, "timeout" => 5];
        if (getenv("WP_CHECK_AUTH")) $h["header"] = "Authorization: Basic " . base64_encode(getenv("WP_CHECK_AUTH"));
        @file_get_contents($argv[1], false, stream_context_create(["http" => $h]));
        echo isset($http_response_header[0]) ? explode(" ", $http_response_header[0])[1] : "000";' "$1"
}

port_busy() {  # does anything accept connections on 127.0.0.1:PORT?
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Run CMD... in its own session (so its own process group: wp-down.sh stops the whole group), its pid in PIDFILE.
start_bg() {  # start_bg PIDFILE CMD...
    local pidfile=$1 i
    shift
    rm -f "$pidfile"
    setsid bash -c 'echo $$ >"$0.tmp" && mv "$0.tmp" "$0" && exec "$@"' "$pidfile" "$@" </dev/null &
    for (( i = 0; i < 50; i++ )); do
        [[ -s "$pidfile" ]] && return 0
        sleep 0.1
    done
    die "could not start $1"
}

choose_port() {
    local wanted="${EDITOR_APP_WP_PORT:-}" port last base
    if wp_is_ours "$WP_RUN/php.pid"; then
        port="$(cat "$WP_DIR/port" 2>/dev/null || true)"
        [[ "$port" =~ ^[0-9]+$ ]] || die "the PHP server runs but $WP_DIR/port is missing; run scripts/wp-down.sh and try again."
        if [[ -n "$wanted" && "$wanted" != "$port" ]]; then
            die "WordPress already runs on port $port; stop it with scripts/wp-down.sh to move it to $wanted."
        fi
        echo "$port"
        return 0
    fi
    if [[ -n "$wanted" ]]; then
        [[ "$wanted" =~ ^[0-9]+$ ]] && (( wanted >= 1024 && wanted <= 65535 )) \
            || die "EDITOR_APP_WP_PORT must be a port number from 1024 to 65535, not '$wanted'."
        if port_busy "$wanted"; then
            die "something else already listens on 127.0.0.1:$wanted; choose another EDITOR_APP_WP_PORT."
        fi
        echo "$wanted"
        return 0
    fi
    base=$(( 20000 + 16#${WP_CHECKOUT_HASH:0:6} % 8000 ))
    last="$(cat "$WP_DIR/port" 2>/dev/null || true)"
    [[ "$last" =~ ^[0-9]+$ ]] || last=""
    for port in $last $(seq "$base" $(( base + 19 ))); do
        if ! port_busy "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "127.0.0.1 ports $base-$(( base + 19 )) are all taken; choose a free one with EDITOR_APP_WP_PORT."
}

# ------------------------------------------------------------------------------------------- packages, folders
missing=()
for pkg in "${PACKAGES[@]}"; do
    [[ "$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null)" == "install ok installed" ]] || missing+=("$pkg")
done
(( ${#missing[@]} == 0 )) || die "missing Debian packages: ${missing[*]}. Install them with: scripts/setup.sh --test"

umask 077   # the site's files hold its secret keys: private to you
if [[ ! -d "$REPO/.artifacts" ]]; then mkdir -m 0755 "$REPO/.artifacts"; fi
mkdir -p "$WP_DIR" "$WP_HTDOCS" "$WP_DB" "$WP_RUN" "$WP_LOG"
chmod 0700 "$WP_DIR"
if [[ "$WP_SOCKDIR" != "$WP_RUN" ]]; then
    mkdir -p -m 0700 "$WP_SOCKDIR"
    [[ -d "$WP_SOCKDIR" && ! -L "$WP_SOCKDIR" && -O "$WP_SOCKDIR" ]] \
        || die "$WP_SOCKDIR is not a folder of yours; remove it and run this again."
    chmod 0700 "$WP_SOCKDIR"
fi
PORT="$(choose_port)"
URL="http://127.0.0.1:$PORT"

# ------------------------------------------------------------------------------------------- WordPress files
# A private copy of Debian's /usr/share/wordpress with a plain wp-config.php (Debian's is a loader that picks
# a config by host name). -L: the package links to shared PHP libraries with relative symlinks.
wp_version="$(dpkg-query -W -f='${Version}' wordpress)"
if [[ "$(cat "$WP_HTDOCS/.editor-app-source" 2>/dev/null)" != "$wp_version" ]]; then
    cp -rL /usr/share/wordpress/. "$WP_HTDOCS/"
    rm -f "$WP_HTDOCS/wp-config.php" "$WP_HTDOCS/.htaccess"
    echo "$wp_version" >"$WP_HTDOCS/.editor-app-source"
    note "WordPress $wp_version copied to $WP_HTDOCS ($(elapsed))"
fi
mkdir -p "$WP_HTDOCS/wp-content/uploads" "$WP_HTDOCS/wp-content/mu-plugins"
cp "$REPO"/scripts/wp/mu-plugins/*.php "$WP_HTDOCS/wp-content/mu-plugins/"

if [[ ! -s "$WP_DIR/salts.php" ]]; then
    php -r 'echo "<?php\n"; foreach (["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT",
        "SECURE_AUTH_SALT", "LOGGED_IN_SALT", "NONCE_SALT"] as $k)
        printf("define(%s, %s);\n", var_export($k, true), var_export(bin2hex(random_bytes(32)), true));' \
        >"$WP_DIR/salts.php.tmp"
    mv "$WP_DIR/salts.php.tmp" "$WP_DIR/salts.php"
fi

cat >"$WP_HTDOCS/wp-config.php" <<CONFIG
<?php
// Written by scripts/wp-up.sh on every start: a throwaway site for the tests, on 127.0.0.1 only.
define('DB_NAME', 'wordpress');
define('DB_USER', 'wordpress');
define('DB_PASSWORD', 'wordpress');       // MariaDB listens on a private unix socket only
define('DB_HOST', 'localhost:$WP_SOCK');
define('DB_CHARSET', 'utf8mb4');
define('DB_COLLATE', '');
\$table_prefix = 'wp_';
require '$WP_DIR/salts.php';
define('WP_HOME', '$URL');
define('WP_SITEURL', '$URL');
define('WP_ENVIRONMENT_TYPE', 'local');   // Application Passwords over plain http
define('WP_DEBUG', false);
define('DISABLE_WP_CRON', true);          // tests run due jobs with GET /wp-cron.php
define('WP_HTTP_BLOCK_EXTERNAL', true);   // WordPress may call itself only
define('AUTOMATIC_UPDATER_DISABLED', true);
define('WP_AUTO_UPDATE_CORE', false);
define('FS_METHOD', 'direct');
if (!defined('ABSPATH')) define('ABSPATH', __DIR__ . '/');
require_once ABSPATH . 'wp-settings.php';
CONFIG

# ------------------------------------------------------------------------------------------- MariaDB, socket only
as_me=()
if [[ $(id -u) == 0 ]]; then as_me=(--user=root); fi   # mariadbd refuses root unless told so
if [[ ! -d "$WP_DB/mysql" ]]; then
    mariadb-install-db --no-defaults --datadir="$WP_DB" "${as_me[@]}" --auth-root-authentication-method=normal \
        --skip-test-db >"$WP_LOG/mariadb-install-db.log" 2>&1 \
        || { tail -n 20 "$WP_LOG/mariadb-install-db.log" >&2; die "mariadb-install-db failed (log above)."; }
    note "MariaDB data folder created ($(elapsed))"
fi
mysql_ready() { mariadb-admin --no-defaults --socket="$WP_SOCK" -uroot ping >/dev/null 2>&1; }
if ! wp_is_ours "$WP_RUN/mysqld.pid"; then
    rm -f "$WP_SOCK"
    start_bg "$WP_RUN/mysqld.pid" \
        mariadbd --no-defaults --datadir="$WP_DB" "${as_me[@]}" --skip-networking --socket="$WP_SOCK" \
            --log-error="$WP_LOG/mysqld.err" --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
            --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 >/dev/null 2>&1
    for (( i = 0; i < 300; i++ )); do
        mysql_ready && break
        wp_is_ours "$WP_RUN/mysqld.pid" || { tail -n 20 "$WP_LOG/mysqld.err" >&2; die "MariaDB stopped (log above)."; }
        sleep 0.1
    done
    mysql_ready || die "MariaDB does not answer after 30 s (see $WP_LOG/mysqld.err)."
    note "MariaDB started on $WP_SOCK ($(elapsed))"
fi
mariadb --no-defaults --socket="$WP_SOCK" -uroot -e "
    CREATE DATABASE IF NOT EXISTS wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
    CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY 'wordpress';
    GRANT ALL PRIVILEGES ON wordpress.* TO 'wordpress'@'localhost';"

# ------------------------------------------------------------------------------------------- site, password
export WP_SETUP_URL="$URL" WP_SETUP_HTDOCS="$WP_HTDOCS" WP_SETUP_USER="$WP_USER"
export WP_SETUP_ADMIN_PASSWORD="${EDITOR_APP_WP_ADMIN_PASSWORD:-}"
php_cli=(php -d display_errors=stderr -d log_errors=1 -d error_log="$WP_LOG/php-cli.log")
"${php_cli[@]}" "$REPO/scripts/wp/setup-site.php" install || die "installing WordPress failed (see $WP_LOG/php-cli.log)."
app_password="$("${php_cli[@]}" "$REPO/scripts/wp/setup-site.php" credentials)" \
    || die "setting up the Application Password failed (see $WP_LOG/php-cli.log)."
[[ "$app_password" =~ ^[A-Za-z0-9]{16,}$ ]] || die "WordPress gave no usable Application Password."
unset WP_SETUP_ADMIN_PASSWORD

# ------------------------------------------------------------------------------------------- web server
if ! wp_is_ours "$WP_RUN/php.pid"; then
    echo "$PORT" >"$WP_DIR/port"
    start_bg "$WP_RUN/php.pid" env PHP_CLI_SERVER_WORKERS="$PHP_WORKERS" \
        php -d upload_max_filesize="$UPLOAD_MAX" -d post_max_size="$UPLOAD_MAX" -d memory_limit=512M \
            -d max_execution_time=300 -d display_errors=0 -d log_errors=1 -d error_log="$WP_LOG/php-error.log" \
            -S "127.0.0.1:$PORT" -t "$WP_HTDOCS" "$REPO/scripts/wp/router.php" >>"$WP_LOG/php-server.log" 2>&1
    for (( i = 0; i < 300; i++ )); do
        [[ "$(http_code "$URL/wp-json/")" == 200 ]] && break
        wp_is_ours "$WP_RUN/php.pid" || { tail -n 20 "$WP_LOG/php-server.log" >&2; die "the PHP server stopped (log above)."; }
        sleep 0.1
    done
    note "PHP web server started on $URL ($(elapsed))"
fi
[[ "$(http_code "$URL/wp-json/")" == 200 ]] || die "WordPress does not answer on $URL/wp-json/ (see $WP_LOG)."
code="$(WP_CHECK_AUTH="$WP_USER:$app_password" http_code "$URL/wp-json/wp/v2/users/me?context=edit")"
[[ "$code" == 200 ]] || die "WordPress refused the Application Password (HTTP $code; see $WP_LOG)."

note "WordPress is up at $URL ($(elapsed)); logs in $WP_LOG"
echo "EDITOR_APP_TEST_WP_URL=$URL"
echo "EDITOR_APP_TEST_WP_USER=$WP_USER"
echo "EDITOR_APP_TEST_WP_APP_PASSWORD=$app_password"
