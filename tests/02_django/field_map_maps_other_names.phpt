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
echo "without a map, the default names are nowhere in this API: ";
try {
    mdsync_django_users($opts + ['field_map' => ['id' => 'user_id', 'djangoid' => 'user_id']]);
} catch (Mdsync\ConfigException $e) {
    echo get_class($e), "\n", $e->getMessage(), "\n";
}
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
without a map, the default names are nowhere in this API: Mdsync\ConfigException
field_map['username'] ("username"), field_map['email'] ("email"), field_map['firstname'] ("first_name"), field_map['lastname'] ("last_name"), field_map['suspended'] ("is_active") name fields no user on Django's first page has (its users carry: user_id, login, mail, name_first, name_last, active, profile, profile.edebo_id, profile.ias_id); set each to the field the API uses, or to null if it has none
{"source":"django","username":"olena","email":"Olena.K@Example.edu","firstname":"Olena","lastname":"Koval","edeboid":"E-1","iasid":"I-1","auth":null,"suspended":false}
{"source":"django","username":"taras","email":"taras@example.edu","firstname":"Taras","lastname":"S","edeboid":null,"iasid":null,"auth":null,"suspended":true}
