--TEST--
Plan: a Django user whose username another Moodle account holds (or another Django user folds to), or whom Moodle would refuse (email, username characters, the reserved "guest", no name), is a conflict with the reason, never offered for creation; likewise a Moodle user whose username Django holds
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/plan.inc';
$n = ['first_name' => 'F', 'last_name' => 'L'];
// The peer's loader stores users its API would refuse.
$peer = mdsync_test_peer(['load' => [
    ['username' => 'carol', 'email' => 'carol@x.edu'] + $n,        // Moodle's carol is someone else
    ['username' => 'Zed', 'email' => 'zed1@x.edu'] + $n,           // Zed and zed: one Moodle username
    ['username' => 'zed', 'email' => 'zed2@x.edu'] + $n,
    ['username' => 'Ann Smith', 'email' => 'ann@x.edu'] + $n,      // a space
    ['username' => "o'neil", 'email' => 'oneil@x.edu'] + $n,       // an apostrophe
    ['username' => 'GUEST', 'email' => 'g@x.edu'] + $n,            // every site has a guest
    ['username' => 'bad', 'email' => 'bad@'] + $n,
    ['username' => 'yulia', 'email' => 'юля@example.edu'] + $n,    // Moodle takes ASCII emails only
    ['username' => 'dotless', 'email' => 'me@localhost'] + $n,
    ['username' => 'noname', 'email' => 'noname@x.edu', 'first_name' => ' ', 'last_name' => 'L'],
    ['username' => 'Fine.User', 'email' => 'fine@x.edu'] + $n,     // upper case is fine: Moodle stores it lower-cased
    ['username' => 'erin', 'email' => 'erin@x.edu'] + $n,          // matched to Moodle's erin2 by email
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);
$moodle = [
    ['id' => 20, 'username' => 'carol', 'email' => 'carol.other@x.edu'],
    ['id' => 22, 'username' => 'erin2', 'email' => 'erin@x.edu'],
    ['id' => 23, 'username' => 'erin', 'email' => 'erin.m@x.edu'],   // to create in Django, where erin is taken
    ['id' => 24, 'username' => 'solo', 'email' => 'solo@x.edu'],
];
mdsync_print_plan(mdsync_sync_users($moodle, $opts), $django);
echo "== a site with extendedusernamechars\n";
$plan = mdsync_sync_users($moodle, $opts + ['extended_username_chars' => true]);
echo "only_in_django: ", json_encode(array_column($plan['only_in_django'], 'username')), "\n";
echo "conflicts: ", implode(', ', array_column($plan['conflicts'], 'reason')), "\n";
?>
--EXPECT--
only_in_moodle: [24]
only_in_django: ["Fine.User"]
both: {"22":"erin"}
moodle_updates: {"djangoid":{"22":"erin"}}
conflicts: 
  invalid_username m= d=Ann Smith: Django user Ann Smith cannot be created in Moodle: its username "Ann Smith" has a character Moodle refuses in a username (it allows a-z, 0-9, - . _ and @); it has a space
  invalid_username m= d=o'neil: Django user o'neil cannot be created in Moodle: its username "o'neil" has a character Moodle refuses in a username (it allows a-z, 0-9, - . _ and @); it has "'"
  invalid_username m= d=GUEST: Django user GUEST cannot be created in Moodle: its username "GUEST" is reserved: every Moodle site has its guest user under that name
  invalid_email m= d=bad: Django user bad cannot be created in Moodle: its email "bad@" is not an email address Moodle accepts (the domain)
  invalid_email m= d=yulia: Django user yulia cannot be created in Moodle: its email "юля@example.edu" has characters outside ASCII, which Moodle refuses in an email (an international domain must be written as xn-- labels)
  invalid_email m= d=dotless: Django user dotless cannot be created in Moodle: its email "me@localhost" is not an email address Moodle accepts (the domain)
  missing_name m= d=noname: Django user noname (noname) cannot be created in Moodle: its first name is empty; Moodle requires a first and a last name
  username_taken m=20 d=carol: Django user carol (carol) cannot be created in Moodle: Moodle user 20 already holds the username "carol"
  duplicate_username m= d=Zed,zed: Django users 3 and 4 would both be the Moodle username "zed": only one of them can be created; rename the others in Django
  username_taken m=23 d=erin: Moodle user 23 cannot be created in Django: Django user erin already holds its username "erin"
== a site with extendedusernamechars
only_in_django: ["Ann Smith","o'neil","Fine.User"]
conflicts: invalid_username, invalid_email, invalid_email, invalid_email, missing_name, username_taken, duplicate_username, username_taken