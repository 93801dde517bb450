<?php
/*
 * Plugin Name: Editorial Workstation test site: city taxonomy
 * Description: Installed by scripts/wp-up.sh. A `city` taxonomy shown in REST (/wp/v2/city and a `city`
 * field on posts), as a newspaper's site may have; the app uses it when the site exposes one.
 */
add_action('init', function () {
    register_taxonomy('city', ['post'], [
        'label'        => 'Cities',
        'public'       => true,
        'hierarchical' => false,
        'show_in_rest' => true,
        'rest_base'    => 'city',
    ]);
});
