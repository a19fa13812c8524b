--TEST--
Grades: PATCH to a per-cell URL template (placeholders URL-encoded); a batch of 1,000 grades delivered concurrently, each stored once; the peer rejects a 4xx the retry cannot fix
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/grades.inc';
$peer = mdsync_grades_peer();
$opts = ['django_url' => $peer['url'], 'signing_secret' => GRADES_SECRET];
$cell = $opts + ['grades_method' => 'PATCH', 'grades_url_template' => '/api/gradebook/cell/{djangoid}/{itemid}/'];
echo "cell: ", json_encode(mdsync_push_grade(mdsync_grade(1, 4, 66), $cell)), "\n";
$r = mdsync_push_grade(['djangoid' => null] + mdsync_grade(2, 4, 66), $cell);
echo "cell without djangoid: ", $r['status'], ': ', $r['message'], "\n";
$r = mdsync_push_grade(['djangoid' => 'a b+c'] + mdsync_grade(3, 4, 66), $cell);
echo "encoded: ", $r['status'], ' ', $r['http_status'], "\n"; // the peer checks that the URL's djangoid is the body's

$grades = [];
for ($i = 1; $i <= 1000; $i++) {
    $grades["row$i"] = mdsync_grade($i, 9, $i % 101);
}
$results = mdsync_push_grades($grades, $opts + ['concurrency' => 8]);
echo "batch: ", json_encode(array_count_values(array_column($results, 'status'))), ", keys kept: ", array_keys($results) === array_keys($grades) ? 'yes' : 'no', "\n";
$again = mdsync_push_grades(array_slice($grades, 0, 100, true), $opts);
echo "resent 100: ", json_encode(array_count_values(array_column($again, 'http_status'))), "\n";
echo count(mdsync_grades_stored($peer)), " stored\n";
?>
--EXPECT--
cell: {"status":"delivered","http_status":200}
cell without djangoid: rejected: grades_url_template needs {djangoid}, which this grade does not have
encoded: delivered 200
batch: {"delivered":1000}, keys kept: yes
resent 100: {"200":100}
1002 stored
