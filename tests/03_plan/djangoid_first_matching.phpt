--TEST--
Plan: match "djangoid,email" follows Moodle's djangoid before the email; disagreeing identifiers are conflicts in both modes
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/plan.inc';
$peer = mdsync_test_peer(['load' => [
    ['username' => 'a', 'email' => 'a@x.edu', 'first_name' => 'A', 'last_name' => 'X'],
    ['username' => 'b', 'email' => 'b@x.edu', 'first_name' => 'B', 'last_name' => 'X'],
    ['username' => 'c', 'email' => 'c@x.edu', 'first_name' => 'C', 'last_name' => 'X'],
    ['username' => 'd', 'email' => 'd@x.edu', 'first_name' => 'D', 'last_name' => 'X'],
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);
$id = array_map('strval', array_column($django, 'id', 'username'));
$moodle = [
    ['id' => 30, 'email' => 'a-renamed@x.edu', 'djangoid' => $id['a']],   // email changed on one side
    ['id' => 31, 'email' => 'b@x.edu', 'djangoid' => $id['c']],           // id says c, email says b
    ['id' => 32, 'email' => 'zzz@x.edu', 'djangoid' => '999999'],         // linked to a user Django no longer lists
    ['id' => 33, 'email' => 'd@x.edu', 'djangoid' => $id['d']],           // agrees
];
echo "== match by email\n";
mdsync_print_plan(mdsync_sync_users($moodle, $opts), $django);
echo "== match by djangoid, then email\n";
mdsync_print_plan(mdsync_sync_users($moodle, $opts + ['match' => 'djangoid,email']), $django);
echo "== two Moodle users for one Django user\n";
mdsync_print_plan(mdsync_sync_users([
    ['id' => 40, 'email' => 'old-a@x.edu', 'djangoid' => $id['a']],
    ['id' => 41, 'email' => 'A@x.edu'],
], $opts + ['match' => 'djangoid,email']), $django);
?>
--EXPECT--
== match by email
only_in_moodle: []
only_in_django: []
both: {"33":"d"}
moodle_updates: []
conflicts: 
  email_mismatch m=30 d=a: Moodle user 30 carries djangoid a, but that Django user's email is a@x.edu, not a-renamed@x.edu (match "email")
  djangoid_mismatch m=31 d=b,c: Moodle user 31 carries djangoid c, but the Django user with its email (b@x.edu) is b (match "email")
  django_user_missing m=32 d=: Moodle user 32 carries djangoid 999999, which is not in Django's list: deleted, or not visible to this token (match "email")
== match by djangoid, then email
only_in_moodle: []
only_in_django: []
both: {"30":"a","33":"d"}
moodle_updates: []
conflicts: 
  identifier_mismatch m=31 d=c,b: Moodle user 31 carries djangoid c, but its email belongs to Django user b (match "djangoid,email")
  django_user_missing m=32 d=: Moodle user 32 carries djangoid 999999, which is not in Django's list: deleted, or not visible to this token (match "djangoid,email")
== two Moodle users for one Django user
only_in_moodle: []
only_in_django: ["b","c","d"]
both: []
moodle_updates: []
conflicts: 
  matched_twice m=40,41 d=a: Moodle users 40 and 41 both claim Django user a (by email or by djangoid); fix the one that is wrong (match "djangoid,email")
