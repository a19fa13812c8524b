--TEST--
Moodle, create and grade answers: read by the same scanner into PHP values (big integers as exact strings, \u0000 kept in PHP strings, 1e400 and broken JSON refused), small answers budgeted, a 2xx with a huge body still delivered
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$msg = fn(Throwable $e) => get_class($e) . ': ' . preg_replace('/:\d+/', ':PORT', $e->getMessage());
echo "== Moodle\n";
$srv = mdsync_fault_server([
    ['match' => 'wsfunction=t_values', 'body' => '{"id":9223372036854775808,"n":-12,"f":0.5,"s":"a\u0000b","k":{"10":"x","":true},"l":[null,[]]}'],
    ['match' => 'wsfunction=t_inf', 'body' => '{"grade":1e400}'],
    ['match' => 'wsfunction=t_broken', 'body' => '{"users":[{"id":3},]}'],
    ['match' => 'wsfunction=t_exception', 'body' => '{"exception":"moodle_exception","errorcode":"bad\u0041","message":"M\u00e9ssage \"quoted\""}'],
    ['body' => 'null'],
]);
$mo = ['moodle_url' => $srv['url'], 'moodle_token' => 'mt0k', 'max_retries' => 0];
$v = mdsync_moodle_call('t_values', [], $mo);
var_dump($v['id'], $v['n'], $v['f'], strlen($v['s']), $v['k'], $v['l']);
foreach (['t_inf', 't_broken', 't_exception'] as $fn) {
    try {
        mdsync_moodle_call($fn, [], $mo);
    } catch (Mdsync\Exception $e) {
        echo $msg($e), $e instanceof Mdsync\MoodleException ? ' [' . $e->getErrorCode() . ']' : '', "\n";
    }
}
echo "== create (one at a time, in order)\n";
$srv = mdsync_fault_server([
    ['status' => 201, 'body' => '{"id":18446744073709551617,"email":"a@example.edu"}'],
    ['status' => 201, 'body' => '{"id":true}'],
    ['status' => 201, 'body' => '{"id":"\u0000"}'],
    ['status' => 400, 'body' => '{"email":["user with this \u0065mail already exists."]}'],
    ['status' => 400, 'body' => '{"email":["Enter a valid email address."],"x":[' . str_repeat('"padding",', 2000) . '"end"]}'],
    ['status' => 400, 'body' => '{"email":["Enter a valid email address."]}'],
]);
$users = [];
foreach (range(1, 6) as $i) {
    $users["u$i"] = ['username' => "u$i", 'email' => "u$i@example.edu"];
}
$opts = ['django_url' => $srv['url'], 'django_token' => 't0k', 'concurrency' => 1, 'max_retries' => 0];
foreach (mdsync_create_django_users($users, $opts) as $k => $r) {
    unset($r['http_status']);
    if (isset($r['message'])) $r['message'] = preg_replace('/:\d+/', ':PORT', $r['message']);
    echo "$k: ", json_encode($r), "\n";
}
echo "== grades\n";
$srv = mdsync_fault_server([
    ['match' => 'g1', 'status' => 200, 'body_repeat' => ['x', 2 * 1048576]],
    ['match' => 'g2', 'status' => 400, 'body' => '{"detail":"no such course","n":9223372036854775808}'],
    ['match' => 'g3', 'status' => 400, 'body' => '[' . str_repeat('"padding",', 3000) . '"end"]'],
    ['match' => 'g4', 'status' => 422, 'body' => "<html>Unprocessable\0</html>"],
]);
$grades = [];
foreach (range(1, 4) as $i) {
    $grades["g$i"] = ['userid' => $i, 'courseid' => 2, 'itemid' => 3, 'timemodified' => 1700000000, 'finalgrade' => 50, 'courseshortname' => "g$i"];
}
$results = mdsync_push_grades($grades, ['django_url' => $srv['url'], 'signing_secret' => 's3cret', 'max_retries' => 0,
    'grades_url_template' => '/api/grades/{courseshortname}/']);
foreach ($results as $k => $r) {
    unset($r['message']);
    echo "$k: ", json_encode($r), "\n";
}
?>
--EXPECT--
== Moodle
string(19) "9223372036854775808"
int(-12)
float(0.5)
int(3)
array(2) {
  [10]=>
  string(1) "x"
  [""]=>
  bool(true)
}
array(2) {
  [0]=>
  NULL
  [1]=>
  array(0) {
  }
}
Mdsync\ProtocolException: Moodle's answer to t_inf: a number beyond the range of a float
Mdsync\ProtocolException: Moodle's answer to t_broken is not JSON: invalid JSON: unexpected ']' at byte 19 (not a JSON value) (is the REST protocol enabled?)
Mdsync\MoodleException: Moodle t_exception failed: Méssage "quoted" (badA) [badA]
== create (one at a time, in order)
u1: {"status":"created","django_id":"18446744073709551617"}
u2: {"status":"error","message":"Django answered HTTP 201 but the 'id' in its answer is not an integer or a (non-empty) string","errors":null}
u3: {"status":"error","message":"Django answered HTTP 201 but the 'id' in its answer is not an integer or a (non-empty) string","errors":null}
u4: {"status":"exists"}
u5: {"status":"error","message":"Django answered HTTP 400 to POST http:\/\/127.0.0.1:PORT\/api\/user\/","errors":null}
u6: {"status":"error","message":"Django answered HTTP 400 to POST http:\/\/127.0.0.1:PORT\/api\/user\/","errors":{"email":["Enter a valid email address."]}}
== grades
g1: {"status":"delivered","http_status":200}
g2: {"status":"rejected","http_status":400,"answer":{"detail":"no such course","n":"9223372036854775808"}}
g3: {"status":"rejected","http_status":400,"answer":null}
g4: {"status":"rejected","http_status":422,"answer":"<html>Unprocessable <\/html>"}
