--TEST--
field_map maps another API's field names (nested paths, an inverted active flag) onto the canonical record
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../server.inc';
$peer = mdsync_test_peer(['load' => [
    ['username' => 'olena', 'email' => 'Olena.K@Example.edu', 'first_name' => 'Olena', 'last_name' => 'Koval', 'edeboid' => 'E-1', 'iasid' => 'I-1', 'is_active' => true],
    ['username' => 'taras', 'email' => 'taras@example.edu', 'first_name' => 'Taras', 'last_name' => 'S', 'is_active' => false],
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token'], 'users_path' => '/api/people/'];
echo "without a map, ids are there but names are not: ";
$raw = mdsync_django_users($opts + ['field_map' => ['id' => 'user_id', 'djangoid' => 'user_id']]);
var_dump($raw[0]['email'], $raw[0]['username']);
$users = mdsync_django_users($opts + ['field_map' => [
    'id' => 'user_id', 'djangoid' => 'user_id', 'username' => 'login', 'email' => 'mail',
    'firstname' => 'name_first', 'lastname' => 'name_last',
    'edeboid' => 'profile.edebo_id', 'iasid' => 'profile.ias_id', 'suspended' => '!active',
]]);
foreach ($users as $u) {
    unset($u['id'], $u['djangoid']);
    echo json_encode($u), "\n";
}
?>
--EXPECT--
without a map, ids are there but names are not: NULL
NULL
{"source":"django","username":"olena","email":"Olena.K@Example.edu","firstname":"Olena","lastname":"Koval","edeboid":"E-1","iasid":"I-1","auth":null,"suspended":false}
{"source":"django","username":"taras","email":"taras@example.edu","firstname":"Taras","lastname":"S","edeboid":null,"iasid":null,"auth":null,"suspended":true}
