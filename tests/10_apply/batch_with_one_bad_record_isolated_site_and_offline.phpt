--TEST--
A batch with one bad record, through both sides: Moodle's web services refuse a whole call for one bad user ("Invalid parameter value detected", for a reason no plan can see: scripted in the fake), so the engine splits the batch until the bad user stands alone and reports it with Moodle's words while the others are created; offline, the row Upload users would refuse (an identifier a spreadsheet would run as a formula) is reported and not written; Django's refusals fail only their user, with Django's reason; exit 1 either way; never a password
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../07_cli/cli.inc';
$django = ['users' => 6, 'load' => [
    ['username' => 'Mixed.Case', 'email' => 'Mixed.Case@Example.edu', 'first_name' => 'Mixed', 'last_name' => 'Case'],
    ['username' => 'formula', 'email' => 'formula@example.edu', 'first_name' => 'For', 'last_name' => 'Mula', 'iasid' => '+42'],
]];
$show = function (array $r, string $token) {
    if (str_contains($r[1] . $r[2], $token) || stripos($r[1] . $r[2], 'password"') !== false) {
        echo "LEAKED\n";
    }
    echo "exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
};

echo "== web services\n";
// Moodle refuses student00004 (scripted in the fake); Django will refuse o'brien's username.
$peer = mdsync_test_peer($django);
$moodle = mdsync_cli_moodle([["o'brien", 'obrien@example.edu']], ['refuse_usernames' => ['student00004']]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']];
$r = mdsync_cli(['apply', '--yes', '--batch-size', '4', '--auth', 'saml2', '--only', 'to-moodle,to-django',
    '--django-url', $peer['url'], '--moodle-url', $moodle['url']], $env);
$show($r, $peer['token']);
echo "-- create calls (users each): ";
foreach (mdsync_cli_moodle_store($moodle)['calls'] as [$fn, $n]) {
    if ($fn === 'core_user_create_users') echo "$n ";
}
echo "\n-- Moodle now:\n", mdsync_cli_moodle_users($moodle);

echo "== offline files\n";
$peer = mdsync_test_peer($django);
$dir = mdsync_cli_tmpdir();
$csv = mdsync_cli_moodle_csv([[2, 'admin', 'admin@example.edu'], [3, "o'brien", 'obrien@example.edu']]);
$r = mdsync_cli(['apply', '--yes', '--batch-size', '4', '--auth', 'saml2', '--only', 'to-moodle,to-django',
    '--django-url', $peer['url'], '--moodle-csv', $csv, '--allow-unapplied-scope', '--write-upload-csv', "$dir/upload.csv", '--write-update-csv', "$dir/update.csv"],
    ['MDSYNC_DJANGO_TOKEN' => $peer['token']]);
$show($r, $peer['token']);
echo "-- upload file:\n", file_get_contents("$dir/upload.csv"), "-- update file:\n", file_get_contents("$dir/update.csv");
?>
--EXPECTF--
== web services
exit 1
ok       create in Moodle         student00001 <student00001@example.edu>: Moodle id %d, auth saml2
ok       create in Moodle         student00002 <student00002@example.edu>: Moodle id %d, auth saml2
ok       create in Moodle         student00003 <student00003@example.edu>: Moodle id %d, auth saml2
FAILED   create in Moodle         student00004 <student00004@example.edu>: Invalid parameter value detected (invalidparameter)
ok       create in Moodle         student00005 <student00005@example.edu>: Moodle id %d, auth saml2
ok       create in Moodle         student00006 <student00006@example.edu>: Moodle id %d, auth saml2
ok       create in Moodle         Mixed.Case <Mixed.Case@Example.edu>: Moodle id %d, auth saml2
ok       create in Moodle         formula <formula@example.edu>: Moodle id %d, auth saml2
FAILED   create in Django         o'brien <obrien@example.edu>: Django answered HTTP 400 to POST http://127.0.0.1:%d/api/user/ (username: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.)

mdsync apply: 7 done, 2 failed
Failed:
  - create in Moodle student00004 <student00004@example.edu>: Invalid parameter value detected (invalidparameter)
  - create in Django o'brien <obrien@example.edu>: Django answered HTTP 400 to POST http://127.0.0.1:%d/api/user/ (username: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.)
-- create calls (users each): 1 4 2 2 1 1 3 
-- Moodle now:
3 o'brien obrien@example.edu manual
%d student00001 student00001@example.edu saml2 edeboid=EDEBO00001 iasid=IAS00001 djangoid=2
%d student00002 student00002@example.edu saml2 edeboid=EDEBO00002 iasid=IAS00002 djangoid=3
%d student00003 student00003@example.edu saml2 edeboid=EDEBO00003 iasid=IAS00003 djangoid=4
%d student00005 student00005@example.edu saml2 edeboid=EDEBO00005 iasid=IAS00005 djangoid=6
%d student00006 student00006@example.edu saml2 edeboid=EDEBO00006 iasid=IAS00006 djangoid=7
%d mixed.case Mixed.Case@Example.edu saml2 djangoid=8
%d formula formula@example.edu saml2 iasid=+42 djangoid=9
== offline files
exit 1
written  create in Moodle         student00001 <student00001@example.edu>: for Upload users, auth saml2 (in %s/upload.csv)
written  create in Moodle         student00002 <student00002@example.edu>: for Upload users, auth saml2 (in %s/upload.csv)
written  create in Moodle         student00003 <student00003@example.edu>: for Upload users, auth saml2 (in %s/upload.csv)
written  create in Moodle         student00004 <student00004@example.edu>: for Upload users, auth saml2 (in %s/upload.csv)
written  create in Moodle         student00005 <student00005@example.edu>: for Upload users, auth saml2 (in %s/upload.csv)
written  create in Moodle         student00006 <student00006@example.edu>: for Upload users, auth saml2 (in %s/upload.csv)
written  create in Moodle         Mixed.Case <Mixed.Case@Example.edu>: for Upload users, auth saml2 (in %s/upload.csv)
FAILED   create in Moodle         formula <formula@example.edu>: not written: Moodle's Upload users would refuse it: its iasid '+42' begins like a spreadsheet formula
ok       create in Django         admin <admin@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)
FAILED   create in Django         o'brien <obrien@example.edu>: Django answered HTTP 400 to POST http://127.0.0.1:%d/api/user/ (username: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.)

