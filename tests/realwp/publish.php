<?php
/**
 * Publish posts on the installed test WordPress between two crawls, or delete them again (tests/realwp.py).
 *
 * Usage: REALWP_SITE=<site dir> php publish.php <spec.json>; the spec holds the origin and either posts (key,
 * title, HTML content, category name, author login, local date) or delete (post ids). Prints
 * {"posts": [{"key", "id", "link"}...]} as JSON. Posts go through wp_insert_post, as the editor saves them.
 */
$site = getenv('REALWP_SITE');
$spec = json_decode(file_get_contents($argv[1]), true);
define('ABSPATH', $site . '/');
$_SERVER['HTTP_HOST'] = parse_url($spec['origin'], PHP_URL_HOST) . ':' . parse_url($spec['origin'], PHP_URL_PORT);
$_SERVER['REQUEST_URI'] = '/';
require ABSPATH . 'wp-load.php';

$out = array();
foreach ($spec['delete'] ?? array() as $id) {
    wp_delete_post($id, true);
}
foreach ($spec['posts'] ?? array() as $p) {
    $author = get_user_by('login', $p['author']);
    $category = get_term_by('name', $p['category'], 'category');
    if (!$author || !$category) {
        fwrite(STDERR, "unknown author or category: {$p['author']}, {$p['category']}\n");
        exit(1);
    }
    $id = wp_insert_post(array(
        'post_title' => $p['title'], 'post_content' => $p['content'], 'post_status' => 'publish',
        'post_author' => $author->ID, 'post_date' => $p['date'], 'post_name' => $p['slug'], 'post_type' => 'post',
    ), true);
    if (is_wp_error($id)) {
        fwrite(STDERR, 'wp_insert_post failed: ' . $id->get_error_message() . "\n");
        exit(1);
    }
    wp_set_post_categories($id, array($category->term_id));
    $out[] = array('key' => $p['key'], 'id' => $id, 'link' => get_permalink($id));
}
echo json_encode(array('posts' => $out));
