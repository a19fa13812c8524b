--TEST--
Each attempt of a grade event is signed as it goes out: a retry after a slow 503 carries a fresh timestamp and is accepted by the real peer's tolerance, where the first attempt's would be refused as stale
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../09_grades/grades.inc';
require __DIR__ . '/../fault_server.inc';

// The fault server shows what each attempt carried: two signatures, the second one later.
$srv = mdsync_fault_server([['stall_ms' => 2200], ['status' => 201, 'body' => '{"id": 1}']]);
$r = mdsync_push_grade(mdsync_grade(1, 1, 50), ['django_url' => $srv['url'], 'signing_secret' => GRADES_SECRET, 'max_retries' => 1, 'timeout_ms' => 1500]);
echo "fault server: ", $r['status'], "\n";
$t = [];
foreach (mdsync_fault_requests($srv) as $req) {
    preg_match('/^t=(\d+),v1=[0-9a-f]{64}$/', $req['headers']['x-mdsync-signature'], $m);
    $t[] = (int) $m[1];
    echo "attempt signed, verifies: ", var_export(mdsync_verify($req['body'], $req['headers']['x-mdsync-signature'], GRADES_SECRET, 60), true), "\n";
}
echo "second attempt signed later: ", count($t) === 2 && $t[1] > $t[0] ? 'yes' : 'no (' . implode(',', $t) . ')', "\n";

// The real peer, with a tolerance of 2 s (a test-only setting of the reference app).
putenv('MDSYNC_PEER_SIGNATURE_TOLERANCE_S=2');
$peer = mdsync_grades_peer();
putenv('MDSYNC_PEER_SIGNATURE_TOLERANCE_S');
$body = '{"userid":1,"courseid":1,"itemid":1,"timemodified":1}';
[$status, $answer] = mdsync_test_peer_http('POST', $peer['url'] . '/api/grades/', $body,
    ['X-Mdsync-Signature: ' . mdsync_sign($body, GRADES_SECRET, time() - 4), 'Idempotency-Key: probe']);
echo "a signature 4 s old: $status $answer\n";

// The first attempt waits 4 s for a 503; its retry goes out with a fresh signature.
mdsync_test_peer_fault($peer, ['path' => '/api/grades/', 'method' => 'POST', 'status' => 503, 'times' => 1, 'delay_ms' => 4000]);
$r = mdsync_push_grade(mdsync_grade(2, 1, 60), ['django_url' => $peer['url'], 'signing_secret' => GRADES_SECRET, 'max_retries' => 2]);
echo "real peer: ", json_encode($r), ", attempts: ", mdsync_test_peer_requests($peer, '/api/grades/') - 1, "\n";
echo "stored: ", implode(',', array_keys(mdsync_grades_stored($peer))), "\n";
?>
--EXPECT--
fault server: delivered
attempt signed, verifies: true
attempt signed, verifies: true
second attempt signed later: yes
a signature 4 s old: 401 {"detail": "stale signature timestamp"}
real peer: {"status":"delivered","http_status":201}, attempts: 2
stored: grade:201:1700000000