mdsync apply: 1 done, 7 written, 2 failed
Failed:
  - create in Moodle formula <formula@example.edu>: not written: Moodle's Upload users would refuse it: its iasid '+42' begins like a spreadsheet formula
  - create in Django o'brien <obrien@example.edu>: Django answered HTTP 400 to POST http://127.0.0.1:%d/api/user/ (username: Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.)
Wrote 7 users to %s/upload.csv. Create them in Moodle: Site administration > Users > Upload users (auth saml2: they sign in through it and need no password).
Wrote 1 row to %s/update.csv. Moodle has not been changed: upload it in Site administration > Users > Upload users with "Upload type: Update existing users only" and "Existing user details: Override with file".
Moodle has not been changed: its side is in the files above, to upload by hand.
-- upload file:
username,firstname,lastname,email,auth,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
student00001,Student,No00001,student00001@example.edu,saml2,EDEBO00001,IAS00001,2
student00002,Student,No00002,student00002@example.edu,saml2,EDEBO00002,IAS00002,3
student00003,Student,No00003,student00003@example.edu,saml2,EDEBO00003,IAS00003,4
student00004,Student,No00004,student00004@example.edu,saml2,EDEBO00004,IAS00004,5
student00005,Student,No00005,student00005@example.edu,saml2,EDEBO00005,IAS00005,6
student00006,Student,No00006,student00006@example.edu,saml2,EDEBO00006,IAS00006,7
mixed.case,Mixed,Case,Mixed.Case@Example.edu,saml2,,,8
-- update file:
username,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
admin,,,%d
