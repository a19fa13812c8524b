<?php
/*
 * Manual smoke test of tests/server.inc and the reference Django peer.
 *   php -n tests/peer_selftest.php        (exit 0 = all good)
 * Not a phpt: it prints timings and one line per check.
 */
require __DIR__ . '/server.inc';

$failures = 0;
function check(bool $ok, string $what, string $detail = ''): void
{
    global $failures;
    echo ($ok ? 'ok   ' : 'FAIL '), $what, ($ok || $detail === '' ? '' : " -- $detail"), "\n";
    if (!$ok) {
        $failures++;
    }
}
function get(array $peer, string $path, string $scheme = 'Token'): array
{
    [$status, $body] = mdsync_test_peer_http('GET', $peer['url'] . $path, null,
        $scheme === '' ? [] : ["Authorization: $scheme {$peer['token']}"]);
    return [$status, json_decode($body, true), $body];
}
function gunicorns(): array
{
    // Gunicorn processes of peers started by this script (others may be running tests).
    $mine = [];
    $marker = "\0MDSYNC_PEER_PARENT_PID=" . getmypid() . "\0";
    foreach (glob('/proc/[0-9]*/cmdline') as $f) {
        $cmd = @file_get_contents($f);
        $env = "\0" . @file_get_contents(dirname($f) . '/environ');
        if ($cmd && str_contains($cmd, 'gunicorn') && str_contains($env, $marker)) {
            $mine[] = (int) basename(dirname($f));
        }
    }
    return $mine;
}

$before = gunicorns();

// --- timings ---------------------------------------------------------------
// Time a cold template build in a private cache dir: other tests running on
// this machine may be using the shared template right now.
$tplDir = sys_get_temp_dir() . '/mdsync-selftest-tpl-' . getmypid();
mkdir($tplDir, 0700);
putenv("MDSYNC_PEER_TEMPLATE_DIR=$tplDir");
register_shutdown_function(function () use ($tplDir) {
    array_map('unlink', glob("$tplDir/*"));
    rmdir($tplDir);
});
$t = microtime(true);
mdsync_test_peer_template();
printf("template build (cold): %.2f s\n", microtime(true) - $t);

$t = microtime(true);
$empty = mdsync_test_peer();
printf("peer start (warm, no users): %.2f s\n", microtime(true) - $t);

$t = microtime(true);
mdsync_test_peer_manage($empty, 'seed_users', '--count', '10000', '--prefix', 'bulk');
printf("seed_users --count 10000 (incl. python start): %.2f s\n", microtime(true) - $t);
[$s, $d] = get($empty, '/api/user/?page_size=1');
check($s === 200 && $d['count'] === 10000, 'seeded 10000 users visible', "$s " . ($d['count'] ?? '?'));

// --- a peer with 250 seeded + loaded users ---------------------------------
$load = [
    ['username' => 'dup1', 'email' => 'Same@Example.edu', 'first_name' => 'A', 'edeboid' => 'E1'],
    ['username' => 'dup2', 'email' => 'same@example.edu', 'first_name' => 'B', 'iasid' => 'I2'],
    ['email' => 'noname@example.edu', 'is_active' => false],
    ['id' => 5000, 'username' => 'fixedid', 'email' => ''],
];
$t = microtime(true);
$peer = mdsync_test_peer(['users' => 250, 'load' => $load]);
printf("peer start (warm, 250 users + load): %.2f s\n", microtime(true) - $t);
check(!str_contains(print_r($peer, true), 'proc'), 'peer array is plain');

[$s, $d] = get($peer, '/api/user/');
check($s === 200 && $d['count'] === 254 && count($d['results']) === 100, '/api/user/ page 1', "$s");
check(array_keys($d['results'][0]) === ['id', 'username', 'email', 'first_name', 'last_name',
    'is_active', 'edeboid', 'iasid'], 'user fields', implode(',', array_keys($d['results'][0])));
check($d['results'][0]['username'] === 'student00001' && $d['results'][0]['edeboid'] === 'EDEBO00001',
    'first user seeded');
