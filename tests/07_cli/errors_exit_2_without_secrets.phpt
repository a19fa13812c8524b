--TEST--
bin/mdsync: usage, configuration and connection errors exit 2 with one line on stderr that never shows the token; secrets never from argv; a config file with a secret must be chmod 600
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 1]);
$csv = mdsync_cli_moodle_csv([[2, 'student00001', 'student00001@example.edu']]);
$plan = ['plan', '--django-url', $peer['url'], '--moodle-csv', $csv];
$show = function (string $what, array $r) use ($peer) {
    [$rc, $out, $err] = $r;
    $leak = str_contains($out . $err, $peer['token']) || str_contains($out . $err, 'wrong-token-1234') ? ' TOKEN LEAKED' : '';
    echo "$what: exit $rc$leak: ", strtok($err === '' ? $out : $err, "\n"), "\n";
};
$show('no command', mdsync_cli([]));
$show('unknown command', mdsync_cli(['sync']));
$show('unknown option', mdsync_cli(array_merge($plan, ['--frobnicate'])));
$show('token on argv', mdsync_cli(array_merge($plan, ['--django-token', $peer['token']])));
$show('no token', mdsync_cli($plan));
$show('wrong token', mdsync_cli($plan, ['MDSYNC_DJANGO_TOKEN' => 'wrong-token-1234']));
$show('token with a newline', mdsync_cli($plan, ['MDSYNC_DJANGO_TOKEN' => "wrong-token-1234\n"]));
$show('unreachable', mdsync_cli(['plan', '--django-url', 'http://127.0.0.1:1', '--moodle-csv', $csv], ['MDSYNC_DJANGO_TOKEN' => 'x']));
$show('not loaded', mdsync_cli($plan, ['MDSYNC_DJANGO_TOKEN' => $peer['token']], false));

$ini = tempnam(sys_get_temp_dir(), 'mdsync-cli-ini-');
file_put_contents($ini, "django_url = \"{$peer['url']}\"\ndjango_token = \"{$peer['token']}\"\n");
chmod($ini, 0644);
$show('config 0644', mdsync_cli(['plan', '--config', $ini, '--moodle-csv', $csv]));
chmod($ini, 0600);
$show('config 0600', mdsync_cli(['plan', '--config', $ini, '--moodle-csv', $csv]));
unlink($ini);
?>
--EXPECTF--
no command: exit 2: Usage: mdsync COMMAND [OPTIONS]
unknown command: exit 2: mdsync: unknown command 'sync'
unknown option: exit 2: mdsync plan: unknown option '--frobnicate'
token on argv: exit 2: mdsync plan: unknown option '--django-token'
no token: exit 2: mdsync plan: no Django API token: set MDSYNC_DJANGO_TOKEN in the environment, or django_token in a --config file that only you can read (chmod 600)
wrong token: exit 2: mdsync plan: Django answered HTTP 401 to GET http://127.0.0.1:%d/api/user/%s
token with a newline: exit 2: mdsync plan: invalid configuration: MDSYNC_DJANGO_TOKEN must be printable ASCII without spaces
unreachable: exit 2: mdsync plan: could not reach Django: %s
not loaded: exit 2: mdsync plan: the mdsync PHP extension is not loaded.
config 0644: exit 2: mdsync plan: config file '%s' holds django_token but is readable or writable by group or others (mode 0644); run 'chmod 600 %s', or put the secret in the environment (MDSYNC_DJANGO_TOKEN) instead
config 0600: exit 0: mdsync plan: nothing has been changed
