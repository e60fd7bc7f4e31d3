<?php
/**
 * Install the test WordPress and fill it with the posts tests/realwp.py describes (there is no wp-cli in Debian).
 *
 * Usage: REALWP_SITE=<site dir> php setup.php <spec.json>; prints {"posts": [{"key", "id", "link"}...]} as JSON.
 * The spec holds the site title, admin, users (login, display name), categories and posts (key, title, HTML
 * content, category, author login, local date); uploads (name => base64) are written to the media directory.
 */
$site = getenv('REALWP_SITE');
$spec = json_decode(file_get_contents($argv[1]), true);
define('ABSPATH', $site . '/');
define('WP_INSTALLING', true);
$_SERVER['HTTP_HOST'] = parse_url($spec['origin'], PHP_URL_HOST) . ':' . parse_url($spec['origin'], PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
require ABSPATH . 'wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';

$installed = wp_install($spec['title'], $spec['admin']['login'], $spec['admin']['email'], true, '',
                        $spec['admin']['password'], 'vi');
if (is_wp_error($installed)) {
    fwrite(STDERR, 'wp_install failed: ' . $installed->get_error_message() . "\n");
    exit(1);
}
update_option('timezone_string', 'Asia/Ho_Chi_Minh');
update_option('gmt_offset', '');
update_option('date_format', 'd/m/Y');
update_option('posts_per_page', $spec['per_page']);
update_option('blogdescription', $spec['tagline']);
global $wp_rewrite;
$wp_rewrite->set_permalink_structure('/%year%/%monthnum%/%day%/%postname%/');
// Taxonomies registered at init, before permalinks were on, got no rewrite rules: register them again.
create_initial_taxonomies();
$wp_rewrite->flush_rules(false);
wp_delete_post(1, true);  // "Hello world!"
wp_delete_post(2, true);  // "Sample Page"

$users = array();
foreach ($spec['users'] as $u) {
    $id = wp_insert_user(array(
        'user_login' => $u['login'], 'user_pass' => $spec['admin']['password'], 'user_email' => $u['login'] . '@example.invalid',
        'display_name' => $u['name'], 'nickname' => $u['name'], 'first_name' => $u['name'], 'role' => 'author',
    ));
    if (is_wp_error($id)) {
        fwrite(STDERR, 'wp_insert_user failed: ' . $id->get_error_message() . "\n");
        exit(1);
    }
    $users[$u['login']] = $id;
}
$categories = array();
foreach ($spec['categories'] as $c) {
    $term = wp_insert_term($c['name'], 'category', array('slug' => $c['slug']));
    if (is_wp_error($term)) {
        fwrite(STDERR, 'wp_insert_term failed: ' . $term->get_error_message() . "\n");
        exit(1);
    }
    $categories[$c['name']] = $term['term_id'];
}
$uploads = wp_upload_dir('2024/05');
foreach ($spec['uploads'] as $name => $b64) {
    file_put_contents($uploads['path'] . '/' . $name, base64_decode($b64));
}

$out = array();
foreach ($spec['posts'] as $p) {
    $id = wp_insert_post(array(
        'post_title' => $p['title'], 'post_content' => $p['content'], 'post_status' => 'publish',
        'post_author' => $users[$p['author']], 'post_date' => $p['date'], 'post_name' => $p['slug'],
        'post_type' => 'post',
    ), true);
    if (is_wp_error($id)) {
        fwrite(STDERR, 'wp_insert_post failed: ' . $id->get_error_message() . "\n");
        exit(1);
    }
    wp_set_post_categories($id, array($categories[$p['category']]));
    $out[] = array('key' => $p['key'], 'id' => $id, 'link' => get_permalink($id), 'date_gmt' => get_post($id)->post_date_gmt);
}
echo json_encode(array('posts' => $out, 'uploads' => $uploads['url'], 'theme' => get_stylesheet()));
