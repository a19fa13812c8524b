--TEST--
A field_map field that no user on Django's first page has is a ConfigException naming it and the fields the API does return (never users with blank emails or names); fields some users lack are counted in the plan's stats
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../server.inc';
$peer = mdsync_test_peer(['load' => [
    ['username' => 'olena', 'email' => 'olena@example.edu', 'first_name' => 'Olena', 'last_name' => 'K', 'edeboid' => 'E-1', 'iasid' => 'I-1'],
    ['username' => 'petro', 'email' => 'petro@example.edu', 'first_name' => 'Petro', 'last_name' => 'P', 'edeboid' => 'E-2'],
    ['username' => 'taras', 'email' => 'taras@example.edu', 'first_name' => 'Taras', 'last_name' => 'S'],
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$try = function (string $name, callable $call) {
    try {
        $r = $call();
        echo "$name: ", isset($r['stats']) ? 'plan' : (isset($r['pagination']) ? "status, {$r['count']} users" : count($r) . ' users'), "\n";
        return $r;
    } catch (Mdsync\Exception|ValueError $e) {
        echo "$name: ", get_class($e), " (a Mdsync\\Exception: ", $e instanceof Mdsync\Exception ? 'yes' : 'no', ")\n  ", $e->getMessage(), "\n";
    }
};
$try('email = mail on /api/user/', fn() => mdsync_django_users($opts + ['field_map' => ['email' => 'mail']]));
$try('the plan too, before anything is compared', fn() => mdsync_sync_users([['id' => 5, 'email' => 'olena@example.edu']], $opts + ['field_map' => ['email' => 'mail']]));
$try('an explicit edeboid that is not there', fn() => mdsync_django_users($opts + ['field_map' => ['edeboid' => 'edebo']]));
$try('a nested path that is not there', fn() => mdsync_django_users($opts + ['field_map' => ['iasid' => 'profile.ias']]));
// /api/people/ has other names and no 'edeboid' or 'iasid' at the top: the identifiers' defaults
// may be absent (many APIs have neither), everything else is mapped
$people = $opts + ['users_path' => '/api/people/', 'field_map' => ['id' => 'user_id', 'djangoid' => 'user_id', 'username' => 'login',
    'email' => 'mail', 'firstname' => 'name_first', 'lastname' => 'name_last', 'suspended' => '!active']];
$try('default identifiers absent from /api/people/', fn() => mdsync_django_users($people));
$plan = $try('plan against /api/people/', fn() => mdsync_sync_users([], $people + ['allow_empty' => true]));
echo "  missing: ", json_encode($plan['stats']['django_missing_fields']), "\n";
$plan = $try('plan against /api/user/', fn() => mdsync_sync_users([], $opts));
echo "  missing: ", json_encode($plan['stats']['django_missing_fields']), "\n";
$try('status does not judge the map (one user)', fn() => mdsync_django_status($opts + ['field_map' => ['email' => 'mail']]));
$try('a path empty between dots', fn() => mdsync_django_users($opts + ['field_map' => ['email' => 'a..b']]));
?>
--EXPECT--
email = mail on /api/user/: Mdsync\ConfigException (a Mdsync\Exception: yes)
  field_map['email'] ("mail") names a field no user on Django's first page has (its users carry: id, username, email, first_name, last_name, is_active, edeboid, iasid); set it to the field the API uses, or to null if it has none
the plan too, before anything is compared: Mdsync\ConfigException (a Mdsync\Exception: yes)
  field_map['email'] ("mail") names a field no user on Django's first page has (its users carry: id, username, email, first_name, last_name, is_active, edeboid, iasid); set it to the field the API uses, or to null if it has none
an explicit edeboid that is not there: Mdsync\ConfigException (a Mdsync\Exception: yes)
  field_map['edeboid'] ("edebo") names a field no user on Django's first page has (its users carry: id, username, email, first_name, last_name, is_active, edeboid, iasid); set it to the field the API uses, or to null if it has none
a nested path that is not there: Mdsync\ConfigException (a Mdsync\Exception: yes)
  field_map['iasid'] ("profile.ias") names a field no user on Django's first page has (its users carry: id, username, email, first_name, last_name, is_active, edeboid, iasid); set it to the field the API uses, or to null if it has none
default identifiers absent from /api/people/: 3 users
plan against /api/people/: plan
  missing: {"edeboid":3,"iasid":3}
plan against /api/user/: plan
  missing: {"edeboid":1,"iasid":2}
status does not judge the map (one user): status, 3 users
a path empty between dots: ValueError (a Mdsync\Exception: no)
  mdsync_django_users(): Argument #1 ($options) option "field_map": field_map['email'] must be member names joined by dots (at most 8, each 1 to 128 bytes)