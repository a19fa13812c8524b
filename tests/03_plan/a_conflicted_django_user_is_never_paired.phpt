--TEST--
Plan: a Django user inside a duplicate_email or no_email conflict is neither matched nor updated, even by djangoid; "email of A, djangoid of B" is one conflict naming both, and neither A nor B is paired with anyone else while it stands
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/plan.inc';
$n = ['first_name' => 'F', 'last_name' => 'L', 'edeboid' => 'E'];
$peer = mdsync_test_peer(['load' => [
    ['username' => 'dup1', 'email' => 'same@x.edu'] + $n,   // one email, two Django users
    ['username' => 'dup2', 'email' => 'SAME@x.edu'] + $n,
    ['username' => 'nomail', 'email' => ''] + $n,
    ['username' => 'a', 'email' => 'a@x.edu'] + $n,
    ['username' => 'b', 'email' => 'b@x.edu'] + $n,
    ['username' => 'c', 'email' => 'c@x.edu'] + $n,
    ['username' => 'd', 'email' => 'd@x.edu'] + $n,
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);
$id = array_map('strval', array_column($django, 'id', 'username'));
$moodle = [
    ['id' => 30, 'email' => 'm30@x.edu', 'djangoid' => $id['dup1']],   // linked to a duplicate: joins its conflict
    ['id' => 31, 'email' => 'n31@x.edu', 'djangoid' => $id['nomail']], // linked to a user without email
    ['id' => 32, 'email' => 'a@x.edu', 'djangoid' => $id['b']],        // email of a, djangoid of b
    ['id' => 33, 'email' => 'b@x.edu'],                                // b's email, but 32 claims b
    ['id' => 34, 'email' => 'c@x.edu', 'djangoid' => $id['dup2']],     // linked to a duplicate, email of c
    ['id' => 35, 'email' => 'd@x.edu', 'djangoid' => $id['d']],        // agrees: the only pair
];
foreach (['djangoid,email', 'email'] as $match) {
    echo "== match \"$match\"\n";
    $plan = mdsync_sync_users($moodle, $opts + ['match' => $match]);
    mdsync_print_plan($plan, $django);
}
?>
--EXPECT--
== match "djangoid,email"
only_in_moodle: []
only_in_django: []
both: {"35":"d"}
moodle_updates: {"edeboid":{"35":"E"}}
conflicts: 
  no_email m=31 d=nomail: Django user nomail (nomail) has no email; Moodle user 31 carries its djangoid (match "djangoid,email")
  duplicate_email m=30 d=dup1,dup2: the email "same@x.edu" belongs to 0 Moodle and 2 Django users; fix it on the side that has it twice; Moodle user 30 carries the djangoid of one of them (match "djangoid,email")
  identifier_mismatch m=32 d=b,a: Moodle user 32 carries djangoid b, but its email belongs to Django user a (match "djangoid,email")
  identifier_mismatch m=34 d=dup2,c: Moodle user 34 carries djangoid dup2, but its email belongs to Django user c (match "djangoid,email")
  matched_twice m=32,33 d=b: Moodle users 32 and 33 both claim Django user b (by email or by djangoid); fix the one that is wrong (match "djangoid,email")
== match "email"
only_in_moodle: []
only_in_django: []
both: {"35":"d"}
moodle_updates: {"edeboid":{"35":"E"}}
conflicts: 
  no_email m= d=nomail: Django user nomail (nomail) has no email
  duplicate_email m= d=dup1,dup2: the email "same@x.edu" belongs to 0 Moodle and 2 Django users; fix it on the side that has it twice (match "email")
  email_mismatch m=30 d=dup1: Moodle user 30 carries djangoid dup1, but that Django user's email is same@x.edu, not m30@x.edu (match "email")
  email_mismatch m=31 d=nomail: Moodle user 31 carries djangoid nomail, but that Django user's email is missing, not n31@x.edu (match "email")
  djangoid_mismatch m=32 d=a,b: Moodle user 32 carries djangoid b, but the Django user with its email (a@x.edu) is a (match "email")
  djangoid_mismatch m=34 d=c,dup2: Moodle user 34 carries djangoid dup2, but the Django user with its email (c@x.edu) is c (match "email")
  matched_twice m=32,33 d=b: Moodle users 32 and 33 both claim Django user b (by email or by djangoid); fix the one that is wrong (match "email")