--TEST--
Secrets sentinel: every public function, on success and on failure, against peers that echo the Authorization header, the form body and the signature; the sentinels show in no exception message or trace, result, warning, output, phpinfo, nor anything bin/mdsync prints
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
require __DIR__ . '/../07_cli/cli.inc';
const DJANGO = 'SENTINEL-dj-7f3e9a1c';
const MOODLE = 'SENTINEL-mo-4b2c1d0e';
const SIGNING = 'SENTINEL-sg-8e5f0b2a';
putenv('MDSYNC_DJANGO_TOKEN');
putenv('MDSYNC_MOODLE_TOKEN');
putenv('MDSYNC_SIGNING_SECRET');

$seen = [];       // everything mdsync gave back, as text
$warnings = 0;
set_error_handler(function ($no, $str) use (&$seen, &$warnings) { $warnings++; $seen[] = $str; return true; });
ob_start(function ($out) use (&$seen) { $seen[] = $out; return ''; }, 1);
$calls = $throws = 0;
$try = function (string $what, callable $f) use (&$seen, &$calls, &$throws) {
    $calls++;
    try {
        $seen[] = var_export($f(), true);
    } catch (Throwable $e) {
        $throws++;
        for ($x = $e; $x; $x = $x->getPrevious()) {
            $seen[] = get_class($x) . ' ' . $x->getMessage() . "\n" . $x->getTraceAsString() . "\n" . $x;
            foreach (['getUrl', 'getErrorCode', 'getStatusCode'] as $m) {
                if (method_exists($x, $m)) {
                    $seen[] = (string) $x->$m();
                }
            }
        }
    }
};

$u = fn($id) => ['id' => $id, 'username' => "u$id", 'email' => "u$id@example.edu", 'first_name' => 'F', 'last_name' => 'L', 'is_active' => true];
$page = json_encode(['count' => 2, 'next' => null, 'previous' => null, 'results' => [$u(1), $u(2)]]);
$echo_all = '{"detail": "you sent {ECHO:auth} / {ECHO:auth:ctl}", "auth": "{ECHO:auth}", "body": "{ECHO:body}", "sig": "{ECHO:sig}", "{ECHO:auth}": ["{ECHO:body}"]}';
$moodle_echo = '{"exception": "moodle_exception", "errorcode": "{ECHO:body}", "message": "invalid token {ECHO:body}", "debuginfo": "{ECHO:body}"}';
$closed = 'http://127.0.0.1:' . mdsync_fault_closed_port();

$ok = mdsync_fault_server([['match' => 'POST', 'status' => 201, 'body' => '{"id": 9, "echo": "{ECHO:auth}"}'], ['body' => $page]]);
$bad = mdsync_fault_server([['status' => 401, 'body' => $echo_all]]);
$d = fn($srv, $more = []) => $more + ['django_url' => is_string($srv) ? $srv : $srv['url'], 'django_token' => DJANGO, 'signing_secret' => SIGNING,
    'moodle_token' => MOODLE, 'max_retries' => 1, 'timeout_ms' => 2000];
$moodle_users = [['id' => 5, 'username' => 'u1', 'email' => 'u1@example.edu'], ['id' => 6, 'username' => 'm6', 'email' => 'm6@example.edu']];
$grades = ['g' => ['userid' => 5, 'courseid' => 1, 'itemid' => 2, 'timemodified' => 3, 'finalgrade' => 1.5]];

foreach ([$ok, $bad, $closed] as $srv) {
    $try('users', fn() => mdsync_django_users($d($srv)));
    $try('status', fn() => mdsync_django_status($d($srv)));
    $try('sync', fn() => mdsync_sync_users($moodle_users, $d($srv)));
    $try('create', fn() => mdsync_create_django_users($moodle_users, $d($srv)));
    $try('grades', fn() => mdsync_push_grades($grades, $d($srv)));
    $try('grade', fn() => mdsync_push_grade($grades['g'], $d($srv)));
}
// A retry (503) and a rejection whose answer is not JSON.
$retry = mdsync_fault_server([['status' => 503, 'headers' => ['Content-Type' => 'text/plain'], 'body' => 'busy {ECHO:auth} {ECHO:sig}']]);
$try('grades 503', fn() => mdsync_push_grades($grades, $d($retry)));
$text = mdsync_fault_server([['status' => 418, 'headers' => ['Content-Type' => 'text/plain'], 'body' => "no: {ECHO:auth}\n{ECHO:body}"]]);
$try('grades text', fn() => mdsync_push_grades($grades, $d($text)));
$try('create text', fn() => mdsync_create_django_users($moodle_users, $d($text)));

// Moodle: an answer echoing the form body, Moodle's exception echoing it, an HTTP error, no server.
$mo = fn($srv) => ['moodle_url' => is_string($srv) ? $srv : $srv['url'], 'moodle_token' => MOODLE, 'django_token' => DJANGO, 'max_retries' => 1];
foreach ([mdsync_fault_server([['body' => '{"sitename": "{ECHO:body}", "{ECHO:body}": {"k": "{ECHO:body}"}}']]),
          mdsync_fault_server([['body' => $moodle_echo]]),
          mdsync_fault_server([['status' => 500, 'body' => '{"detail": "{ECHO:body}"}']]), $closed] as $srv) {
    $try('moodle', fn() => mdsync_moodle_call('core_user_get_users', ['criteria' => [['key' => 'email', 'value' => '%']]], $mo($srv)));
}

