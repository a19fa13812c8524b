--TEST--
mdsync_push_grade(s): the peer verifies the signature and stores the grade; the same grade twice is stored once; a wrong secret is rejected
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/grades.inc';
$peer = mdsync_grades_peer();
$opts = ['django_url' => $peer['url'], 'signing_secret' => GRADES_SECRET];

var_dump(mdsync_push_grade(mdsync_grade(5, 3, '87.5'), $opts));
echo "again: ", json_encode(mdsync_push_grade(mdsync_grade(5, 3, '87.5'), $opts)), "\n";
echo "changed later: ", json_encode(mdsync_push_grade(mdsync_grade(5, 3, '90', 1700000100), $opts)), "\n";
echo "grade removed: ", json_encode(mdsync_push_grade(mdsync_grade(6, 3, null), $opts)), "\n";
echo "own key: ", json_encode(mdsync_push_grade(['idempotency_key' => 'outbox:42'] + mdsync_grade(7, 3, 50), $opts)), "\n";
echo "stored: ", json_encode(mdsync_grades_stored($peer)), "\n";

$r = mdsync_push_grade(mdsync_grade(8, 3, 10), ['signing_secret' => 'wrong-SECRET'] + $opts);
echo "wrong secret: ", $r['status'], ' ', $r['http_status'], ' ', json_encode($r['answer']), "\n";
echo "secret anywhere in it: ", str_contains(print_r($r, true), 'SECRET') ? 'yes' : 'no', "\n";

// The peer itself refuses a stale timestamp and a body that does not match its signature.
$body = json_encode(mdsync_grade(9, 3, 1));
foreach (['stale' => [$body, mdsync_sign($body, GRADES_SECRET, time() - 1000)], 'tampered' => [$body . ' ', mdsync_sign($body, GRADES_SECRET)]] as $name => [$b, $sig]) {
    [$status, $answer] = mdsync_test_peer_http('POST', $peer['url'] . '/api/grades/', $b, ['Content-Type: application/json', "X-Mdsync-Signature: $sig", 'Idempotency-Key: k-' . $name]);
    echo "$name: $status $answer\n";
}
echo count(mdsync_grades_stored($peer)), " stored in the end\n";
?>
--EXPECT--
array(2) {
  ["status"]=>
  string(9) "delivered"
  ["http_status"]=>
  int(201)
}
again: {"status":"delivered","http_status":200}
changed later: {"status":"delivered","http_status":201}
grade removed: {"status":"delivered","http_status":201}
own key: {"status":"delivered","http_status":201}
stored: {"grade:503:1700000000":87.5,"grade:503:1700000100":90,"grade:603:1700000000":null,"outbox:42":50}
wrong secret: rejected 401 {"detail":"bad signature"}
secret anywhere in it: no
stale: 401 {"detail": "stale signature timestamp"}
tampered: 401 {"detail": "bad signature"}
4 stored in the end
