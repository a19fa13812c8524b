--TEST--
A grades_url_template placeholder of ".." cannot climb out of its path segment: against the real peer, /api/courses/{courseshortname}/grades/ with ".." is a 404 for that URL, never a POST to /api/grades/
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../09_grades/grades.inc';
$peer = mdsync_grades_peer();
$opts = ['django_url' => $peer['url'], 'signing_secret' => GRADES_SECRET, 'grades_url_template' => '/api/courses/{courseshortname}/grades/'];
$grades = [
    'dotdot' => ['courseshortname' => '..'] + mdsync_grade(1, 1, 50),
    'dot' => ['courseshortname' => '.'] + mdsync_grade(2, 1, 50),
    'encoded' => ['courseshortname' => '%2e%2e'] + mdsync_grade(3, 1, 50),
];
foreach (mdsync_push_grades($grades, $opts) as $k => $r) {
    echo "$k: ", $r['status'], ' ', $r['http_status'], ' ', preg_replace('/:\d+/', ':PORT', $r['message']), "\n";
}
echo "requests to /api/grades/: ", mdsync_test_peer_requests($peer, '/api/grades/'), "\n";
echo "requests to /api/courses/../grades/: ", mdsync_test_peer_requests($peer, '/api/courses/../grades/'), "\n";
echo "stored: ", count(mdsync_grades_stored($peer)), "\n";
// The same grade to the collection itself is delivered: the peer is not refusing everything.
echo json_encode(mdsync_push_grade(mdsync_grade(4, 1, 50), ['django_url' => $peer['url'], 'signing_secret' => GRADES_SECRET])), "\n";
?>
--EXPECT--
dotdot: rejected 404 Django answered HTTP 404 to POST http://127.0.0.1:PORT/api/courses/%2E%2E/grades/: Not found.
dot: rejected 404 Django answered HTTP 404 to POST http://127.0.0.1:PORT/api/courses/%2E/grades/: Not found.
encoded: rejected 404 Django answered HTTP 404 to POST http://127.0.0.1:PORT/api/courses/%252e%252e/grades/: Not found.
requests to /api/grades/: 0
requests to /api/courses/../grades/: 1
stored: 0
{"status":"delivered","http_status":201}
