--TEST--
mdsync_create_django_users(): created, exists (email already there), per-user errors in a partly failing batch; a re-run creates nothing
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../server.inc';
$peer = mdsync_test_peer(['users' => 2]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$batch = [
    'new1' => ['username' => 'olena', 'email' => ' Olena@Example.edu ', 'firstname' => 'Olena', 'lastname' => 'K', 'edeboid' => 'E-9', 'iasid' => 'I-9'],
    'new2' => (object) ['username' => 'petro', 'email' => 'petro@example.edu', 'firstname' => 'Petro', 'lastname' => 'P'],
    'same email' => ['username' => 'student00001', 'email' => 'STUDENT00001@example.edu'],
    'taken username' => ['username' => 'student00002', 'email' => 'someone-else@example.edu'],
    'bad email' => ['username' => 'bad', 'email' => 'not-an-email'],
    'no email' => ['username' => 'nomail'],
    'no username' => ['email' => 'x@example.edu'],
    'not a record' => 42,
];
$show = function (array $results) {
    foreach ($results as $k => $r) {
        if (isset($r['django_id'])) $r['django_id'] = is_string($r['django_id']) && preg_match('/^[0-9]+$/', $r['django_id']) ? 'ID' : 'not a string of digits';
        if (isset($r['message'])) $r['message'] = preg_replace('/:\d+/', ':PORT', $r['message']);
        echo str_pad($k, 15), json_encode($r), "\n";
    }
};
$show(mdsync_create_django_users($batch, $opts));
$users = array_column(mdsync_django_users($opts), null, 'username');
echo "stored: ", json_encode(array_intersect_key($users['olena'], array_flip(['email', 'firstname', 'edeboid', 'iasid', 'suspended']))), "\n";
echo "== again\n";
$show(mdsync_create_django_users(array_slice($batch, 0, 3), $opts));
echo count(mdsync_django_users($opts)), " users in Django\n";
echo json_encode(mdsync_create_django_users([], $opts)), "\n";
?>
--EXPECT--
new1           {"status":"created","django_id":"ID"}
new2           {"status":"created","django_id":"ID"}
same email     {"status":"exists"}
taken username {"status":"error","http_status":400,"message":"Django answered HTTP 400 to POST http:\/\/127.0.0.1:PORT\/api\/user\/","errors":{"username":["A user with that username already exists."]}}
bad email      {"status":"error","http_status":400,"message":"Django answered HTTP 400 to POST http:\/\/127.0.0.1:PORT\/api\/user\/","errors":{"email":["Enter a valid email address."]}}
no email       {"status":"error","http_status":0,"message":"the user has no email","errors":null}
no username    {"status":"error","http_status":0,"message":"the user has no username","errors":null}
not a record   {"status":"error","http_status":0,"message":"a user record must be an array or object, int given","errors":null}
stored: {"email":"Olena@Example.edu","firstname":"Olena","edeboid":"E-9","iasid":"I-9","suspended":false}
== again
new1           {"status":"exists"}
new2           {"status":"exists"}
same email     {"status":"exists"}
4 users in Django
[]
