--TEST--
bin/mdsync apply: --only and --limit; refuses without --yes when stdin is not a terminal; status; Moodle unreachable or a wrong token exit 2 with a clear message; a connection that dies midway prints what was done, then exits 2; no token in any output
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 6]);
$moodle = mdsync_cli_moodle([['student00001', 'student00001@example.edu'], ['student00002', 'student00002@example.edu']]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']];
$common = ['--django-url', $peer['url'], '--moodle-url', $moodle['url']];
$run = function (string $what, array $args, array $e = null) use ($common, $env, $peer, $moodle) {
    $r = mdsync_cli(array_merge($args, $common), $e ?? $env);
    mdsync_cli_no_token($r, $peer['token'], $moodle['token']);
    echo "== $what: exit {$r[0]}\n";
    $out = strstr($r[1], "\nok") ?: strstr($r[1], "\nNOT") ?: strstr($r[1], "\nFAILED") ?: $r[1];
    echo ltrim($out, "\n"), $r[2];
};
$run('no --yes', ['apply']);
$run('bad --only', ['apply', '--yes', '--only', 'everything']);
$run('--only identifiers --limit 1', ['apply', '--yes', '--only', 'identifiers', '--limit', '1']);
$run('--only to-moodle --limit 2', ['apply', '--yes', '--only', 'to-moodle', '--limit', '2']);
echo mdsync_cli_moodle_users($moodle);
$run('status', ['status']);
mdsync_cli_moodle_store($moodle, ['functions' => ['core_webservice_get_site_info', 'core_user_get_users']]);
$run('status, functions missing', ['status']);
mdsync_cli_moodle_store($moodle, ['functions' => ['core_webservice_get_site_info', 'core_user_get_users', 'core_user_create_users', 'core_user_update_users']]);
$run('wrong Moodle token', ['apply', '--yes'], ['MDSYNC_MOODLE_TOKEN' => 'wrong-SECRET-tok'] + $env);
$r = mdsync_cli(['status', '--django-url', $peer['url'], '--moodle-url', 'http://127.0.0.1:1'], $env);
echo "== status, Moodle unreachable: exit {$r[0]}\n", $r[1], $r[2];
$r = mdsync_cli(['apply', '--yes', '--django-url', $peer['url'], '--moodle-url', 'http://127.0.0.1:1'], $env);
echo "== apply, Moodle unreachable: exit {$r[0]}\n", $r[1], $r[2];
// Moodle answers 503 from the second write on: the first batch is reported, the rest is not done.
mdsync_cli_moodle_store($moodle, ['fail_after_writes' => count(array_filter(mdsync_cli_moodle_store($moodle)['calls'], fn ($c) => !in_array($c[0], ['core_user_get_users', 'local_django_sync_get_users'], true))) + 1]);
$ini = tempnam(sys_get_temp_dir(), 'mdsync-cli-ini-');
file_put_contents($ini, "max_retries = 0\n");
$run('connection dies midway', ['apply', '--yes', '--batch-size', '1', '--only', 'to-moodle', '--config', $ini]);
unlink($ini);
echo mdsync_cli_moodle_users($moodle);
?>
--EXPECTF--
== no --yes: exit 2
mdsync apply: refusing to change anything without confirmation: stdin is not a terminal; run it on a terminal to be asked, or add --yes
Try 'mdsync apply --help'.
== bad --only: exit 2
mdsync apply: --only: unknown kind 'everything' (known: identifiers, to-moodle, to-django, suspend)
Try 'mdsync apply --help'.
== --only identifiers --limit 1: exit 0
ok       set identifiers          student00001 <student00001@example.edu>: edeboid=EDEBO00001, iasid=IAS00001, djangoid=2

mdsync apply: 1 done
== --only to-moodle --limit 2: exit 0
ok       create in Moodle         student00003 <student00003@example.edu>: Moodle id 5, password mailed by Moodle
ok       create in Moodle         student00004 <student00004@example.edu>: Moodle id 6, password mailed by Moodle

mdsync apply: 2 done
3 student00001 student00001@example.edu manual edeboid=EDEBO00001 iasid=IAS00001 djangoid=2
4 student00002 student00002@example.edu manual
5 student00003 student00003@example.edu manual edeboid=EDEBO00003 iasid=IAS00003 djangoid=4
6 student00004 student00004@example.edu manual edeboid=EDEBO00004 iasid=IAS00004 djangoid=5
== status: exit 0
mdsync status: nothing has been changed
  extension  ok: mdsync 0.1.0 (%s)
  Django     ok: http://127.0.0.1:%d/api/user/ answers: 6 users (page pagination) in %d ms
  Moodle     ok: http://127.0.0.1:%d "Fake Moodle", Moodle 4.5 (Build: 20241007), as wsuser
             ok: the service has core_user_get_users, core_user_create_users, core_user_update_users
             ok: 5 users listed in 1 page of local_django_sync_get_users, with the facts scope rules read (auth, siteadmin, roles, cohorts)
             ok: profile fields: edeboid on 3 users, iasid on 3 users, djangoid on 3 users
All checks passed.
== status, functions missing: exit 2
mdsync status: nothing has been changed
  extension  ok: mdsync 0.1.0 (%s)
  Django     ok: http://127.0.0.1:%d/api/user/ answers: 6 users (page pagination) in %d ms
  Moodle     ok: http://127.0.0.1:%d "Fake Moodle", Moodle 4.5 (Build: 20241007), as wsuser
             FAILED: the token's service lacks core_user_create_users, core_user_update_users (add them in Site administration → Server → Web services → External services)
             note: no core_user_delete_users (needed only for apply --delete-after-days)
             note: no local_django_sync_get_users: plan and apply list every user in one answer of core_user_get_users, which says nothing of site admins, roles or cohorts, so the scope rules on them cannot be applied (site admins would be offered to Django); install local_django_sync on the site and add local_django_sync_get_users to the service
             ok: profile fields: edeboid on 3 users, iasid on 3 users, djangoid on 3 users
Some checks failed.
== wrong Moodle token: exit 2
mdsync apply: Moodle core_webservice_get_site_info failed: Invalid token - token not found (invalidtoken)
== status, Moodle unreachable: exit 2
mdsync status: nothing has been changed
  extension  ok: mdsync 0.1.0 (%s)
  Django     ok: http://127.0.0.1:%d/api/user/ answers: 6 users (page pagination) in %d ms
  Moodle     FAILED: could not reach Moodle: POST http://127.0.0.1:1/webservice/rest/server.php?moodlewsrestformat=json&wsfunction=core_webservice_get_site_info: Failed to connect to 127.0.0.1 port 1 %s (after retries)
Some checks failed.
== apply, Moodle unreachable: exit 2
mdsync apply: could not reach Moodle: POST http://127.0.0.1:1/webservice/rest/server.php?moodlewsrestformat=json&wsfunction=core_webservice_get_site_info: Failed to connect to 127.0.0.1 port 1 %s (after retries)
== connection dies midway: exit 2
ok       create in Moodle         student00005 <student00005@example.edu>: Moodle id 7, password mailed by Moodle
NOT DONE create in Moodle         student00006 <student00006@example.edu>: not done: the call that carried it got no answer (it may have gone through; the next plan shows)

mdsync apply: 1 done, 1 not done
Stopped: Moodle answered HTTP 503 to POST http://127.0.0.1:%d/webservice/rest/server.php?moodlewsrestformat=json&wsfunction=core_user_create_users
mdsync apply: stopped: Moodle answered HTTP 503 to POST http://127.0.0.1:%d/webservice/rest/server.php?moodlewsrestformat=json&wsfunction=core_user_create_users
Everything done before it is listed above; run 'mdsync plan' to see what is left.
3 student00001 student00001@example.edu manual edeboid=EDEBO00001 iasid=IAS00001 djangoid=2
4 student00002 student00002@example.edu manual
5 student00003 student00003@example.edu manual edeboid=EDEBO00003 iasid=IAS00003 djangoid=4
6 student00004 student00004@example.edu manual edeboid=EDEBO00004 iasid=IAS00004 djangoid=5
7 student00005 student00005@example.edu manual edeboid=EDEBO00005 iasid=IAS00005 djangoid=6