// The signer, and bad arguments: values are never echoed, secrets never in a trace.
$try('sign', fn() => mdsync_sign('{"a":1}', SIGNING));
$try('verify', fn() => mdsync_verify('{"a":1}', mdsync_sign('{"a":1}', SIGNING), SIGNING));
$try('sign bad', fn() => mdsync_sign('{"a":1}', SIGNING, 'not a time'));
$try('verify bad', fn() => mdsync_verify('{"a":1}', 't=1,v1=' . str_repeat('0', 64), SIGNING, 'x'));
$try('bad token', fn() => mdsync_django_users($d($ok, ['django_token' => DJANGO . "\r\nX: 1"])));
$try('bad option', fn() => mdsync_django_users($d($ok, ['page_size' => DJANGO])));
$try('bad moodle', fn() => mdsync_moodle_call('core_x', [], $mo($ok) + ['moodle_token' => MOODLE . ' x']));
$try('bad grades', fn() => mdsync_push_grades($grades, $d($ok, ['grades_method' => SIGNING])));

// The same through the environment (as cron and the CLI pass them).
putenv('MDSYNC_DJANGO_TOKEN=' . DJANGO);
putenv('MDSYNC_MOODLE_TOKEN=' . MOODLE);
putenv('MDSYNC_SIGNING_SECRET=' . SIGNING);
$try('env users', fn() => mdsync_django_users(['django_url' => $bad['url'], 'max_retries' => 0]));
$try('env grades', fn() => mdsync_push_grades($grades, ['django_url' => $bad['url'], 'max_retries' => 0]));
$try('env moodle', fn() => mdsync_moodle_call('core_x', [], ['moodle_url' => $bad['url'], 'max_retries' => 0]));

// phpinfo: mdsync's section and every INI value (the environment sections are PHP's own listing of
// the process environment, where a secret put there is by definition).
phpinfo(INFO_GENERAL | INFO_CONFIGURATION | INFO_MODULES);

// bin/mdsync, as a user runs it: tokens in the environment, peers that echo them.
$env = ['MDSYNC_DJANGO_TOKEN' => DJANGO, 'MDSYNC_MOODLE_TOKEN' => MOODLE, 'MDSYNC_SIGNING_SECRET' => SIGNING];
$moodle_site = mdsync_fault_server([['body' => $moodle_echo]]);
$csv = mdsync_cli_moodle_csv([[5, 'u1', 'u1@example.edu'], [6, 'm6', 'm6@example.edu']]);
$runs = [
    ['status', '--django-url', $bad['url'], '--moodle-url', $moodle_site['url']],
    ['status', '--django-url', $ok['url']],
    ['plan', '--django-url', $ok['url'], '--moodle-csv', $csv],
    ['plan', '--django-url', $bad['url'], '--moodle-csv', $csv],
    ['plan', '--django-url', $ok['url'], '--moodle-url', $moodle_site['url']],
    ['plan', '--django-url', $ok['url'], '--moodle-csv', $csv, '--json'],
    ['apply', '--django-url', $bad['url'], '--moodle-csv', $csv, '--yes', '--only', 'to-django'],
    ['apply', '--django-url', $text['url'], '--moodle-csv', $csv, '--yes', '--only', 'to-django', '--json'],
    ['apply', '--django-url', $ok['url'], '--moodle-url', $moodle_site['url'], '--yes'],
];
$cli_exit = [];
foreach ($runs as $args) {
    [$rc, $out, $err] = mdsync_cli($args, $env);
    $seen[] = "$out\n$err";
    $cli_exit[] = $rc;
}
ob_end_clean();
restore_error_handler();

$all = implode("\n", $seen);
$found = [];
foreach ([DJANGO, MOODLE, SIGNING] as $s) {
    foreach ([$s, rawurlencode($s), substr($s, 0, 14), substr($s, -10)] as $form) {
        if (str_contains($all, $form) || str_contains(preg_replace('/[\x00-\x1f\x7f]/', '', $all), $form)) {
            $found[] = $form;
        }
    }
}
echo "$calls calls, $throws threw, $warnings warnings, ", count($runs), " CLI runs (exit codes ", implode(',', array_unique($cli_exit)), ")\n";
echo "the echoing peers were asked: ", count(mdsync_fault_requests($bad)) > 10 ? 'yes' : 'no', "\n";
echo "redactions seen: ", substr_count($all, '[redacted]') > 20 ? 'many' : substr_count($all, '[redacted]'), "\n";
echo "sentinel found: ", $found ? implode(', ', $found) : 'nowhere', "\n";
?>
--EXPECTF--
%d calls, %d threw, 0 warnings, 9 CLI runs (exit codes %s)
the echoing peers were asked: yes
redactions seen: many
sentinel found: nowhere
