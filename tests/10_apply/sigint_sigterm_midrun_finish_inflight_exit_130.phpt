--TEST--
SIGINT or SIGTERM mid-run, through both sides: the write in flight finishes, then the run stops; what was done is reported (offline: the files are written with it), the rest NOT DONE, exit 130; the report matches what Moodle and Django really hold. SIGINT while the plan is made: nothing changed, exit 130
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../07_cli/cli.inc';

echo "== web services: SIGINT while Moodle takes its second write (slowly)\n";
$peer = mdsync_test_peer(['users' => 6]);
$moodle = mdsync_cli_moodle([], ['write_delay_ms' => 1500]);
$run = mdsync_cli_start(['apply', '--yes', '--only', 'to-moodle', '--batch-size', '2', '--django-url', $peer['url'],
    '--moodle-url', $moodle['url']], ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']]);
$inflight = mdsync_cli_until($run, function () use ($moodle) {
    $s = mdsync_cli_moodle_store($moodle);
    return !empty($s['writing']) && count(array_filter($s['calls'], fn ($c) => $c[0] === 'core_user_create_users')) >= 1;
});
proc_terminate($run['proc'], 2);
$r = mdsync_cli_finish($run);
echo $inflight ? '' : "NEVER IN FLIGHT\n";
echo "exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
echo "-- Moodle holds:\n", mdsync_cli_moodle_users($moodle);

echo "== offline: SIGTERM while Django takes a batch of creates (slowly)\n";
$peer = mdsync_test_peer(['users' => 1]);
mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'method' => 'POST', 'status' => 0, 'times' => -1, 'delay_ms' => 1500]);
$rows = [[2, 'student00001', 'student00001@example.edu']];
for ($i = 1; $i <= 5; $i++) {
    $rows[] = [2 + $i, "teacher$i", "teacher$i@example.edu"];
}
$csv = mdsync_cli_moodle_csv($rows);
$dir = mdsync_cli_tmpdir();
$run = mdsync_cli_start(['apply', '--yes', '--batch-size', '2', '--django-url', $peer['url'], '--moodle-csv', $csv, '--allow-unapplied-scope',
    '--write-upload-csv', "$dir/upload.csv", '--write-update-csv', "$dir/update.csv"], ['MDSYNC_DJANGO_TOKEN' => $peer['token']]);
$inflight = mdsync_cli_until($run, fn () => mdsync_test_peer_requests($peer, '/api/user/') >= 3);
proc_terminate($run['proc'], 15);
$r = mdsync_cli_finish($run);
echo $inflight ? '' : "NEVER IN FLIGHT\n";
echo "exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
$created = explode("\n", trim(preg_replace('/^\d+ /m', 'ID ', mdsync_cli_django_users($peer, 2))));
sort($created);
echo "-- Django holds:\n", implode("\n", $created), "\n";
echo "-- update file:\n", preg_replace('/,\d+$/m', ',ID', file_get_contents("$dir/update.csv"));

echo "== SIGINT while the plan is made\n";
$peer = mdsync_test_peer(['users' => 1]);
mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'method' => 'GET', 'status' => 0, 'times' => 1, 'delay_ms' => 1500]);
$run = mdsync_cli_start(['apply', '--yes', '--json', '--django-url', $peer['url'], '--moodle-csv', $csv, '--allow-unapplied-scope',
    '--write-upload-csv', "$dir/upload2.csv", '--write-update-csv', "$dir/update2.csv"], ['MDSYNC_DJANGO_TOKEN' => $peer['token']]);
mdsync_cli_until($run, fn () => mdsync_test_peer_requests($peer, '/api/user/') >= 1);
proc_terminate($run['proc'], 2);
$r = mdsync_cli_finish($run);
echo "exit {$r[0]}\n", $r[2];
$doc = json_decode($r[1], true);
echo "json: exit {$doc['exit']}, {$doc['error']['kind']}\n";
echo 'files: ', is_file("$dir/upload2.csv") || is_file("$dir/update2.csv") ? 'written' : 'none', "\n";
echo '-- Django holds: ', mdsync_cli_django_users($peer, 2) === '' ? "no new users\n" : "NEW USERS\n";
?>
--EXPECTF--
== web services: SIGINT while Moodle takes its second write (slowly)
exit 130
ok       create in Moodle         student00001 <student00001@example.edu>: Moodle id 3, password mailed by Moodle
ok       create in Moodle         student00002 <student00002@example.edu>: Moodle id 4, password mailed by Moodle
ok       create in Moodle         student00003 <student00003@example.edu>: Moodle id 5, password mailed by Moodle
NOT DONE create in Moodle         student00004 <student00004@example.edu>: not done: the run was interrupted before it
NOT DONE create in Moodle         student00005 <student00005@example.edu>: not done: the run was interrupted before it
NOT DONE create in Moodle         student00006 <student00006@example.edu>: not done: the run was interrupted before it

mdsync apply: 3 done, 3 not done (interrupted)
mdsync apply: interrupted (SIGINT): the requests in flight finished; what was done is listed above, the rest NOT DONE.
Run 'mdsync plan' to see what is left.
-- Moodle holds:
3 student00001 student00001@example.edu manual edeboid=EDEBO00001 iasid=IAS00001 djangoid=2
4 student00002 student00002@example.edu manual edeboid=EDEBO00002 iasid=IAS00002 djangoid=3
5 student00003 student00003@example.edu manual edeboid=EDEBO00003 iasid=IAS00003 djangoid=4
== offline: SIGTERM while Django takes a batch of creates (slowly)
exit 130
written  set identifiers          student00001 <student00001@example.edu>: edeboid=EDEBO00001, iasid=IAS00001, djangoid=2 (in %s/update.csv)
ok       create in Django         teacher1 <teacher1@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)
ok       create in Django         teacher2 <teacher2@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)
NOT DONE create in Django         teacher3 <teacher3@example.edu>: not done: the run was interrupted before it
NOT DONE create in Django         teacher4 <teacher4@example.edu>: not done: the run was interrupted before it
NOT DONE create in Django         teacher5 <teacher5@example.edu>: not done: the run was interrupted before it

mdsync apply: 2 done, 1 written, 3 not done (interrupted)
Wrote 3 rows to %s/update.csv. Moodle has not been changed: upload it in Site administration > Users > Upload users with "Upload type: Update existing users only" and "Existing user details: Override with file".
Moodle has not been changed: its side is in the files above, to upload by hand.
mdsync apply: interrupted (SIGTERM): the requests in flight finished; what was done is listed above, the rest NOT DONE.
Run 'mdsync plan' to see what is left.
-- Django holds:
ID teacher1 teacher1@example.edu
ID teacher2 teacher2@example.edu
-- update file:
username,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
student00001,EDEBO00001,IAS00001,ID
teacher1,,,ID
teacher2,,,ID
== SIGINT while the plan is made
exit 130
mdsync apply: interrupted by SIGINT while the plan was made: nothing has been changed
json: exit 130, interrupted
files: none
-- Django holds: no new users
