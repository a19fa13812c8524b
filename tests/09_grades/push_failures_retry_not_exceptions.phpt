--TEST--
Grade delivery failures are results, not exceptions: Django down and 503s are "retry" (with when), a 503 once is retried inside the call, bad grades are "rejected" and sink nothing else
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/grades.inc';
$peer = mdsync_grades_peer();
$opts = ['django_url' => $peer['url'], 'signing_secret' => GRADES_SECRET];

$before = mdsync_test_peer_requests($peer, '/api/grades/');
mdsync_test_peer_fault($peer, ['path' => '/api/grades/', 'method' => 'POST', 'status' => 503, 'times' => 1]);
echo "503 once: ", json_encode(mdsync_push_grade(mdsync_grade(1, 1, 70), $opts)), ", requests: ", mdsync_test_peer_requests($peer, '/api/grades/') - $before, "\n";

mdsync_test_peer_fault($peer, ['path' => '/api/grades/', 'method' => 'POST', 'status' => 503, 'times' => 10, 'retry_after' => '120']);
$r = mdsync_push_grade(mdsync_grade(2, 1, 71), $opts + ['max_retries' => 1]);
echo "503 throughout: ", $r['status'], ' ', $r['http_status'], ' retry_after=', $r['retry_after'], "\n";
mdsync_test_peer_http('DELETE', $peer['url'] . '/_test/faults');

$port = (function () { $s = stream_socket_server('tcp://127.0.0.1:0'); $p = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1); fclose($s); return $p; })();
$down = mdsync_push_grades(['a' => mdsync_grade(3, 1, 72), 'b' => mdsync_grade(4, 1, 73)], ['django_url' => "http://127.0.0.1:$port"] + $opts + ['max_retries' => 1]);
foreach ($down as $k => $r) {
    echo "down $k: ", $r['status'], ' ', $r['http_status'], ' retry_after=', $r['retry_after'], ' ', preg_replace(['/:\d+/', '/port \d+/', '/after \d+ ms/'], [':PORT', 'port PORT', 'after N ms'], $r['message']), "\n";
}

$batch = [
    'ok' => mdsync_grade(5, 1, 74),
    'no user' => array_diff_key(mdsync_grade(6, 1, 75), ['userid' => 0]),
    'bad grade' => ['finalgrade' => 'A+'] + mdsync_grade(7, 1, 0),
    'not a grade' => 'x',
    'bad key' => ['idempotency_key' => "a\nb"] + mdsync_grade(8, 1, 1),
    'invalid for Django' => ['timemodified' => '1.5'] + mdsync_grade(9, 1, 1),
];
foreach (mdsync_push_grades($batch, $opts) as $k => $r) {
    echo str_pad($k, 12), json_encode($r), "\n";
}
echo "stored: ", implode(',', array_keys(mdsync_grades_stored($peer))), "\n";
foreach ([['signing_secret' => null], ['signing_secret' => ''], ['grades_method' => 'GET'], ['grades_path' => 'api/grades/']] as $bad) {
    try { mdsync_push_grades([], $bad + $opts); } catch (ValueError $e) { echo $e->getMessage(), "\n"; }
}
?>
--EXPECT--
503 once: {"status":"delivered","http_status":201}, requests: 2
503 throughout: retry 503 retry_after=120
down a: retry 0 retry_after=60 could not reach Django: POST http://127.0.0.1:PORT/api/grades/: Failed to connect to 127.0.0.1 port PORT after N ms: Couldn't connect to server (after retries)
down b: retry 0 retry_after=60 could not reach Django: POST http://127.0.0.1:PORT/api/grades/: Failed to connect to 127.0.0.1 port PORT after N ms: Couldn't connect to server (after retries)
ok          {"status":"delivered","http_status":201}
no user     {"status":"rejected","http_status":0,"message":"the grade has no \"userid\"","answer":null}
bad grade   {"status":"rejected","http_status":0,"message":"\"finalgrade\" must be a number, string given","answer":null}
not a grade {"status":"rejected","http_status":0,"message":"a grade must be an array or object, string given","answer":null}
bad key     {"status":"rejected","http_status":0,"message":"\"idempotency_key\" must not hold control characters","answer":null}
invalid for Django{"status":"rejected","http_status":0,"message":"\"timemodified\" must be an integer, string given","answer":null}
stored: grade:101:1700000000,grade:501:1700000000
mdsync_push_grades(): Argument #2 ($options) option "signing_secret" is required (or set MDSYNC_SIGNING_SECRET in the environment)
mdsync_push_grades(): Argument #2 ($options) option "signing_secret" is required (or set MDSYNC_SIGNING_SECRET in the environment)
mdsync_push_grades(): Argument #2 ($options) option "grades_method" must be "POST", "PATCH" or "PUT"
mdsync_push_grades(): Argument #2 ($options) options "grades_path" and "grades_url_template" must start with /
