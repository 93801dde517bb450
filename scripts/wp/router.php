<?php
// Router for PHP's built-in web server (scripts/wp-up.sh): does what WordPress's .htaccess does under
// Apache, so that pretty permalinks and /wp-json/ reach index.php while real files are served as they are.
$root = rtrim($_SERVER['DOCUMENT_ROOT'], '/');
$path = rawurldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) ?? '/');
$real = realpath($root . $path);
if ($real !== false && strpos($real, $root) === 0
    && (is_file($real) || (is_dir($real) && is_file($real . '/index.php')))) {
    return false;   // an existing file (static or .php) or a folder's index.php: php -S serves it
}
$_SERVER['SCRIPT_NAME'] = $_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $root . '/index.php';
chdir($root);
require $root . '/index.php';
