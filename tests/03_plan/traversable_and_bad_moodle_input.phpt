--TEST--
Plan: Moodle users from a generator, an Iterator or objects (Moodle's records) give the same plan; bad records are TypeError/ValueError naming their position
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/plan.inc';
$peer = mdsync_test_peer(['users' => 5]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$rows = [
    ['id' => 1, 'username' => 'student00001', 'email' => 'student00001@example.edu', 'profile_field_edeboid' => 'EDEBO00001'],
    ['id' => '2', 'username' => 'student00002', 'email' => 'STUDENT00002@example.edu', 'suspended' => '0'],
    ['id' => 3, 'username' => 'x', 'email' => 'x@example.edu', 'suspended' => 1],
];
$gen = function () use ($rows) { foreach ($rows as $r) { yield (object) $r; } };
// A class with declared (typed) properties: they sit behind IS_INDIRECT slots in get_properties().
final class MoodleUserRecord
{
    public ?string $unset_typed;
    public function __construct(public int|string $id, public string $username, public string $email,
        public ?string $profile_field_edeboid = null, public int|string $suspended = 0) {}
}
$typed = array_map(fn($r) => new MoodleUserRecord($r['id'], $r['username'], $r['email'], $r['profile_field_edeboid'] ?? null, $r['suspended'] ?? 0), $rows);
$a = mdsync_sync_users($rows, $opts);
$b = mdsync_sync_users($gen(), $opts);
$c = mdsync_sync_users(new ArrayIterator($rows), $opts);
$d = mdsync_sync_users($typed, $opts);
unset($a['stats'], $b['stats'], $c['stats'], $d['stats']);
echo "same plan: ", ($a === $b && $b === $c && $c === $d) ? 'yes' : 'no', "\n";
echo "profile_field_ alias read: ", isset($a['moodle_updates']['edeboid'][1]) ? 'no, still to update' : 'yes', "\n";
echo "suspended read: ", json_encode($a['only_in_moodle'][0]['suspended']), "\n";

$bad = [
    'not a record' => [$rows[0], 'just a string'],
    'no id' => [['email' => 'a@b.c']],
    'id not numeric' => [['id' => 'abc', 'email' => 'a@b.c']],
    'id zero' => [['id' => 0, 'email' => 'a@b.c']],
    'email an array' => [['id' => 5, 'email' => ['a@b.c']]],
];
foreach ($bad as $name => $input) {
    try {
        mdsync_sync_users($input, $opts);
        echo "$name: no error\n";
    } catch (TypeError|ValueError $e) {
        echo "$name: ", get_class($e), ": ", $e->getMessage(), "\n";
    }
}
// An exception thrown by the caller's generator comes through untouched, and nothing was fetched.
$before = mdsync_test_peer_requests($peer, '/api/user/');
$failing = function () { yield ['id' => 1, 'email' => 'a@b.c']; throw new LogicException('reading Moodle failed'); };
try {
    mdsync_sync_users($failing(), $opts);
} catch (LogicException $e) {
    echo get_class($e), ": ", $e->getMessage(), "; requests made: ", mdsync_test_peer_requests($peer, '/api/user/') - $before, "\n";
}
try {
    mdsync_sync_users('nope', $opts);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
same plan: yes
profile_field_ alias read: yes
suspended read: true
not a record: TypeError: mdsync_sync_users(): Argument #1 ($moodle_users) must hold arrays or objects (user records), string given at position 1
no id: ValueError: mdsync_sync_users(): Argument #1 ($moodle_users) user at position 0 must have a positive integer "id"
id not numeric: ValueError: mdsync_sync_users(): Argument #1 ($moodle_users) user at position 0 must have a positive integer "id"
id zero: ValueError: mdsync_sync_users(): Argument #1 ($moodle_users) user at position 0 must have a positive integer "id"
email an array: TypeError: mdsync_sync_users(): Argument #1 ($moodle_users) user at position 0: "email" must be a string or int, array given
LogicException: reading Moodle failed; requests made: 0
mdsync_sync_users(): Argument #1 ($moodle_users) must be of type Traversable|array, string given
