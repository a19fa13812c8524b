--TEST--
bin/mdsync plan → apply --yes → plan against a Moodle site (fake Moodle 4.5) and the real Django peer: users created on both sides, identifiers filled, new Django ids written into Moodle's djangoid; the second plan has nothing to do; no token in any output
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
// student00001..5@example.edu (Django ids 2..6) and the admin (7): only teacher1 is new to Django.
$peer = mdsync_test_peer(['users' => 5, 'load' => [['username' => 'admin', 'email' => 'admin@example.edu']]]);
$moodle = mdsync_cli_moodle([
    ['student00001', 'Student00001@example.edu'],
    ['student00002', 'student00002@example.edu', ['edeboid' => 'EDEBO00002']],
    ['teacher1', 'teacher1@example.edu'],
]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']];
$common = ['--django-url', $peer['url'], '--moodle-url', $moodle['url']];
foreach ([['plan'], ['apply', '--yes'], ['plan'], ['apply', '--yes', '--json']] as $args) {
    $r = mdsync_cli(array_merge($args, $common), $env);
    mdsync_cli_no_token($r, $peer['token'], $moodle['token']);
    echo '$ mdsync ', implode(' ', $args), ": exit {$r[0]}\n", $r[1], $r[2];
    if ($args === ['apply', '--yes']) {
        echo "-- Moodle now:\n", mdsync_cli_moodle_users($moodle);
        [, $body] = mdsync_test_peer_http('GET', $peer['url'] . '/api/user/?page_size=100', null, ['Authorization: Token ' . $peer['token']]);
        foreach (json_decode($body, true)['results'] as $u) {
            if ($u['id'] > 7) echo "-- Django now has {$u['id']} {$u['username']} {$u['email']}\n";
        }
    }
}
?>
--EXPECTF--
$ mdsync plan: exit 0
mdsync plan: nothing has been changed
  Moodle:      4 users from http://127.0.0.1:%d
  Django:      6 users from http://127.0.0.1:%d/api/user/

  in both                   3
  only in Moodle            1   (not in Django)
  only in Django            3   (to create in Moodle)
  identifier updates        3   (djangoid 3, edeboid 1, iasid 2)
  conflicts                 0

Django: 1 page, 1 request, 0 retries in %s ms
To carry it out: mdsync apply with the same options.
$ mdsync apply --yes: exit 0
mdsync apply: the plan
  Moodle:      4 users from http://127.0.0.1:%d
  Django:      6 users from http://127.0.0.1:%d/api/user/

  in both                   3
  only in Moodle            1   (not in Django)
  only in Django            3   (to create in Moodle)
  identifier updates        3   (djangoid 3, edeboid 1, iasid 2)
  conflicts                 0

Django: 1 page, 1 request, 0 retries in %s ms

To apply:
  create in Django                        1
  create in Moodle                        3
  set identifiers in Moodle               3

ok       create in Django         teacher1 <teacher1@example.edu>: Django id 8
ok       link djangoid in Moodle  teacher1 <teacher1@example.edu>: djangoid=8
ok       create in Moodle         student00003 <student00003@example.edu>: Moodle id 6, password mailed by Moodle
ok       create in Moodle         student00004 <student00004@example.edu>: Moodle id 7, password mailed by Moodle
ok       create in Moodle         student00005 <student00005@example.edu>: Moodle id 8, password mailed by Moodle
ok       set identifiers          admin <admin@example.edu>: djangoid=7
ok       set identifiers          student00001 <Student00001@example.edu>: edeboid=EDEBO00001, iasid=IAS00001, djangoid=2
ok       set identifiers          student00002 <student00002@example.edu>: iasid=IAS00002, djangoid=3

mdsync apply: 8 done
-- Moodle now:
3 student00001 Student00001@example.edu manual edeboid=EDEBO00001 iasid=IAS00001 djangoid=2
4 student00002 student00002@example.edu manual edeboid=EDEBO00002 iasid=IAS00002 djangoid=3
5 teacher1 teacher1@example.edu manual djangoid=8
6 student00003 student00003@example.edu manual edeboid=EDEBO00003 iasid=IAS00003 djangoid=4
7 student00004 student00004@example.edu manual edeboid=EDEBO00004 iasid=IAS00004 djangoid=5
8 student00005 student00005@example.edu manual edeboid=EDEBO00005 iasid=IAS00005 djangoid=6
-- Django now has 8 teacher1 teacher1@example.edu
$ mdsync plan: exit 0
mdsync plan: nothing has been changed
  Moodle:      7 users from http://127.0.0.1:%d
  Django:      7 users from http://127.0.0.1:%d/api/user/

  in both                   7
  only in Moodle            0   (not in Django)
  only in Django            0   (to create in Moodle)
  identifier updates        0
  conflicts                 0

Django: 1 page, 1 request, 0 retries in %s ms
To carry it out: mdsync apply with the same options.
$ mdsync apply --yes --json: exit 0
{
    "moodle": "site",
    "counts": {},
    "entries": [],
    "notes": [],
    "error": null
}
