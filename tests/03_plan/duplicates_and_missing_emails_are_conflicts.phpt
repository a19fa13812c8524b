--TEST--
Plan: duplicate normalized emails (either side) and missing emails are conflicts, never guessed at; their users are neither matched nor created
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/plan.inc';
$peer = mdsync_test_peer(['load' => [
    ['username' => 'dup1', 'email' => 'dup@x.edu'],
    ['username' => 'dup2', 'email' => ' DUP@x.edu'],
    ['username' => 'nomail', 'email' => ''],
    ['username' => 'mdup', 'email' => 'm-dup@x.edu'],
    ['username' => 'ok', 'email' => 'ok@x.edu'],
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);
$moodle = [
    ['id' => 20, 'username' => 'd', 'email' => 'Dup@x.edu'],
    ['id' => 21, 'username' => 'm1', 'email' => 'm-dup@x.edu'],
    ['id' => 22, 'username' => 'm2', 'email' => ' M-DUP@x.edu '],
    ['id' => 23, 'username' => 'nobody', 'email' => '   '],
    ['id' => 24, 'username' => 'ok', 'email' => 'ok@x.edu'],
    ['id' => 25, 'username' => 'n2'],
];
mdsync_print_plan(mdsync_sync_users($moodle, $opts), $django);
?>
--EXPECT--
only_in_moodle: []
only_in_django: []
both: {"24":"ok"}
moodle_updates: {"djangoid":{"24":"ok"}}
conflicts: 
  no_email m= d=nomail: Django user nomail (nomail) has no email
  no_email m=23 d=: Moodle user 23 (nobody) has no email
  no_email m=25 d=: Moodle user 25 (n2) has no email
  duplicate_email m=20 d=dup1,dup2: the email "dup@x.edu" belongs to 1 Moodle and 2 Django users; fix it on the side that has it twice (match "email")
  duplicate_email m=21,22 d=mdup: the email "m-dup@x.edu" belongs to 2 Moodle and 1 Django users; fix it on the side that has it twice (match "email")
