--TEST--
bin/mdsync site mode lists users with the plugin's local_django_sync_get_users when the token's service has it: every page walked (in id order, the server's page size honoured), each user's scope facts carried (siteadmin, auth, roles at system or category level, cohorts), so the default and configured scope rules apply and apply never pushes an excluded user to Django; a plugin too old to send the facts leaves them unknown (named as not applied); a server whose pages never advance is a protocol error; a site without the function falls back to core_user_get_users with a note, and the rules on site admins, roles and cohorts are named as not applied
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 2]);   // student00001, student00002
// Moodle: guest (1), admin (2, a site admin), then these.
$moodle = mdsync_cli_moodle([
    ['student00001', 'student00001@example.edu'],
    ['ws', 'ws@example.edu', [], ['auth' => 'webservice']],
    ['mgr', 'mgr@example.edu', [], ['roles' => ['manager', 'coursecreator']]],
    ['staff1', 'staff1@example.edu', [], ['cohorts' => ['STAFF', 'Y2024']]],
    ['teacher1', 'teacher1@example.edu', [], ['roles' => ['editingteacher']]],
    ['student9', 'student9@example.edu', [], ['cohorts' => ['Y2024']]],
], ['get_users_max_limit' => 3]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']];
$config = mdsync_cli_tmpdir() . '/scope.ini';
file_put_contents($config, "exclude_roles = \"manager\"\nexclude_cohorts = \"staff\"\n");
$site = ['--django-url', $peer['url'], '--moodle-url', $moodle['url'], '--config', $config];
$calls = function () use ($moodle): string {
    $out = [];
    foreach (mdsync_cli_moodle_store($moodle)['calls'] as [$fn, $n]) {
        $out[] = "$fn($n)";
    }
    mdsync_cli_moodle_store($moodle, ['calls' => []]);
    return implode(' ', $out);
};
$json = function (array $r): void {
    $doc = json_decode($r[1], true);
    echo "exit {$r[0]}; moodle: ", json_encode($doc['moodle']), "\n";
    echo "  excluded: ", json_encode($doc['plan']['excluded']['moodle']), "\n";
    echo "  scope: ", json_encode($doc['plan']['scope']), "\n";
    echo "  only_in_moodle: ", json_encode(array_column($doc['plan']['only_in_moodle'], 'username')), "\n";
};

echo "== plan --json, paged\n";
$json(mdsync_cli(array_merge(['plan', '--json'], $site), $env));
echo "  calls: ", $calls(), "\n";

echo "== plan, the summary\n";
$r = mdsync_cli(array_merge(['plan'], $site), $env);
echo "exit {$r[0]}\n", preg_replace('/^(  (Moodle: |Django: |in both|only|identifier|conflicts)|Django: |To carry).*\n|^\n/m', '', $r[1]), $r[2];
$calls();

echo "== apply --only to-django: only the users in scope go to Django\n";
$r = mdsync_cli(array_merge(['apply', '--yes', '--only', 'to-django'], $site), $env);
echo "exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
echo mdsync_cli_django_users($peer, 3);

echo "== a plugin older than the facts (no siteadmin, roles, cohorts for teacher1)\n";
$store = mdsync_cli_moodle_store($moodle);
$store['users']['7']['legacy'] = true;
mdsync_cli_moodle_store($moodle, ['users' => $store['users']]);
$json(mdsync_cli(array_merge(['plan', '--json'], $site), $env));
$calls();

echo "== pages that never advance\n";
mdsync_cli_moodle_store($moodle, ['get_users_stuck' => true]);
$r = mdsync_cli(array_merge(['plan'], $site), $env);
echo "exit {$r[0]}\n", $r[1], $r[2];
mdsync_cli_moodle_store($moodle, ['get_users_stuck' => false]);
$calls();

echo "== a site without local_django_sync_get_users\n";
mdsync_cli_moodle_store($moodle, ['functions' => ['core_webservice_get_site_info', 'core_user_get_users',
    'core_user_create_users', 'core_user_update_users']]);
$json(mdsync_cli(array_merge(['plan', '--json'], $site), $env));
echo "  calls: ", $calls(), "\n";
$r = mdsync_cli(array_merge(['plan'], $site), $env);
echo preg_replace('/^(?!  (note|not applied)|    \S|        \S).*\n/m', '', $r[1]);
?>
--EXPECTF--
== plan --json, paged
exit 0; moodle: {"mode":"site","source":"http:\/\/127.0.0.1:%d","listing":"local_django_sync_get_users","pages":3,"notes":[]}
  excluded: {"siteadmin":[2],"auth":[4],"role":[5],"cohort":[6]}
  scope: {"active":["siteadmin","guest","auth","role","cohort"],"not_applied":[]}
  only_in_moodle: ["teacher1","student9"]
  calls: local_django_sync_get_users(3) local_django_sync_get_users(3) local_django_sync_get_users(2)
== plan, the summary
exit 0
mdsync plan: nothing has been changed
  out of scope              4   (siteadmin 1, auth 1, role 1, cohort 1: never pushed to Django or suspended)
  scope rules          siteadmin, guest, auth, role, cohort
Out of scope (never pushed to Django or suspended; --json lists them all):
  - siteadmin (1): admin <admin@example.edu> (id 2)
  - auth (1): ws <ws@example.edu> (id 4)
  - role (1): mgr <mgr@example.edu> (id 5)
  - cohort (1): staff1 <staff1@example.edu> (id 6)
== apply --only to-django: only the users in scope go to Django
exit 0
ok       create in Django         teacher1 <teacher1@example.edu>: Django id %d; djangoid set in Moodle
ok       create in Django         student9 <student9@example.edu>: Django id %d; djangoid set in Moodle

mdsync apply: 2 done
%d teacher1 teacher1@example.edu
%d student9 student9@example.edu
== a plugin older than the facts (no siteadmin, roles, cohorts for teacher1)
exit 0; moodle: {"mode":"site","source":"http:\/\/127.0.0.1:%d","listing":"local_django_sync_get_users","pages":3,"notes":[]}
  excluded: {"siteadmin":[2],"auth":[4],"role":[5],"cohort":[6]}
  scope: {"active":["siteadmin","guest","auth","role","cohort"],"not_applied":{"siteadmin":{"fact":"siteadmin","records":1},"role":{"fact":"roles","records":1},"cohort":{"fact":"cohorts","records":1}}}
  only_in_moodle: []
== pages that never advance
exit 2
mdsync plan: Moodle local_django_sync_get_users answered a page after id 0 whose next page starts at 0: the pages would never end
== a site without local_django_sync_get_users
exit 0; moodle: {"mode":"site","source":"http:\/\/127.0.0.1:%d","listing":"core_user_get_users","pages":1,"notes":["Moodle: the site's service does not offer local_django_sync_get_users, so every user was listed in one answer with core_user_get_users, which says nothing of site admins, roles or cohorts (scope rules on them cannot be applied). Install local_django_sync on the site and add local_django_sync_get_users to the web service"]}
  excluded: {"auth":[4]}
  scope: {"active":["siteadmin","guest","auth","role","cohort"],"not_applied":{"siteadmin":{"fact":"siteadmin","records":7},"role":{"fact":"roles","records":7},"cohort":{"fact":"cohorts","records":7}}}
  only_in_moodle: ["admin","mgr","staff1"]
  calls: core_user_get_users(8)
  not applied          siteadmin, role, cohort: 7 of 7 Moodle records lack siteadmin, roles, cohorts
    the site's users listing does not give them: install or update local_django_sync on the site and
    add its local_django_sync_get_users to the web service
  note: Moodle: the site's service does not offer local_django_sync_get_users, so every user was
        listed in one answer with core_user_get_users, which says nothing of site admins, roles or
        cohorts (scope rules on them cannot be applied). Install local_django_sync on the site and
        add local_django_sync_get_users to the web service