[$s, $d] = get($peer, '/api/user/?page=3');
check($s === 200 && count($d['results']) === 54 && $d['next'] === null, '/api/user/ page 3');
$last = end($d['results']);
check($last['id'] === 5000 && $last['email'] === '', 'load: explicit id, empty email');
$dups = array_values(array_filter($d['results'], fn($u) => strcasecmp($u['email'], 'same@example.edu') === 0));
check(count($dups) === 2 && $dups[0]['edeboid'] === 'E1' && $dups[1]['iasid'] === 'I2', 'load: duplicate emails kept');
$noname = array_values(array_filter($d['results'], fn($u) => $u['email'] === 'noname@example.edu'));
check($noname && $noname[0]['username'] === 'noname' && $noname[0]['is_active'] === false, 'load: username generated');
[$s, $d] = get($peer, '/api/user/?page_size=5000');
check($s === 200 && count($d['results']) === 254, 'page_size capped at 1000 (254 here)');

[$s, $d] = get($peer, '/api/user-limit/?limit=100&offset=200');
check($s === 200 && $d['count'] === 254 && count($d['results']) === 54, '/api/user-limit/ page 3');
[$s, $d] = get($peer, '/api/user-limit/');
check($s === 200 && count($d['results']) === 100, '/api/user-limit/ default limit 100');

[$s, $d] = get($peer, '/api/user-cursor/');
check($s === 200 && !isset($d['count']) && count($d['results']) === 100 && $d['next'], '/api/user-cursor/ page 1');
$next = parse_url($d['next']);
[$s, $d] = get($peer, $next['path'] . '?' . $next['query']);
$next = parse_url($d['next']);
[$s, $d] = get($peer, $next['path'] . '?' . $next['query']);
check($s === 200 && count($d['results']) === 54 && $d['next'] === null, '/api/user-cursor/ page 3');

[$s, $d] = get($peer, '/api/people/?page=1');
check($s === 200 && $d['count'] === 254 && array_keys($d['results'][0]) ===
    ['user_id', 'login', 'mail', 'name_first', 'name_last', 'active', 'profile'], '/api/people/ page 1');
check($d['results'][0]['profile'] === ['edebo_id' => 'EDEBO00001', 'ias_id' => 'IAS00001'], 'people profile');
[$s, $d] = get($peer, '/api/people/?page=3');
check($s === 200 && count($d['results']) === 54, '/api/people/ page 3');

// --- auth --------------------------------------------------------------------
[$s] = get($peer, '/api/user/', '');
check($s === 401, 'no auth -> 401', "$s");
[$s] = get($peer, '/api/user/', 'Bearer');
check($s === 200, 'Bearer auth -> 200', "$s");
[$s, $d] = mdsync_test_peer_http('GET', $peer['url'] . '/api/user/', null, ['Authorization: Token nope']);
check($s === 401, 'bad token -> 401', "$s");

// --- faults and request counts ----------------------------------------------
mdsync_test_peer_http('DELETE', $peer['url'] . '/_test/requests');
mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'method' => 'GET', 'status' => 503,
    'times' => 1, 'retry_after' => '1']);
$ctx = stream_context_create(['http' => ['ignore_errors' => true,
    'header' => "Authorization: Token {$peer['token']}"]]);
file_get_contents($peer['url'] . '/api/user/', false, $ctx);
check(str_contains($http_response_header[0], '503') && in_array('Retry-After: 1', $http_response_header),
    'fault: 503 with Retry-After', $http_response_header[0]);
[$s] = get($peer, '/api/user/');
check($s === 200, 'fault used up: then 200', "$s");
check(mdsync_test_peer_requests($peer, '/api/user/') === 2, 'request count 2',
    (string) mdsync_test_peer_requests($peer, '/api/user/'));
check(mdsync_test_peer_requests($peer, '/api/nothing/') === 0, 'request count 0 for unseen path');
mdsync_test_peer_fault($peer, ['path' => '/api/people/', 'status' => 0, 'delay_ms' => 300]);
$t = microtime(true);
[$s] = get($peer, '/api/people/');
$ms = (microtime(true) - $t) * 1000;
check($s === 200 && $ms >= 300, 'delay-only fault', sprintf('%d %.0f ms', $s, $ms));
mdsync_test_peer_fault($peer, ['path' => '/api/user-limit/', 'status' => 200, 'body' => 'not json',
    'content_type' => 'text/plain', 'times' => 2]);
[$s, , $raw] = get($peer, '/api/user-limit/');
check($s === 200 && $raw === 'not json', 'body fault');
mdsync_test_peer_http('DELETE', $peer['url'] . '/_test/faults');
[$s] = get($peer, '/api/user-limit/');
check($s === 200, 'faults cleared');

