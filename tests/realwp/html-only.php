<?php
/**
 * Plugin Name: portalwatch HTML-only mode
 * Description: The REST API answers 401 and feeds 404, as on portals that lock them down with a security plugin.
 */
add_filter('rest_authentication_errors', function ($result) {
    return new WP_Error('rest_cannot_access', 'REST API đã bị tắt.', array('status' => 401));
});
$portalwatch_no_feed = function () {
    global $wp_query;
    $wp_query->set_404();
    status_header(404);
    nocache_headers();
    echo 'Không có nguồn cấp dữ liệu.';
    exit;
};
foreach (array('do_feed', 'do_feed_rdf', 'do_feed_rss', 'do_feed_rss2', 'do_feed_atom',
               'do_feed_rss2_comments', 'do_feed_atom_comments') as $portalwatch_feed) {
    add_action($portalwatch_feed, $portalwatch_no_feed, 1);
}
