<?php
// Run by scripts/wp-up.sh with php-cli (wp-cli is not packaged in Debian):
//   php setup-site.php install       installs WordPress once (admin user EDITOR_APP_WP_USER)
//   php setup-site.php credentials   pretty permalinks, the admin's password if one is asked for, and the
//                                    tests' Application Password, which it prints on stdout
// Configuration comes from WP_SETUP_* environment variables set by wp-up.sh.
$mode = $argv[1] ?? '';
$u = parse_url(getenv('WP_SETUP_URL'));
$_SERVER['HTTP_HOST'] = $u['host'] . ':' . $u['port'];
$_SERVER['SERVER_NAME'] = $u['host'];
$_SERVER['SERVER_PORT'] = $u['port'];
$_SERVER['REQUEST_URI'] = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';
if ($mode === 'install') {
    define('WP_INSTALLING', true);
}
require getenv('WP_SETUP_HTDOCS') . '/wp-load.php';

$login = getenv('WP_SETUP_USER');
$admin_password = (string) getenv('WP_SETUP_ADMIN_PASSWORD');   // empty: leave the password alone
const APP_PASSWORD_NAME = 'editor-app-tests';

function fail(string $msg): void {
    fwrite(STDERR, "wp: $msg\n");
    exit(1);
}

if ($mode === 'install') {
    require_once ABSPATH . 'wp-admin/includes/upgrade.php';
    if (is_blog_installed()) {
        exit(0);
    }
    // Nobody needs to sign in to wp-admin: without a chosen password the admin gets a random one.
    $password = $admin_password !== '' ? $admin_password : wp_generate_password(32, false);
    $r = wp_install('Editorial Workstation test site', $login, "$login@example.test", false, '', wp_slash($password));
    fwrite(STDERR, "wp: WordPress installed (admin user id {$r['user_id']})\n");
    exit(0);
}
if ($mode !== 'credentials') {
    fail("unknown mode '$mode' (install or credentials)");
}

if (get_option('permalink_structure') !== '/%postname%/') {
    global $wp_rewrite;
    $wp_rewrite->set_permalink_structure('/%postname%/');
    flush_rewrite_rules(false);   // no .htaccess: router.php does its job
}
$user = get_user_by('login', $login);
if (!$user) {
    fail("there is no user '$login' on the site");
}
if ($admin_password !== '' && !wp_check_password($admin_password, $user->user_pass)) {
    wp_set_password($admin_password, $user->ID);
    fwrite(STDERR, "wp: admin password set from EDITOR_APP_WP_ADMIN_PASSWORD\n");
}
if (!wp_is_application_passwords_available_for_user($user)) {
    fail('Application Passwords are not available (WP_ENVIRONMENT_TYPE must be local for plain http)');
}
// The tests' password is derived from this site's own secret keys: the same on every run without being
// written down anywhere, and a new one when the site is purged. Letters and digits only, so it exports as is.
$wanted = substr(hash_hmac('sha256', 'editor-app-test-application-password', AUTH_KEY . SECURE_AUTH_KEY), 0, 24);
$items = WP_Application_Passwords::get_user_application_passwords($user->ID);
foreach ($items as $item) {
    if ($item['name'] === APP_PASSWORD_NAME && wp_check_password($wanted, $item['password'])) {
        echo $wanted, "\n";
        exit(0);
    }
}
foreach ($items as $item) {   // names are unique (409 application_password_duplicate_name)
    if ($item['name'] === APP_PASSWORD_NAME) {
        WP_Application_Passwords::delete_application_password($user->ID, $item['uuid']);
    }
}
add_filter('random_password', fn() => $wanted, 999);
$r = WP_Application_Passwords::create_new_application_password($user->ID, ['name' => APP_PASSWORD_NAME]);
if (is_wp_error($r)) {
    fail($r->get_error_message());
}
fwrite(STDERR, "wp: Application Password '" . APP_PASSWORD_NAME . "' created\n");
echo $r[0], "\n";
