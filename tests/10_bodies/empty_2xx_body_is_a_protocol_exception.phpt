--TEST--
A 204, or a 200 with Content-Length: 0, is a ProtocolException naming the status and request wherever a body is parsed; a grade's receipt needs none
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$msg = fn(Throwable $e) => get_class($e) . ': ' . preg_replace('/:\d+/', ':PORT', $e->getMessage());
foreach ([204, 200] as $status) {
    echo "== $status, no body\n";
    $srv = mdsync_fault_server([['status' => $status, 'body' => '']]);
    $opts = ['django_url' => $srv['url'], 'django_token' => 't0k', 'max_retries' => 0];
    foreach ([
        'users' => fn() => mdsync_django_users($opts),
        'plan' => fn() => mdsync_sync_users([], $opts),
        'status' => fn() => mdsync_django_status($opts),
        'moodle' => fn() => mdsync_moodle_call('core_webservice_get_site_info', [], ['moodle_url' => $srv['url'], 'moodle_token' => 'mt0k', 'max_retries' => 0]),
    ] as $name => $call) {
        try {
            $call();
            echo "$name: no exception\n";
        } catch (Mdsync\Exception $e) {
            echo "$name: ", $msg($e), "\n";
        }
    }
    $created = mdsync_create_django_users([['username' => 'a', 'email' => 'a@example.edu']], $opts);
    echo "create: ", $created[0]['status'], ": ", preg_replace('/:\d+/', ':PORT', $created[0]['message']), "\n";
    $grade = ['userid' => 3, 'courseid' => 4, 'itemid' => 5, 'timemodified' => 1700000000, 'finalgrade' => 80];
    $sent = mdsync_push_grade($grade, $opts + ['signing_secret' => 's3cret']);
    echo "grade: ", $sent['status'], " ", $sent['http_status'], "\n";
}
echo "== a 500 with no body is still an HTTP error\n";
$srv = mdsync_fault_server([['status' => 500, 'body' => '']]);
try {
    mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k', 'max_retries' => 0]);
} catch (Mdsync\Exception $e) {
    echo $msg($e), "\n";
}
?>
--EXPECT--
== 204, no body
users: Mdsync\ProtocolException: Django answered 204 with no body to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000
plan: Mdsync\ProtocolException: Django answered 204 with no body to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000
status: Mdsync\ProtocolException: Django answered 204 with no body to GET http://127.0.0.1:PORT/api/user/?page_size=1&limit=1
moodle: Mdsync\ProtocolException: Moodle answered 204 with no body to POST http://127.0.0.1:PORT/webservice/rest/server.php?moodlewsrestformat=json&wsfunction=core_webservice_get_site_info
create: error: Django answered HTTP 204 with no body (no 'id')
grade: delivered 204
== 200, no body
users: Mdsync\ProtocolException: Django answered 200 with no body to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000
plan: Mdsync\ProtocolException: Django answered 200 with no body to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000
status: Mdsync\ProtocolException: Django answered 200 with no body to GET http://127.0.0.1:PORT/api/user/?page_size=1&limit=1
moodle: Mdsync\ProtocolException: Moodle answered 200 with no body to POST http://127.0.0.1:PORT/webservice/rest/server.php?moodlewsrestformat=json&wsfunction=core_webservice_get_site_info
create: error: Django answered HTTP 200 with no body (no 'id')
grade: delivered 200
== a 500 with no body is still an HTTP error
Mdsync\HttpException: Django answered HTTP 500 to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000
