--TEST--
Plan: emails match trimmed and case-insensitively; missing identifiers become moodle_updates; inactive Django users are not offered
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/plan.inc';
$peer = mdsync_test_peer(['load' => [
    ['username' => 'ann', 'email' => 'Ann.Smith@Example.edu', 'edeboid' => 'E1', 'iasid' => 'I1'],
    ['username' => 'bob', 'email' => 'bob@example.edu', 'edeboid' => 'E2'],
    ['username' => 'cat', 'email' => 'cat@example.edu', 'first_name' => 'Cat', 'last_name' => 'Black'],
    ['username' => 'dan', 'email' => 'dan@example.edu', 'is_active' => false],
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);
$ids = array_column($django, 'id', 'username');
$moodle = [
    ['id' => 10, 'username' => 'ann', 'email' => "  ann.smith@example.EDU\t", 'edeboid' => 'E1', 'iasid' => 'I1', 'djangoid' => (string) $ids['ann']],
    ['id' => 11, 'username' => 'bob', 'email' => 'BOB@example.edu'],
    ['id' => 12, 'username' => 'eve', 'email' => 'eve@example.edu'],
];
$plan = mdsync_sync_users($moodle, $opts);
mdsync_print_plan($plan, $django);
echo "only_in_django record: ", json_encode(array_diff_key($plan['only_in_django'][0], ['id' => 0, 'djangoid' => 0])), "\n";
echo "only_in_moodle record: ", json_encode($plan['only_in_moodle'][0]), "\n";
$s = $plan['stats'];
echo "stats: moodle_users={$s['moodle_users']} django_users={$s['django_users']} both={$s['both']} moodle_updates={$s['moodle_updates']} conflicts={$s['conflicts']} inactive_skipped={$s['django_inactive_skipped']} pages={$s['pages']}\n";
?>
--EXPECT--
only_in_moodle: [12]
only_in_django: ["cat"]
both: {"10":"ann","11":"bob"}
moodle_updates: {"edeboid":{"11":"E2"},"djangoid":{"11":"bob"}}
conflicts: 
  
only_in_django record: {"source":"django","username":"cat","email":"cat@example.edu","firstname":"Cat","lastname":"Black","edeboid":null,"iasid":null,"auth":null,"suspended":false}
only_in_moodle record: {"source":"moodle","id":12,"username":"eve","email":"eve@example.edu","firstname":null,"lastname":null,"edeboid":null,"iasid":null,"djangoid":null,"auth":null,"suspended":false}
stats: moodle_users=3 django_users=4 both=2 moodle_updates=1 conflicts=0 inactive_skipped=1 pages=1
