--TEST--
mdsync_moodle_call(): nested parameters arrive as Moodle's PHP parser reads them; Moodle's exceptions become MoodleException; the token is never in a message
--EXTENSIONS--
mdsync
--FILE--
<?php
$port = (function () { $s = stream_socket_server('tcp://127.0.0.1:0'); $p = (int) substr(strrchr(stream_socket_get_name($s, false), ':'), 1); fclose($s); return $p; })();
$proc = proc_open([PHP_BINARY, '-n', '-S', "127.0.0.1:$port", __DIR__ . '/../moodle_ws_server.php'],
    [0 => ['file', '/dev/null', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => ['file', '/dev/null', 'w']], $pipes, null, ['FAKE_MOODLE_TOKEN' => 'ws-SECRET-tok']);
register_shutdown_function(function () use ($proc) { proc_terminate($proc); proc_close($proc); });
for ($i = 0; $i < 100 && !@fsockopen('127.0.0.1', $port); $i++) usleep(20000);

$opts = ['moodle_url' => "http://127.0.0.1:$port", 'moodle_token' => 'ws-SECRET-tok'];
$params = ['users' => [[
    'username' => 'olena', 'email' => 'olena+x@example.edu', 'firstname' => 'Олена', 'createpassword' => true, 'suspended' => false,
    'customfields' => [['type' => 'edeboid', 'value' => 'E 1&2=3'], ['type' => 'djangoid', 'value' => 42]],
    'skipped' => null,
]], 'criteria' => [['key' => 'email', 'value' => '%']]];
$echo = mdsync_moodle_call('mdsync_test_echo', $params, $opts);
echo json_encode($echo, JSON_UNESCAPED_UNICODE), "\n";
var_dump(mdsync_moodle_call('mdsync_test_null', [], $opts));

$show = function (Throwable $e) {
    echo get_class($e), ': ', preg_replace('/:\d+/', ':PORT', $e->getMessage()),
        $e instanceof Mdsync\MoodleException ? ' [' . $e->getErrorCode() . ']' : '', "\n";
    if (str_contains($e->getMessage() . print_r($e, true), 'SECRET')) echo "  LEAK\n";
};
foreach (['core_no_such_function', 'mdsync_test_echo_token', 'mdsync_test_500'] as $fn) {
    try { mdsync_moodle_call($fn, [], $opts); } catch (Mdsync\Exception $e) { $show($e); }
}
try { mdsync_moodle_call('mdsync_test_echo', [], ['moodle_token' => 'wrong-SECRET'] + $opts); } catch (Mdsync\Exception $e) { $show($e); }
putenv('MDSYNC_MOODLE_TOKEN=ws-SECRET-tok');
echo "token from the environment: ", json_encode(mdsync_moodle_call('mdsync_test_echo', ['a' => 1], ['moodle_url' => $opts['moodle_url']])['post']), "\n";
putenv('MDSYNC_MOODLE_TOKEN');
foreach ([['core user', [], $opts], ['x', ['o' => new stdClass], $opts], ['x', [], ['moodle_url' => 'http://h/']], ['x', [], ['moodle_token' => 't']]] as [$fn, $p, $o]) {
    try { mdsync_moodle_call($fn, $p, $o); } catch (ValueError|TypeError $e) { $show($e); }
}
?>
--EXPECT--
{"get":{"moodlewsrestformat":"json","wsfunction":"mdsync_test_echo"},"post":{"users":[{"username":"olena","email":"olena+x@example.edu","firstname":"Олена","createpassword":"1","suspended":"0","customfields":[{"type":"edeboid","value":"E 1&2=3"},{"type":"djangoid","value":"42"}]}],"criteria":[{"key":"email","value":"%"}]}}
NULL
Mdsync\MoodleException: Moodle core_no_such_function failed: Can't find data record in database table external_functions. (invalidrecord) [invalidrecord]
Mdsync\MoodleException: Moodle mdsync_test_echo_token failed: bad token [redacted] (x) [x]
Mdsync\HttpException: Moodle answered HTTP 500 to POST http://127.0.0.1:PORT/webservice/rest/server.php?moodlewsrestformat=json&wsfunction=mdsync_test_500 (after retries)
Mdsync\MoodleException: Moodle mdsync_test_echo failed: Invalid token - token not found (invalidtoken) [invalidtoken]
token from the environment: {"a":"1"}
ValueError: mdsync_moodle_call(): Argument #1 ($wsfunction) must be a web service function name (a-z, 0-9, _)
TypeError: mdsync_moodle_call(): Argument #2 ($params) must hold only arrays and scalars, stdClass given at "o"
ValueError: mdsync_moodle_call(): Argument #3 ($options) option "moodle_token" is required (or set MDSYNC_MOODLE_TOKEN in the environment)
ValueError: mdsync_moodle_call(): Argument #3 ($options) option "moodle_url" is required