// --- POST create -------------------------------------------------------------
$auth = ["Authorization: Token {$peer['token']}"];
$new = ['username' => 'newbie', 'email' => 'New.Bie@Example.edu', 'first_name' => 'New',
    'last_name' => 'Bie', 'edeboid' => 'EN1', 'iasid' => null, 'is_active' => true];
[$s, $body] = mdsync_test_peer_http('POST', $peer['url'] . '/api/user/', json_encode($new), $auth);
$d = json_decode($body, true);
check($s === 201 && $d['username'] === 'newbie' && $d['edeboid'] === 'EN1' && !isset($d['password']),
    'POST -> 201', "$s $body");
$pw = trim(mdsync_test_peer_manage($peer, 'shell', '-c',
    'from django.contrib.auth.models import User; print(User.objects.get(username="newbie").has_usable_password())'));
check($pw === 'False', 'created user has no usable password', $pw);
$new['username'] = 'newbie2';
$new['email'] = 'new.bie@example.EDU';
[$s, $body] = mdsync_test_peer_http('POST', $peer['url'] . '/api/user/', json_encode($new), $auth);
$d = json_decode($body, true);
check($s === 400 && isset($d['email']), 'POST duplicate email (other case) -> 400', "$s $body");
$new['username'] = 'newbie';
$new['email'] = 'other@example.edu';
[$s, $body] = mdsync_test_peer_http('POST', $peer['url'] . '/api/user/', json_encode($new), $auth);
$d = json_decode($body, true);
check($s === 400 && isset($d['username']), 'POST duplicate username -> 400', "$s $body");
unset($new['email']);
$new['username'] = 'noemail';
[$s, $body] = mdsync_test_peer_http('POST', $peer['url'] . '/api/user/', json_encode($new), $auth);
check($s === 400 && isset(json_decode($body, true)['email']), 'POST without email -> 400', "$s $body");
[$s] = mdsync_test_peer_http('POST', $peer['url'] . '/api/user/', json_encode($new));
check($s === 401, 'POST without auth -> 401', "$s");

// Concurrent creates: no "database is locked", and one winner per email.
$pending = [];
for ($i = 0; $i < 24; $i++) {
    $u = ['username' => "conc$i", 'email' => 'conc' . intdiv($i, 2) . '@example.edu'];
    $payload = json_encode($u);
    $sock = stream_socket_client('tcp://' . substr($peer['url'], 7));
    fwrite($sock, "POST /api/user/ HTTP/1.0\r\nHost: 127.0.0.1\r\nAuthorization: Token {$peer['token']}\r\n"
        . "Content-Type: application/json\r\nContent-Length: " . strlen($payload) . "\r\n\r\n$payload");
    $pending[] = $sock;
}
$codes = [];
foreach ($pending as $sock) {
    $resp = stream_get_contents($sock);
    $codes[] = (int) substr($resp, 9, 3);
}
sort($codes);
$c = array_count_values($codes);
check(($c[201] ?? 0) === 12 && ($c[400] ?? 0) === 12, '24 concurrent POSTs: 12x201, 12x400', json_encode($c));

// --- manage passthrough -------------------------------------------------------
$tok = trim(mdsync_test_peer_manage($peer, 'print_token'));
check($tok === $peer['token'], 'print_token prints only the key');

// --- bad option / stop --------------------------------------------------------
try {
    mdsync_test_peer(['nope' => 1]);
    check(false, 'unknown option rejected');
} catch (ValueError $e) {
    check(true, 'unknown option rejected');
}

$dirs = [$empty['dir'], $peer['dir']];
$mine = array_diff(gunicorns(), $before);
check(count($mine) === 6, 'two peers x (master + 2 workers) running', (string) count($mine));

register_shutdown_function(function () use ($dirs, $before) {
    // Runs after server.inc's own shutdown functions (registered earlier).
    global $failures;
    usleep(100000);
    $left = array_diff(gunicorns(), $before);
    check(!$left, 'no gunicorn left after shutdown', implode(' ', $left));
    check(!array_filter($dirs, 'file_exists'), 'temp dirs removed');
    echo $failures ? "$failures FAILED\n" : "all ok\n";
    exit($failures ? 1 : 0);
});
