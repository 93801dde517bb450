<?php
/*
 * Plugin Name: Editorial Workstation test site: local tweaks
 * Description: Installed by scripts/wp-up.sh. No mail leaves the machine; outgoing HTTP calls are logged.
 */
// There is no MTA here: log mails instead of running /usr/sbin/sendmail.
add_filter('pre_wp_mail', function ($null, $atts) {
    error_log('[editor-app-test] mail suppressed: to=' . implode(',', (array) $atts['to']) . ' subject=' . $atts['subject']);
    return true;
}, 10, 2);
// Every outgoing HTTP request WordPress tries (external ones fail: WP_HTTP_BLOCK_EXTERNAL).
add_action('http_api_debug', function ($response, $context, $class, $args, $url) {
    error_log('[editor-app-test] http ' . ($args['method'] ?? 'GET') . ' ' . $url . ' -> '
        . (is_wp_error($response) ? 'error: ' . $response->get_error_message() : wp_remote_retrieve_response_code($response)));
}, 10, 5);
