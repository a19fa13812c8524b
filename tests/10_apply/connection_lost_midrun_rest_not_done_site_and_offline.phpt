--TEST--
The connection lost mid-run, through both sides: the fake Moodle dies during a write (web services), the Django peer is killed while a batch of creates is in flight (offline); what was done before is reported done (and, offline, written to the update file), the batch in flight is NOT DONE "may have gone through", the rest NOT DONE, exit 2; the report matches what Moodle and Django really hold
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../07_cli/cli.inc';
$ini = tempnam(sys_get_temp_dir(), 'mdsync-ini-');
register_shutdown_function('unlink', $ini);
file_put_contents($ini, "max_retries = 0\n");

echo "== web services: Moodle dies at its third write\n";
$peer = mdsync_test_peer(['users' => 6]);
$moodle = mdsync_cli_moodle([], ['die_after_writes' => 2]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']];
$r = mdsync_cli(['apply', '--yes', '--only', 'to-moodle', '--batch-size', '2', '--config', $ini,
    '--django-url', $peer['url'], '--moodle-url', $moodle['url']], $env);
echo "exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
echo "-- Moodle holds:\n", mdsync_cli_moodle_users($moodle);

echo "== offline: Django is killed while the second batch of creates is in flight\n";
$peer = mdsync_test_peer(['users' => 1]);
mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'method' => 'POST', 'status' => 0, 'times' => 2]);
mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'method' => 'POST', 'status' => 0, 'times' => -1, 'delay_ms' => 5000]);
$rows = [[2, 'admin', 'admin@example.edu'], [3, 'student00001', 'student00001@example.edu']];
for ($i = 1; $i <= 5; $i++) {
    $rows[] = [3 + $i, "teacher$i", "teacher$i@example.edu"];
}
$csv = mdsync_cli_moodle_csv($rows);
$dir = mdsync_cli_tmpdir();
$run = mdsync_cli_start(['apply', '--yes', '--batch-size', '2', '--config', $ini, '--django-url', $peer['url'],
    '--moodle-csv', $csv, '--allow-unapplied-scope', '--write-upload-csv', "$dir/upload.csv", '--write-update-csv', "$dir/update.csv"],
    ['MDSYNC_DJANGO_TOKEN' => $peer['token']]);
// One GET for the plan, two POSTs that went through, two more waiting in the peer: then the peer dies.
$inflight = mdsync_cli_until($run, fn () => mdsync_test_peer_requests($peer, '/api/user/') >= 5);
$created = explode("\n", trim(preg_replace('/^\d+ /m', 'ID ', mdsync_cli_django_users($peer, 2))));
sort($created);
mdsync_test_peer_kill($peer);
$r = mdsync_cli_finish($run);
echo $inflight ? '' : "NEVER IN FLIGHT\n";
echo "exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
echo "-- Django held, when it died:\n", implode("\n", $created), "\n";
echo "-- update file:\n", preg_replace('/,\d+$/m', ',ID', file_get_contents("$dir/update.csv"));
?>
--EXPECTF--
== web services: Moodle dies at its third write
exit 2
ok       create in Moodle         student00001 <student00001@example.edu>: Moodle id 3, password mailed by Moodle
ok       create in Moodle         student00002 <student00002@example.edu>: Moodle id 4, password mailed by Moodle
ok       create in Moodle         student00003 <student00003@example.edu>: Moodle id 5, password mailed by Moodle
NOT DONE create in Moodle         student00004 <student00004@example.edu>: not done: the call that carried it got no answer (it may have gone through; the next plan shows)
NOT DONE create in Moodle         student00005 <student00005@example.edu>: not done: the call that carried it got no answer (it may have gone through; the next plan shows)
NOT DONE create in Moodle         student00006 <student00006@example.edu>: not done: the run stopped before it

mdsync apply: 3 done, 3 not done
Stopped: could not reach Moodle: POST http://127.0.0.1:%d/webservice/rest/server.php?moodlewsrestformat=json&wsfunction=core_user_create_users: %s
mdsync apply: stopped: could not reach Moodle: POST http://127.0.0.1:%d/webservice/rest/server.php?moodlewsrestformat=json&wsfunction=core_user_create_users: %s
Everything done before it is listed above; run 'mdsync plan' to see what is left.
-- Moodle holds:
3 student00001 student00001@example.edu manual edeboid=EDEBO00001 iasid=IAS00001 djangoid=2
4 student00002 student00002@example.edu manual edeboid=EDEBO00002 iasid=IAS00002 djangoid=3
5 student00003 student00003@example.edu manual edeboid=EDEBO00003 iasid=IAS00003 djangoid=4
== offline: Django is killed while the second batch of creates is in flight
exit 2
written  set identifiers          student00001 <student00001@example.edu>: edeboid=EDEBO00001, iasid=IAS00001, djangoid=2 (in %s/update.csv)
ok       create in Django         admin <admin@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)
ok       create in Django         teacher1 <teacher1@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)
NOT DONE create in Django         teacher2 <teacher2@example.edu>: not done: Django did not answer (%s); it may have been created: the next plan shows
NOT DONE create in Django         teacher3 <teacher3@example.edu>: not done: Django did not answer (%s); it may have been created: the next plan shows
NOT DONE create in Django         teacher4 <teacher4@example.edu>: not done: the run stopped before it
NOT DONE create in Django         teacher5 <teacher5@example.edu>: not done: the run stopped before it

mdsync apply: 2 done, 1 written, 4 not done
Wrote 3 rows to %s/update.csv. Moodle has not been changed: upload it in Site administration > Users > Upload users with "Upload type: Update existing users only" and "Existing user details: Override with file".
Stopped: Django stopped answering: %s
Moodle has not been changed: its side is in the files above, to upload by hand.
mdsync apply: stopped: Django stopped answering: %s
Everything done before it is listed above; run 'mdsync plan' to see what is left.
-- Django held, when it died:
ID admin admin@example.edu
ID teacher1 teacher1@example.edu
-- update file:
username,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
student00001,EDEBO00001,IAS00001,ID
admin,,,ID
teacher1,,,ID
