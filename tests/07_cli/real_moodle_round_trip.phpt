--TEST--
bin/mdsync against a real Moodle 4.5 (MOODLE_URL, MDSYNC_MOODLE_TOKEN; a service with core_user_get_users, core_user_create_users, core_user_update_users, core_user_delete_users and core_webservice_get_site_info; profile fields edeboid, iasid, djangoid): status, plan → apply --only to-moodle → plan has nothing left to create for the test's uniquely named users (identifiers written); every user the test created is deleted at the end
--EXTENSIONS--
mdsync
--SKIPIF--
<?php
if (!getenv('MOODLE_URL') || !getenv('MDSYNC_MOODLE_TOKEN')) die('skip set MOODLE_URL and MDSYNC_MOODLE_TOKEN to test against a real Moodle');
require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r");
?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$url = rtrim((string) getenv('MOODLE_URL'), '/');
$mtoken = (string) getenv('MDSYNC_MOODLE_TOKEN');
$opts = ['moodle_url' => $url, 'moodle_token' => $mtoken];
$tag = 'mdsynct' . bin2hex(random_bytes(3));
// Django: two users unique to this run, with ids no earlier sync can have put in this Moodle
// (a real site may already be linked to another Django; its users are not this test's business).
$base = random_int(700000000, 799999999);
$peer = mdsync_test_peer(['load' => [
    ['id' => $base, 'username' => "{$tag}a", 'email' => "{$tag}.a@example.edu", 'first_name' => 'A', 'last_name' => 'Test', 'edeboid' => "E-$tag"],
    ['id' => $base + 1, 'username' => "{$tag}b", 'email' => "{$tag}.b@example.edu", 'first_name' => 'B', 'last_name' => 'Test'],
]]);
$created = [];
$cleanup = function () use (&$created, $opts, $tag) {
    $ids = [];
    $all = mdsync_moodle_call('core_user_get_users', ['criteria' => [['key' => 'email', 'value' => "$tag%"]]], $opts);
    foreach ($all['users'] ?? [] as $u) $ids[] = (int) $u['id'];
    if ($ids) mdsync_moodle_call('core_user_delete_users', ['userids' => $ids], $opts);
};
register_shutdown_function($cleanup);
// A Moodle user only in Moodle, made by the test (a manual account with a generated password).
mdsync_moodle_call('core_user_create_users', ['users' => [['username' => "{$tag}m", 'email' => "{$tag}.m@example.edu",
    'firstname' => 'M', 'lastname' => 'Test', 'auth' => 'manual', 'createpassword' => 1]]], $opts);

$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $mtoken];
$common = ['--django-url', $peer['url'], '--moodle-url', $url];
$r = mdsync_cli(array_merge(['status'], $common), $env);
echo "status: exit {$r[0]}\n";
$r = mdsync_cli(array_merge(['plan', '--json'], $common), $env);
$plan = json_decode($r[1], true)['plan'];
$mine = fn (array $list) => array_values(array_filter(array_map(fn ($u) => $u['username'], $list), fn ($n) => str_starts_with($n, $tag)));
echo "plan: exit {$r[0]}; to create in Moodle: ", implode(',', $mine($plan['only_in_django'])), "; in Django: ", implode(',', $mine($plan['only_in_moodle'])), "\n";
// Only this test's users: everything else on the site is left alone.
$r = mdsync_cli(array_merge(['apply', '--yes', '--json', '--only', 'to-moodle'], $common), $env);
$rep = json_decode($r[1], true);
foreach ($rep['report']['entries'] as $e) {
    if (str_contains($e['user'], $tag)) echo "apply: {$e['action']} ", str_replace($tag, 'TAG', $e['user']), " {$e['status']}\n";
}
if (str_contains($r[1] . $r[2], $mtoken) || str_contains($r[1] . $r[2], $peer['token'])) echo "TOKEN LEAKED\n";
$r = mdsync_cli(array_merge(['plan', '--json'], $common), $env);
$plan = json_decode($r[1], true)['plan'];
echo "plan again: to create in Moodle: ", count($mine($plan['only_in_django'])), "\n";
$all = mdsync_moodle_call('core_user_get_users', ['criteria' => [['key' => 'email', 'value' => "$tag.a@example.edu"]]], $opts);
foreach ($all['users'][0]['customfields'] ?? [] as $f) {
    if ($f['shortname'] === 'edeboid') echo "edeboid written: ", $f['value'] === "E-$tag" ? 'yes' : 'no', "\n";
}
?>
--EXPECTF--
status: exit 0
plan: exit 0; to create in Moodle: %sa,%sb; in Django: %sm
apply: create_in_moodle %sa <TAG.a@example.edu> done
apply: create_in_moodle %sb <TAG.b@example.edu> done
plan again: to create in Moodle: 0
edeboid written: yes
