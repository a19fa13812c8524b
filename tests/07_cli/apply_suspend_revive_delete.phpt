--TEST--
bin/mdsync apply --suspend: linked Moodle users whose Django account is inactive or gone are suspended (time recorded in the profile field suspendedat), revived when active again, users suspended by hand are left alone; the ceiling refuses; --delete-after-days refuses without the field and deletes after the grace period
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
// Django: student00001..20 (ids 2..21); 21 is inactive.
$load = [];
for ($i = 1; $i <= 20; $i++) {
    $load[] = ['id' => $i + 1, 'username' => sprintf('student%05d', $i), 'email' => sprintf('student%05d@example.edu', $i), 'is_active' => $i !== 20];
}
$peer = mdsync_test_peer(['load' => $load]);
$users = [];
for ($i = 1; $i <= 20; $i++) {
    $users[] = [sprintf('student%05d', $i), sprintf('student%05d@example.edu', $i), ['djangoid' => (string) ($i + 1)]];
}
$users[] = ['gone', 'gone@example.edu', ['djangoid' => '999']];           // Django deleted it
$users[18][3] = ['suspended' => true];                                    // student00019: suspended by hand
$moodle = mdsync_cli_moodle($users, ['profile_fields' => ['edeboid', 'iasid', 'djangoid', 'suspendedat']]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']];
$common = ['--django-url', $peer['url'], '--moodle-url', $moodle['url'], '--only', 'suspend'];
$run = function (string $what, array $args) use ($common, $env) {
    $r = mdsync_cli(array_merge($args, $common), $env);
    echo "== $what: exit {$r[0]}\n", ltrim(strstr($r[1], "\nok") ?: strstr($r[1], "\nskipped") ?: strstr($r[1], 'Nothing') ?: $r[1], "\n"), $r[2];
};
$run('ceiling (2 of 21 > 5%)', ['apply', '--yes', '--suspend']);
$run('suspend', ['apply', '--yes', '--suspend', '--suspend-max-percent', '10']);
echo preg_replace('/suspendedat=\d+/', 'suspendedat=TIME', mdsync_cli_moodle_users($moodle));
$run('again: nothing to do', ['apply', '--yes', '--suspend', '--suspend-max-percent', '10']);

// student00020 is active again in Django; "gone" was suspended 40 days ago.
mdsync_test_peer_manage($peer, 'shell', '-c', 'from django.contrib.auth.models import User; User.objects.filter(id=21).update(is_active=True)');
$store = mdsync_cli_moodle_store($moodle);
foreach ($store['users'] as &$u) {
    if ($u['username'] === 'gone') $u['profile']['suspendedat'] = (string) (time() - 40 * 86400);
}
unset($u);
mdsync_cli_moodle_store($moodle, ['users' => $store['users']]);
$run('revive and delete after 30 days', ['apply', '--yes', '--suspend', '--delete-after-days', '30']);
echo preg_replace('/suspendedat=\d+/', 'suspendedat=TIME', mdsync_cli_moodle_users($moodle));

$moodle2 = mdsync_cli_moodle([['gone', 'gone@example.edu', ['djangoid' => '999']]] + array_slice($users, 0, 19));
$r = mdsync_cli(['apply', '--yes', '--suspend', '--delete-after-days', '30', '--django-url', $peer['url'], '--moodle-url', $moodle2['url']], ['MDSYNC_MOODLE_TOKEN' => $moodle2['token']] + $env);
echo "== no suspendedat field: exit {$r[0]}\n", $r[1], $r[2];
?>
--EXPECTF--
== ceiling (2 of 21 > 5%): exit 2
mdsync apply: refusing to plan: 2 of 22 Moodle users (9.1%) would be suspended, above --suspend-max-percent (5%); check Django's answer, or raise the ceiling if this is expected
== suspend: exit 0
ok       suspend                  student00020 <student00020@example.edu>: inactive in Django
ok       suspend                  gone <gone@example.edu>: not in Django
skipped  revive                   student00019 <student00019@example.edu>: suspended in Moodle, but not by the sync (no suspendedat): left alone

mdsync apply: 2 done, 1 skipped
3 student00001 student00001@example.edu manual djangoid=2
4 student00002 student00002@example.edu manual djangoid=3
5 student00003 student00003@example.edu manual djangoid=4
6 student00004 student00004@example.edu manual djangoid=5
7 student00005 student00005@example.edu manual djangoid=6
8 student00006 student00006@example.edu manual djangoid=7
9 student00007 student00007@example.edu manual djangoid=8
10 student00008 student00008@example.edu manual djangoid=9
11 student00009 student00009@example.edu manual djangoid=10
12 student00010 student00010@example.edu manual djangoid=11
13 student00011 student00011@example.edu manual djangoid=12
14 student00012 student00012@example.edu manual djangoid=13
15 student00013 student00013@example.edu manual djangoid=14
16 student00014 student00014@example.edu manual djangoid=15
17 student00015 student00015@example.edu manual djangoid=16
18 student00016 student00016@example.edu manual djangoid=17
19 student00017 student00017@example.edu manual djangoid=18
20 student00018 student00018@example.edu manual djangoid=19
21 student00019 student00019@example.edu manual SUSPENDED djangoid=20
22 student00020 student00020@example.edu manual SUSPENDED djangoid=21 suspendedat=TIME
23 gone gone@example.edu manual SUSPENDED djangoid=999 suspendedat=TIME
== again: nothing to do: exit 0
skipped  revive                   student00019 <student00019@example.edu>: suspended in Moodle, but not by the sync (no suspendedat): left alone

mdsync apply: 1 skipped
== revive and delete after 30 days: exit 0
ok       revive                   student00020 <student00020@example.edu>: active in Django again
ok       delete                   gone <gone@example.edu>: still not in Django

mdsync apply: 2 done, 1 skipped
3 student00001 student00001@example.edu manual djangoid=2
4 student00002 student00002@example.edu manual djangoid=3
5 student00003 student00003@example.edu manual djangoid=4
6 student00004 student00004@example.edu manual djangoid=5
7 student00005 student00005@example.edu manual djangoid=6
8 student00006 student00006@example.edu manual djangoid=7
9 student00007 student00007@example.edu manual djangoid=8
10 student00008 student00008@example.edu manual djangoid=9
11 student00009 student00009@example.edu manual djangoid=10
12 student00010 student00010@example.edu manual djangoid=11
13 student00011 student00011@example.edu manual djangoid=12
14 student00012 student00012@example.edu manual djangoid=13
15 student00013 student00013@example.edu manual djangoid=14
16 student00014 student00014@example.edu manual djangoid=15
17 student00015 student00015@example.edu manual djangoid=16
18 student00016 student00016@example.edu manual djangoid=17
19 student00017 student00017@example.edu manual djangoid=18
20 student00018 student00018@example.edu manual djangoid=19
21 student00019 student00019@example.edu manual SUSPENDED djangoid=20
22 student00020 student00020@example.edu manual djangoid=21
== no suspendedat field: exit 2
mdsync apply: --delete-after-days: no Moodle user carries the profile field 'suspendedat', so the sync cannot tell when it suspended anyone and will not guess. Create it (Site administration > Users > User profile fields, text input, short name suspendedat), then run with the suspend option and without --delete-after-days: each suspension records its time there
