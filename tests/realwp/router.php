<?php
/**
 * Router for PHP's built-in server: pretty permalinks and the REST API without Apache's rewrite rules.
 *
 * Static files under the site directory are served as they are; every other path goes to WordPress's
 * index.php, as Debian's /etc/wordpress/htaccess does with mod_rewrite. ABSPATH is set to the test's
 * site directory (symlinks into /usr/share/wordpress plus its own wp-config.php) so Debian's
 * wp-config.php, which reads /etc/wordpress/config-<host>.php, is never loaded.
 */
$site = getenv('REALWP_SITE');
$path = parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH);
if ($path !== '/' && substr($path, -4) !== '.php' && is_file($site . $path)) {
    return false;
}
// An access log of WordPress's answers (status, method, URI) for tests that count requests.
$access_log = getenv('REALWP_ACCESS_LOG');
if ($access_log) {
    register_shutdown_function(function () use ($access_log) {
        $line = http_response_code() . ' ' . $_SERVER['REQUEST_METHOD'] . ' ' . $_SERVER['REQUEST_URI'] . "\n";
        file_put_contents($access_log, $line, FILE_APPEND | LOCK_EX);
    });
}
define('ABSPATH', $site . '/');
$_SERVER['SCRIPT_NAME'] = '/index.php';
$_SERVER['PHP_SELF'] = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $site . '/index.php';
chdir($site);
require $site . '/index.php';
