--TEST--
Plan with "suspend": linked users whose Django account is gone or inactive are suspended, revived when active again, deleted after the grace period; a share above the ceiling is refused
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/plan.inc';
$peer = mdsync_test_peer(['load' => [
    ['username' => 'a', 'email' => 'a@x.edu'],
    ['username' => 'b', 'email' => 'b@x.edu', 'is_active' => false],
    ['username' => 'c', 'email' => 'c@x.edu'],
    ['username' => 'd', 'email' => 'd@x.edu', 'is_active' => false],
    ['username' => 'e', 'email' => 'e@x.edu', 'is_active' => false],
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);
$id = array_map('strval', array_column($django, 'id', 'username'));
$old = time() - 40 * 86400;
$moodle = [
    ['id' => 1, 'email' => 'a@x.edu', 'djangoid' => $id['a']],                                             // in step
    ['id' => 2, 'email' => 'b@x.edu', 'djangoid' => $id['b']],                                             // inactive in Django
    ['id' => 3, 'email' => 'c@x.edu', 'djangoid' => $id['c'], 'suspended' => 1],                           // active again
    ['id' => 4, 'email' => 'gone@x.edu', 'djangoid' => '999999'],                                          // gone from Django
    ['id' => 5, 'email' => 'gone2@x.edu', 'djangoid' => '999998', 'suspended' => true, 'suspended_at' => $old],
    ['id' => 6, 'email' => 'd@x.edu', 'djangoid' => $id['d'], 'suspended' => 1, 'suspended_at' => (string) $old],
    ['id' => 7, 'email' => 'gone3@x.edu', 'djangoid' => '999997', 'suspended' => 1, 'suspended_at' => time() - 86400],
    ['id' => 8, 'email' => 'e@x.edu'],                                                                     // not linked yet: linked first, ruled next time
];
for ($i = 100; $i < 160; $i++) {
    $moodle[] = ['id' => $i, 'email' => "teacher$i@x.edu"];
}
$show = function (array $plan) use ($django) {
    $name = array_column($django, 'username', 'id');
    echo "to_suspend: ", json_encode(array_map(fn($s) => $s['reason'] . ($s['django_id'] ? ' ' . $name[$s['django_id']] : ''), $plan['to_suspend'])), "\n";
    echo "to_revive: ", json_encode(array_map(fn($d) => $name[$d], $plan['to_revive'])), "\n";
    echo "to_delete: ", json_encode($plan['to_delete']), "\n";
    echo "conflicts: ", implode(', ', array_map(fn($c) => $c['reason'] . ' ' . implode(',', $c['moodle_ids']), $plan['conflicts'])), "\n";
    echo "only_in_moodle: ", count($plan['only_in_moodle']), ", stats: ", $plan['stats']['to_suspend'], '/', $plan['stats']['to_revive'], '/', $plan['stats']['to_delete'], "\n";
};
echo "== off (the default)\n";
$show(mdsync_sync_users($moodle, $opts));
echo "== suspend\n";
$show(mdsync_sync_users($moodle, $opts + ['suspend' => true]));
echo "== suspend, delete after 30 days\n";
$show(mdsync_sync_users($moodle, $opts + ['suspend' => true, 'delete_after_days' => 30]));
echo "== the ceiling\n";
try {
    mdsync_sync_users(array_slice($moodle, 0, 20), $opts + ['suspend' => true]);
} catch (Mdsync\Exception $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}
echo count(mdsync_sync_users(array_slice($moodle, 0, 20), $opts + ['suspend' => true, 'suspend_max_percent' => 10])['to_suspend']), " suspended with a 10% ceiling\n";
try {
    mdsync_sync_users($moodle, $opts + ['delete_after_days' => 30]);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
== off (the default)
to_suspend: []
to_revive: []
to_delete: []
conflicts: django_user_missing 4, django_user_missing 5, django_user_missing 7
only_in_moodle: 60, stats: 0/0/0
== suspend
to_suspend: {"2":"django_user_inactive b","4":"django_user_missing"}
to_revive: {"3":"c"}
to_delete: []
conflicts: 
only_in_moodle: 60, stats: 2/1/0
== suspend, delete after 30 days
to_suspend: {"2":"django_user_inactive b","4":"django_user_missing"}
to_revive: {"3":"c"}
to_delete: {"5":"django_user_missing","6":"django_user_inactive"}
conflicts: 
only_in_moodle: 60, stats: 2/1/2
== the ceiling
Mdsync\Exception: refusing to plan: 2 of 20 Moodle users (10.0%) would be suspended, above suspend_max_percent (5%); check Django's answer, or raise the ceiling if this is expected
2 suspended with a 10% ceiling
mdsync_sync_users(): Argument #2 ($options) option "delete_after_days" needs "suspend"
