--TEST--
Site mode checks the profile fields edeboid, iasid and djangoid: status says on how many users each is seen, and NOT CONFIRMED for one no user carries (web services cannot list fields); apply writes the first user carrying an unconfirmed field alone and reads it back: a field Moodle does not have stops the run there (that user FAILED with why, the rest NOT DONE, exit 2) instead of reporting "ok" for identifiers Moodle silently dropped; with the fields in place the same apply goes through
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 4]);
$users = [['student00001', 'student00001@example.edu'], ['student00002', 'student00002@example.edu'], ['student00003', 'student00003@example.edu']];
foreach (['a site without iasid' => ['edeboid', 'djangoid'], 'a site with the three fields' => ['edeboid', 'iasid', 'djangoid']] as $what => $fields) {
    echo "==== $what\n";
    $moodle = mdsync_cli_moodle($users, ['profile_fields' => $fields]);
    $env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']];
    $common = ['--django-url', $peer['url'], '--moodle-url', $moodle['url']];
    $r = mdsync_cli(array_merge(['status'], $common), $env);
    echo "== status: exit {$r[0]}\n", implode("\n", array_slice(explode("\n", $r[1]), 5)), $r[2];
    foreach (['identifiers', 'to-moodle'] as $only) {
        $r = mdsync_cli(array_merge(['apply', '--yes', '--only', $only], $common), $env);
        echo "== apply --only $only: exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
    }
    echo "-- Moodle holds:\n", mdsync_cli_moodle_users($moodle);
    $r = mdsync_cli(array_merge(['status'], $common), $env);
    echo "== status after: exit {$r[0]}\n", implode("\n", array_slice(explode("\n", $r[1]), 5));
}
?>
--EXPECTF--
==== a site without iasid
== status: exit 0
             ok: %d users listed in 1 page of local_django_sync_get_users, with the facts scope rules read (auth, siteadmin, roles, cohorts)
             NOT CONFIRMED: profile fields: edeboid on 0 users, iasid on 0 users, djangoid on 0 users. No user carries edeboid, iasid, djangoid, and web services cannot tell whether such a field exists: local_django_sync creates them when installed (or Site administration → Users → User profile fields, text input, short names edeboid, iasid, djangoid); apply checks with its first write and stops if one is missing
All checks passed (1 not confirmed: see above).
== apply --only identifiers: exit 2
FAILED   set identifiers          student00001 <student00001@example.edu>: edeboid=EDEBO00001, iasid=IAS00001, djangoid=2; but Moodle dropped iasid: no such profile field
NOT DONE set identifiers          student00002 <student00002@example.edu>: not done: the run stopped before it
NOT DONE set identifiers          student00003 <student00003@example.edu>: not done: the run stopped before it

mdsync apply: 1 failed, 2 not done
Failed:
  - set identifiers student00001 <student00001@example.edu>: edeboid=EDEBO00001, iasid=IAS00001, djangoid=2; but Moodle dropped iasid: no such profile field
Stopped: Moodle has no custom profile field iasid, so the identifiers cannot be stored there (and the next plan would offer them again). Install local_django_sync, which creates edeboid, iasid and djangoid, or create them in Site administration > Users > User profile fields (text input, those short names)
mdsync apply: stopped: Moodle has no custom profile field iasid, so the identifiers cannot be stored there (and the next plan would offer them again). Install local_django_sync, which creates edeboid, iasid and djangoid, or create them in Site administration > Users > User profile fields (text input, those short names)
Everything done before it is listed above; run 'mdsync plan' to see what is left.
== apply --only to-moodle: exit 2
FAILED   create in Moodle         student00004 <student00004@example.edu>: Moodle id %d, password mailed by Moodle; but Moodle dropped iasid: no such profile field

mdsync apply: 1 failed
Failed:
  - create in Moodle student00004 <student00004@example.edu>: Moodle id %d, password mailed by Moodle; but Moodle dropped iasid: no such profile field
Stopped: Moodle has no custom profile field iasid, %s
mdsync apply: stopped: Moodle has no custom profile field iasid, %s
Everything done before it is listed above; run 'mdsync plan' to see what is left.
-- Moodle holds:
3 student00001 student00001@example.edu manual edeboid=EDEBO00001 djangoid=2
4 student00002 student00002@example.edu manual
5 student00003 student00003@example.edu manual
%d student00004 student00004@example.edu manual edeboid=EDEBO00004 djangoid=5
== status after: exit 0
             ok: %d users listed in 1 page of local_django_sync_get_users, with the facts scope rules read (auth, siteadmin, roles, cohorts)
             NOT CONFIRMED: profile fields: edeboid on 2 users, iasid on 0 users, djangoid on 2 users. No user carries iasid, %s
All checks passed (1 not confirmed: see above).
==== a site with the three fields
== status: exit 0
             ok: %d users listed in 1 page of local_django_sync_get_users, with the facts scope rules read (auth, siteadmin, roles, cohorts)
             NOT CONFIRMED: profile fields: edeboid on 0 users, iasid on 0 users, djangoid on 0 users. %s
All checks passed (1 not confirmed: see above).
== apply --only identifiers: exit 0
ok       set identifiers          student00001 <student00001@example.edu>: edeboid=EDEBO00001, iasid=IAS00001, djangoid=2
ok       set identifiers          student00002 <student00002@example.edu>: edeboid=EDEBO00002, iasid=IAS00002, djangoid=3
ok       set identifiers          student00003 <student00003@example.edu>: edeboid=EDEBO00003, iasid=IAS00003, djangoid=4

mdsync apply: 3 done
== apply --only to-moodle: exit 0
ok       create in Moodle         student00004 <student00004@example.edu>: Moodle id %d, password mailed by Moodle

mdsync apply: 1 done
-- Moodle holds:
3 student00001 student00001@example.edu manual edeboid=EDEBO00001 iasid=IAS00001 djangoid=2
4 student00002 student00002@example.edu manual edeboid=EDEBO00002 iasid=IAS00002 djangoid=3
5 student00003 student00003@example.edu manual edeboid=EDEBO00003 iasid=IAS00003 djangoid=4
%d student00004 student00004@example.edu manual edeboid=EDEBO00004 iasid=IAS00004 djangoid=5
== status after: exit 0
             ok: %d users listed in 1 page of local_django_sync_get_users, with the facts scope rules read (auth, siteadmin, roles, cohorts)
             ok: profile fields: edeboid on 4 users, iasid on 4 users, djangoid on 4 users
All checks passed.
