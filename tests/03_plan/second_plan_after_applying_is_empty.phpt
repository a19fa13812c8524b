--TEST--
Plan: after applying a plan (create on both sides, fill identifiers), planning again finds nothing to do
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/plan.inc';
$peer = mdsync_test_peer(['users' => 250]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token'], 'page_size' => 100];
// Moodle holds 100 of Django's students (half without identifiers) and 20 of its own.
$moodle = [];
for ($i = 1; $i <= 100; $i++) {
    $n = sprintf('%05d', $i);
    $moodle[] = ['id' => 100 + $i, 'username' => "student$n", 'email' => "Student$n@example.edu"] + ($i % 2 ? ['edeboid' => "EDEBO$n", 'iasid' => "IAS$n"] : []);
}
for ($i = 1; $i <= 20; $i++) {
    $moodle[] = ['id' => 500 + $i, 'username' => "teacher$i", 'email' => "teacher$i@example.edu", 'firstname' => 'T', 'lastname' => "No$i"];
}
$plan = mdsync_sync_users($moodle, $opts);
$s = $plan['stats'];
echo "first: only_in_moodle={$s['only_in_moodle']} only_in_django={$s['only_in_django']} both={$s['both']} moodle_updates={$s['moodle_updates']} conflicts={$s['conflicts']} pages={$s['pages']}\n";

// Apply by hand: Django gets Moodle's users through its API; Moodle gets Django's users and identifiers.
foreach ($plan['only_in_moodle'] as $u) {
    $body = json_encode(['username' => $u['username'], 'email' => $u['email'], 'first_name' => $u['firstname'], 'last_name' => $u['lastname']]);
    $ctx = stream_context_create(['http' => ['method' => 'POST', 'ignore_errors' => true, 'content' => $body,
        'header' => "Content-Type: application/json\r\nAuthorization: Token {$peer['token']}\r\n"]]);
    $created = json_decode(file_get_contents($peer['url'] . '/api/user/', false, $ctx), true);
    if (!isset($created['id'])) { echo "create failed: ", json_encode($created), "\n"; }
}
$next = 1000;
foreach ($plan['only_in_django'] as $u) {
    $moodle[] = ['id' => $next++, 'username' => $u['username'], 'email' => $u['email'], 'edeboid' => $u['edeboid'], 'iasid' => $u['iasid'], 'djangoid' => $u['djangoid']];
}
// moodle_updates is by field: field => [Moodle id => value]
$apply = function (array $updates) use (&$moodle): void {
    foreach ($moodle as &$m) {
        foreach ($updates as $field => $values) {
            if (isset($values[$m['id']])) {
                $m[$field] = $values[$m['id']];
            }
        }
    }
};
$apply($plan['moodle_updates']);
unset($m);

$again = mdsync_sync_users($moodle, $opts);
$s = $again['stats'];
echo "second: only_in_moodle={$s['only_in_moodle']} only_in_django={$s['only_in_django']} both={$s['both']} moodle_updates={$s['moodle_updates']} conflicts={$s['conflicts']}\n";
// Moodle's own users now carry no djangoid yet: the second plan fills exactly those, then a third is empty.
$apply($again['moodle_updates']);
$s = mdsync_sync_users($moodle, $opts)['stats'];
echo "third: only_in_moodle={$s['only_in_moodle']} only_in_django={$s['only_in_django']} both={$s['both']} moodle_updates={$s['moodle_updates']} conflicts={$s['conflicts']}\n";
?>
--EXPECT--
first: only_in_moodle=20 only_in_django=150 both=100 moodle_updates=100 conflicts=0 pages=3
second: only_in_moodle=0 only_in_django=0 both=270 moodle_updates=20 conflicts=0
third: only_in_moodle=0 only_in_django=0 both=270 moodle_updates=0 conflicts=0
