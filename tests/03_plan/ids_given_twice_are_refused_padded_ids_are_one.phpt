--TEST--
Plan: a Moodle id given twice is a ValueError naming it, before any request; ' 12', '12' and 12 are one id; a djangoid with spaces finds its Django user and is written back clean
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/plan.inc';
$n = ['first_name' => 'F', 'last_name' => 'L'];
$peer = mdsync_test_peer(['load' => [
    ['username' => 'a', 'email' => 'a@x.edu'] + $n,
    ['username' => 'b', 'email' => 'b@x.edu'] + $n,
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);
$id = array_column($django, 'id', 'username');
foreach ([
    [['id' => ' 12', 'email' => 'a@x.edu'], ['id' => 12, 'email' => 'b@x.edu']],
    [['id' => 7, 'email' => 'a@x.edu'], ['id' => 8], ['id' => "7\n", 'email' => 'c@x.edu']],
    [['id' => '0012', 'email' => 'a@x.edu'], ['id' => '12 ', 'email' => 'b@x.edu']],
] as $moodle) {
    try {
        mdsync_sync_users($moodle, $opts);
        echo "no error\n";
    } catch (ValueError $e) {
        echo get_class($e), ': ', $e->getMessage(), "\n";
    }
}
echo "requests to Django: ", mdsync_test_peer_requests($peer, '/api/user/') - 1, " (the one above was mdsync_django_users)\n";
foreach (['email', 'djangoid,email'] as $match) {
    echo "== match \"$match\"\n";
    $plan = mdsync_sync_users([
        ['id' => ' 12', 'email' => 'a@x.edu', 'djangoid' => " {$id['a']} "],
        ['id' => '13 ', 'email' => 'b-renamed@x.edu', 'djangoid' => "\t{$id['b']}"],
    ], $opts + ['match' => $match]);
    mdsync_print_plan($plan, $django);
    echo "both keys: ", json_encode(array_map('gettype', array_keys($plan['both']))), "\n";
}
?>
--EXPECT--
ValueError: mdsync_sync_users(): Argument #1 ($moodle_users) has the id 12 twice (users at positions 0 and 1)
ValueError: mdsync_sync_users(): Argument #1 ($moodle_users) has the id 7 twice (users at positions 0 and 2)
ValueError: mdsync_sync_users(): Argument #1 ($moodle_users) has the id 12 twice (users at positions 0 and 1)
requests to Django: 0 (the one above was mdsync_django_users)
== match "email"
only_in_moodle: []
only_in_django: []
both: {"12":"a"}
moodle_updates: {"djangoid":{"12":"a"}}
conflicts: 
  email_mismatch m=13 d=b: Moodle user 13 carries djangoid b, but that Django user's email is b@x.edu, not b-renamed@x.edu (match "email")
both keys: ["integer"]
== match "djangoid,email"
only_in_moodle: []
only_in_django: []
both: {"12":"a","13":"b"}
moodle_updates: {"djangoid":{"12":"a","13":"b"}}
conflicts: 
  
both keys: ["integer","integer"]