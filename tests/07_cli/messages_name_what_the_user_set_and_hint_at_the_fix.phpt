--TEST--
bin/mdsync's messages name what the user set (MDSYNC_DJANGO_TOKEN, MDSYNC_MOODLE_TOKEN, --django-url, timeout_ms in the config file, --suspend-max-percent), never the extension's option keys; and hint at the fix: a trailing slash after a 301, a --django-url that already holds the users path, an http_proxy in the environment when a loopback URL fails (not when no_proxy covers it); credentials in a proxy URL are never shown
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 1]);
$moodle = mdsync_cli_moodle();
$csv = mdsync_cli_moodle_csv([[2, 'admin', 'admin@example.edu']]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token']];
$ini = tempnam(sys_get_temp_dir(), 'mdsync-ini-');
register_shutdown_function('unlink', $ini);
file_put_contents($ini, "timeout_ms = -5\n");
$cases = [
    'a token with a space' => [[], ['MDSYNC_DJANGO_TOKEN' => 'abc def']],
    'a Moodle token with a newline' => [['--moodle-url', $moodle['url']], $env + ['MDSYNC_MOODLE_TOKEN' => "abc\n"]],
    'an ftp URL' => [['--django-url', 'ftp://students.example.edu'], $env],
    'timeout_ms in the config file' => [['--config', $ini], $env],
    'no trailing slash' => [['--users-path', '/api/user'], $env],
    'the users path in --django-url' => [['--django-url', $peer['url'] . '/api/user/'], $env],
    'http_proxy in the environment' => [[], $env + ['http_proxy' => 'http://proxyuser:proxy-SECRET@127.0.0.1:1']],
    'http_proxy, with no_proxy for it' => [[], $env + ['http_proxy' => 'http://127.0.0.1:1', 'no_proxy' => 'localhost,127.0.0.1']],
];
foreach ($cases as $what => [$args, $e]) {
    $source = in_array('--moodle-url', $args, true) ? [] : ['--moodle-csv', $csv];
    $url = in_array('--django-url', $args, true) ? [] : ['--django-url', $peer['url']];
    $r = mdsync_cli(array_merge(['plan'], $source, $url, $args), $e);
    echo "== $what: exit {$r[0]}\n", str_replace($ini, 'INI', $r[2]), str_contains($r[1] . $r[2], 'proxy-SECRET') ? "PROXY PASSWORD SHOWN\n" : '';
}
?>
--EXPECTF--
== a token with a space: exit 2
mdsync plan: invalid configuration: MDSYNC_DJANGO_TOKEN must be printable ASCII without spaces
== a Moodle token with a newline: exit 2
mdsync plan: invalid configuration: MDSYNC_MOODLE_TOKEN must be printable ASCII without spaces
== an ftp URL: exit 2
mdsync plan: invalid configuration: --django-url must use http or https
== timeout_ms in the config file: exit 2
mdsync plan: invalid configuration: timeout_ms in INI must be between 1 and 86400000
== no trailing slash: exit 2
mdsync plan: Django answered HTTP 301 to GET http://127.0.0.1:%d/api/user?page_size=1000&limit=1000
hint: Django redirects (HTTP 301), most likely to add a trailing slash: give --users-path /api/user/ (mdsync never follows a redirect: credentials go only to the configured host)
== the users path in --django-url: exit 2
mdsync plan: Django answered HTTP 404 to GET http://127.0.0.1:%d/api/user/api/user/?page_size=1000&limit=1000: Not found.
hint: --django-url already ends with the users path /api/user/, and mdsync adds it again: give the site's base URL (http://127.0.0.1:%d)
== http_proxy in the environment: exit 2
mdsync plan: could not reach Django: GET http://127.0.0.1:%d/api/user/?page_size=1000&limit=1000: Failed to connect to 127.0.0.1 port 1 %s
hint: the environment sets http_proxy=http://127.0.0.1:1: libcurl sends requests for 127.0.0.1 through that proxy; add it to no_proxy (export no_proxy=127.0.0.1,localhost,::1) or unset http_proxy
== http_proxy, with no_proxy for it: exit 0
