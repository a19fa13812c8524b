--TEST--
The plan the engine reads: Moodle ids are ints and Django ids strings everywhere in a real plan (records, both, moodle_updates by field, conflicts, to_suspend, to_revive) and every Django record carries its resolved djangoid; a plan of another shape (an int Django id, updates per user, a Django record without djangoid) is refused with what differs, never misread
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../server.inc';
require dirname(__DIR__, 2) . '/bin/lib/autoload.php';
use local_django_sync\local\sync\plan;

// Django: s1..s5 (ids 2..6), s4 inactive; Moodle: s1 matched by email, a duplicate email, s4 linked (to suspend), s2 suspended (to revive).
$peer = mdsync_test_peer(['load' => [
    ['id' => 2, 'username' => 's1', 'first_name' => 'F', 'last_name' => 'L', 'email' => 's1@example.edu', 'edeboid' => 'E1'],
    ['id' => 3, 'username' => 's2', 'first_name' => 'F', 'last_name' => 'L', 'email' => 's2@example.edu'],
    ['id' => 4, 'username' => 's3', 'first_name' => 'F', 'last_name' => 'L', 'email' => 'dup@example.edu'],
    ['id' => 5, 'username' => 's4', 'first_name' => 'F', 'last_name' => 'L', 'email' => 's4@example.edu', 'is_active' => false],
    ['id' => 6, 'username' => 's5', 'first_name' => 'F', 'last_name' => 'L', 'email' => 's5@example.edu'],
]]);
$moodle = [
    ['id' => 10, 'username' => 's1', 'email' => 's1@example.edu'],
    ['id' => 11, 'username' => 'd1', 'email' => 'dup@example.edu'],
    ['id' => 12, 'username' => 'd2', 'email' => 'DUP@example.edu'],
    ['id' => 13, 'username' => 's4', 'email' => 's4@example.edu', 'djangoid' => '5'],
    ['id' => 14, 'username' => 's2', 'email' => 's2@example.edu', 'djangoid' => '3', 'suspended' => true],
];
$raw = mdsync_sync_users($moodle, ['django_url' => $peer['url'], 'django_token' => $peer['token'], 'suspend' => true,
    'suspend_max_percent' => 100]);
$p = plan::from_extension($raw);
$types = [];
foreach ($p->onlyindjango as $r) {
    $types[] = 'only_in_django id ' . get_debug_type($r['id']) . ', djangoid ' . get_debug_type($r['djangoid']);
}
foreach ($p->both as $m => $d) {
    $types[] = 'both ' . get_debug_type($m) . ' => ' . get_debug_type($d);
}
foreach ($p->moodleupdates as $f => $values) {
    foreach ($values as $m => $v) {
        $types[] = "moodle_updates[$f] " . get_debug_type($m) . ' => ' . get_debug_type($v);
    }
}
foreach ($p->conflicts as $c) {
    $types[] = "conflict {$c['reason']} moodle_ids " . implode(',', array_map('get_debug_type', $c['moodle_ids']))
        . ' django_ids ' . implode(',', array_map('get_debug_type', $c['django_ids']));
}
foreach ($p->tosuspend as $m => $s) {
    $types[] = 'to_suspend ' . get_debug_type($m) . " {$s['reason']} django_id " . get_debug_type($s['django_id']);
}
foreach ($p->torevive as $m => $d) {
    $types[] = 'to_revive ' . get_debug_type($m) . ' => ' . get_debug_type($d);
}
echo implode("\n", array_unique($types)), "\n";
echo 'updates by user: ', json_encode($p->updates_by_user()), "\n";
echo 'as JSON: ', json_encode($p->to_json()['both']), ' ', json_encode($p->to_json()['moodle_updates']), "\n";

$try = function (string $what, array $raw) {
    try {
        plan::from_extension($raw);
        echo "$what: ACCEPTED\n";
    } catch (UnexpectedValueException $e) {
        echo "$what: ", $e->getMessage(), "\n";
    }
};
$good = $raw;
$bad = $good; $bad['both'][10] = 2;
$try('an int Django id in both', $bad);
$bad = $good; $bad['moodle_updates'] = [10 => ['edeboid' => 'E1']];
$try('updates per user', $bad);
$bad = $good; unset($bad['only_in_django'][0]['djangoid']);
$try('a Django record without djangoid', $bad);
$bad = $good; $bad['conflicts'][0]['django_ids'] = [4];
$try('an int in conflicts', $bad);
$bad = $good; $bad['only_in_moodle'][] = ['id' => '99', 'email' => 'x@example.edu'];
$try('a string Moodle id', $bad);
?>
--EXPECTF--
only_in_django id string, djangoid string
both int => string
moodle_updates[edeboid] int => string
moodle_updates[djangoid] int => string
conflict duplicate_email moodle_ids int,int django_ids string
to_suspend int django_user_inactive django_id string
to_revive int => string
updates by user: {"10":{"edeboid":"E1","djangoid":"2"}}
as JSON: [{"moodle_id":10,"django_id":"2"},{"moodle_id":13,"django_id":"5"},{"moodle_id":14,"django_id":"3"}] [{"moodle_id":10,"fields":{"edeboid":"E1","djangoid":"2"}}]
an int Django id in both: the mdsync extension returned a plan this code cannot read (both[10] is a int, not a string): are the extension and this code from the same version?
updates per user: the mdsync extension returned a plan this code cannot read (moodle_updates has no 'edeboid' (expected updates by field)): are the extension and this code from the same version?
a Django record without djangoid: the mdsync extension returned a plan this code cannot read (only_in_django[0] has no resolved djangoid): are the extension and this code from the same version?
an int in conflicts: the mdsync extension returned a plan this code cannot read (conflicts[0].django_ids holds a int, not a string): are the extension and this code from the same version?
a string Moodle id: the mdsync extension returned a plan this code cannot read (only_in_moodle[0].id is a string, not an int): are the extension and this code from the same version?
