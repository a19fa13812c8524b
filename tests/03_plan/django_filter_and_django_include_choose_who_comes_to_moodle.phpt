--TEST--
Scope, Django to Moodle: django_filter asks Django's endpoint for a subset (query parameters, URL-encoded, merged with users_path's own query; pagination parameters refused); django_include keeps Django users not matching a mapped field from being created, and lists them; inactive users are still not created
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/plan.inc';
$n = ['first_name' => 'F', 'last_name' => 'L'];
$peer = mdsync_test_peer(['load' => [
    ['username' => 's1', 'email' => 's1@students.uni.example', 'groups' => ['student']] + $n,
    ['username' => 's2', 'email' => 's2@students.uni.example', 'groups' => ['student', 'a b&c=d']] + $n,
    ['username' => 's3', 'email' => 's3@students.uni.example', 'groups' => ['student'], 'is_active' => false] + $n,
    ['username' => 't1', 'email' => 't1@staff.uni.example', 'groups' => ['teacher']] + $n,
    ['username' => 'x1', 'email' => 'x1@uni.example', 'edeboid' => 'E-1'] + $n,
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$names = fn(array $users) => json_encode(array_column($users, 'username'));
echo "everyone: ", $names(mdsync_django_users($opts)), "\n";
echo "role=student: ", $names(mdsync_django_users($opts + ['django_filter' => ['role' => 'student']])), "\n";
echo "as one string: ", $names(mdsync_django_users($opts + ['django_filter' => 'role=student'])), "\n";
echo "a value that needs encoding: ", $names(mdsync_django_users($opts + ['django_filter' => ['role' => 'a b&c=d']])), "\n";
echo "beside users_path's own query: ", $names(mdsync_django_users($opts + ['users_path' => '/api/user/?role=teacher',
    'django_filter' => ['other' => 'x']])), "\n";
echo "the status probe counts the same: ", mdsync_django_status($opts + ['django_filter' => ['role' => 'student']])['count'], "\n";
foreach (['page' => 2, 'page_size' => 5, 'cursor' => 'x', 'limit' => 1, 'offset' => 3] as $k => $v) {
    try {
        mdsync_django_users($opts + ['django_filter' => [$k => $v]]);
    } catch (ValueError $e) {
        echo $e->getMessage(), "\n";
    }
}
try {
    mdsync_django_users($opts + ['django_filter' => ['role' => ['student']]]);
} catch (TypeError $e) {
    echo $e->getMessage(), "\n";
}

echo "== django_include: only students' addresses, and only users with an edeboid\n";
$django = mdsync_django_users($opts);
$moodle = [['id' => 40, 'username' => 't1', 'email' => 't1@staff.uni.example']];  // t1 exists in Moodle: matched all the same
foreach ([['email' => '*@students.uni.example'], ['edeboid' => '?*'], ['email' => '*@students.uni.example, *@staff.uni.example', 'username' => 's*']] as $include) {
    $plan = mdsync_sync_users($moodle, $opts + ['django_include' => $include]);
    echo json_encode($include), "\n";
    echo "  only_in_django: ", $names($plan['only_in_django']), ", both: ", json_encode(mdsync_plan_readable($plan, $django)['both']),
        ", inactive skipped: ", $plan['stats']['django_inactive_skipped'], "\n";
    echo "  excluded: ", json_encode($plan['excluded']), ", not_applied: ", json_encode($plan['scope']['not_applied']), "\n";
}
?>
--EXPECT--
everyone: ["s1","s2","s3","t1","x1"]
role=student: ["s1","s2","s3"]
as one string: ["s1","s2","s3"]
a value that needs encoding: ["s2"]
beside users_path's own query: ["t1"]
the status probe counts the same: 3
mdsync_django_users(): Argument #1 ($options) option "django_filter" cannot set "page": mdsync pages through the list itself
mdsync_django_users(): Argument #1 ($options) option "django_filter" cannot set "page_size": mdsync pages through the list itself
mdsync_django_users(): Argument #1 ($options) option "django_filter" cannot set "cursor": mdsync pages through the list itself
mdsync_django_users(): Argument #1 ($options) option "django_filter" cannot set "limit": mdsync pages through the list itself
mdsync_django_users(): Argument #1 ($options) option "django_filter" cannot set "offset": mdsync pages through the list itself
mdsync_django_users(): Argument #1 ($options) option "django_filter" values must be strings, ints or bools, array given for "role"
== django_include: only students' addresses, and only users with an edeboid
{"email":"*@students.uni.example"}
  only_in_django: ["s1","s2"], both: {"40":"t1"}, inactive skipped: 1
  excluded: {"moodle":[],"django":{"django_include":["5","6"]}}, not_applied: {"siteadmin":{"fact":"siteadmin","records":1},"auth":{"fact":"auth","records":1}}
{"edeboid":"?*"}
  only_in_django: ["x1"], both: {"40":"t1"}, inactive skipped: 1
  excluded: {"moodle":[],"django":{"django_include":["2","3","4","5"]}}, not_applied: {"siteadmin":{"fact":"siteadmin","records":1},"auth":{"fact":"auth","records":1},"django_include":{"fact":"the fields it names","records":4}}
{"email":"*@students.uni.example, *@staff.uni.example","username":"s*"}
  only_in_django: ["s1","s2"], both: {"40":"t1"}, inactive skipped: 1
  excluded: {"moodle":[],"django":{"django_include":["5","6"]}}, not_applied: {"siteadmin":{"fact":"siteadmin","records":1},"auth":{"fact":"auth","records":1}}