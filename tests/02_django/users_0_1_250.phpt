--TEST--
mdsync_django_users(): zero users is refused (unless allow_empty), one user, and 250 users over several concurrent pages
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../server.inc';
$peer = mdsync_test_peer();
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
try {
    mdsync_django_users($opts);
} catch (Mdsync\Exception $e) {
    echo get_class($e), ": ", $e->getMessage(), "\n";
}
var_dump(mdsync_django_users($opts + ['allow_empty' => true]));

mdsync_test_peer_manage($peer, 'seed_users', '--count', '1');
$one = mdsync_django_users($opts);
$one[0]['id'] = is_string($one[0]['id']) && preg_match('/^[0-9]+$/', $one[0]['id']) ? 'a string of digits' : 'not a string';
var_dump($one);

mdsync_test_peer_manage($peer, 'seed_users', '--count', '249', '--start', '2');
$users = mdsync_django_users($opts + ['page_size' => 100]);
echo count($users), " users, ", count(array_unique(array_column($users, 'id'))), " distinct ids\n";
echo "first ", $users[0]['username'], ", last ", $users[249]['username'], "\n";
echo "in order: ", array_column($users, 'id') === array_values(array_unique(array_column($users, 'id'))) && array_column($users, 'id') == range($users[0]['id'], $users[249]['id']) ? 'yes' : 'no', "\n";
?>
--EXPECT--
Mdsync\Exception: Django answered with zero users; refusing to act on that (set allow_empty if it is really empty)
array(0) {
}
array(1) {
  [0]=>
  array(11) {
    ["source"]=>
    string(6) "django"
    ["id"]=>
    string(18) "a string of digits"
    ["username"]=>
    string(12) "student00001"
    ["email"]=>
    string(24) "student00001@example.edu"
    ["firstname"]=>
    string(7) "Student"
    ["lastname"]=>
    string(7) "No00001"
    ["edeboid"]=>
    string(10) "EDEBO00001"
    ["iasid"]=>
    string(8) "IAS00001"
    ["djangoid"]=>
    string(1) "2"
    ["auth"]=>
    NULL
    ["suspended"]=>
    bool(false)
  }
}
250 users, 250 distinct ids
first student00001, last student00250
in order: yes
