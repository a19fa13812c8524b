--TEST--
mdsync_plan(): the same plan from Django records the caller supplies, without a request; Moodle records as arrays in any key order, objects (declared properties, unset ones, dynamic ones), references, generators and iterators; bad records and an id given twice refused by argument
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/plan.inc';
$peer = mdsync_test_peer(['users' => 6]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);

#[AllowDynamicProperties]
class MoodleUser
{
    public int $id;
    public ?string $email = null;
    public string $username;   // left unset below: absent
    public ?string $djangoid = null;
}
$obj = new MoodleUser();
$obj->id = 4;
$obj->email = 'Student00004@example.edu';
$obj->auth = 'nologin';      // a dynamic property
$email5 = 'student00005@example.edu';
$std = (object) ['email' => ' student00003@EXAMPLE.edu', 'id' => '3', 'username' => 'student00003'];
$moved = ['username' => 'x', 'id' => 9, 'email' => 'gone@example.edu'];
unset($moved['username']);   // a hole where the key sat in the record before
$moved['username'] = 'student00009';
$moodle = [
    ['id' => 1, 'username' => 'student00001', 'email' => 'student00001@example.edu', 'edeboid' => 'EDEBO00001'],
    ['email' => 'student00002@example.edu', 'username' => 'student00002', 'id' => '2', 'profile_field_iasid' => 'IAS00002'],
    $std,
    $obj,
    ['id' => 5, 'email' => &$email5, 'username' => 'student00005'],
    $moved,
];
$gen = function () use ($moodle) { yield from $moodle; };
$fetched = mdsync_sync_users($moodle, $opts);
$a = mdsync_plan($moodle, $django);
$b = mdsync_plan($gen(), new ArrayIterator($django));
$same = fn($x, $y) => array_diff_key($x, ['stats' => 1]) == array_diff_key($y, ['stats' => 1]);
echo "mdsync_plan equals mdsync_sync_users: ", var_export($same($a, $fetched), true), "\n";
echo "from a generator and an iterator: ", var_export($same($a, $b), true), "\n";
mdsync_print_plan($a, $django);
echo "excluded: ", json_encode($a['excluded']['moodle']), "\n";
echo "stats: pages={$a['stats']['pages']} requests={$a['stats']['requests']} read_ms=", is_int($a['stats']['read_ms']) ? 'int' : '?',
    " match_ms=", is_int($a['stats']['match_ms']) ? 'int' : '?', "\n";

foreach ([
    'a Django record without id' => fn() => mdsync_plan([], [['username' => 'x', 'email' => 'x@x.edu']]),
    'a Django id twice' => fn() => mdsync_plan([], [['id' => '7', 'email' => 'a@x.edu'], ['id' => 7, 'email' => 'b@x.edu']]),
    'a Moodle id twice' => fn() => mdsync_plan([['id' => 3], (object) ['id' => ' 3']], $django),
    'a list, not a record' => fn() => mdsync_plan([[1, 'x', 'y@x.edu']], []),
    'a float id' => fn() => mdsync_plan([['id' => 1.5]], []),
    'roles of arrays' => fn() => mdsync_plan([['id' => 1, 'roles' => [['manager']]]], []),
    'a control character in cohorts' => fn() => mdsync_plan([['id' => 1, 'cohorts' => "a\x01b"]], []),
    'a string, not users' => fn() => mdsync_plan('users', []),
    'an unknown option' => fn() => mdsync_plan([], [], ['matchh' => 'email']),
] as $what => $call) {
    try {
        $call();
        echo "$what: accepted\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
mdsync_plan equals mdsync_sync_users: true
from a generator and an iterator: true
only_in_moodle: [9]
only_in_django: ["student00006"]
both: {"1":"student00001","2":"student00002","3":"student00003","4":"student00004","5":"student00005"}
moodle_updates: {"edeboid":{"2":"EDEBO00002","3":"EDEBO00003","4":"EDEBO00004","5":"EDEBO00005"},"iasid":{"1":"IAS00001","3":"IAS00003","4":"IAS00004","5":"IAS00005"},"djangoid":{"1":"student00001","2":"student00002","3":"student00003","4":"student00004","5":"student00005"}}
conflicts: 
  
excluded: {"auth":[4]}
stats: pages=0 requests=0 read_ms=int match_ms=int
a Django record without id: ValueError: mdsync_plan(): Argument #2 ($django_users) user at position 0 must have an "id"
a Django id twice: ValueError: mdsync_plan(): Argument #2 ($django_users) has the id 7 twice (users at positions 0 and 1)
a Moodle id twice: ValueError: mdsync_plan(): Argument #1 ($moodle_users) has the id 3 twice (users at positions 0 and 1)
a list, not a record: ValueError: mdsync_plan(): Argument #1 ($moodle_users) user at position 0 must have a positive integer "id"
a float id: ValueError: mdsync_plan(): Argument #1 ($moodle_users) user at position 0 must have a positive integer "id"
roles of arrays: TypeError: mdsync_plan(): Argument #1 ($moodle_users) user at position 0: "roles" must list strings, array given
a control character in cohorts: ValueError: mdsync_plan(): Argument #1 ($moodle_users) user at position 0 has a control character in "cohorts"
a string, not users: TypeError: mdsync_plan(): Argument #1 ($moodle_users) must be of type Traversable|array, string given
an unknown option: ValueError: mdsync_plan(): Argument #3 ($options) has an unknown option "matchh"