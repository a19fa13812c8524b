--TEST--
Messages say what happened: a 200 KB header line or 300 KB of headers is not "Out of memory" and is not retried; a raw NUL is not "unexpected end of data"; a body cut by max_response_bytes says so
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$cases = [
    'one 200 KB header' => ['headers' => ['X-Big' => str_repeat('a', 200 * 1024)], 'body' => '[]'],
    '5,000 headers' => ['headers' => array_combine(array_map(fn($i) => "X-H$i", range(1, 5000)), array_fill(0, 5000, str_repeat('b', 60))), 'body' => '[]'],
    'a raw NUL between members' => ['body' => "{\"count\":1,\0\"results\":[]}"],
    'a NUL after the value' => ['body' => "[]\0"],
    'truncated' => ['body' => '{"count":1,"results":[{"id":1'],
    'only white space' => ['body' => " \n"],
    'a gzip bomb' => ['headers' => ['Content-Encoding' => 'gzip'], 'body_base64' => base64_encode(gzencode(str_repeat(' ', 8 * 1024 * 1024), 9))],
];
foreach ($cases as $name => $step) {
    $srv = mdsync_fault_server([$step]);
    try {
        mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k', 'max_retries' => 2, 'allow_empty' => true, 'max_response_bytes' => 1024 * 1024]);
        echo "$name: no error\n";
    } catch (Mdsync\Exception $e) {
        echo "$name: ", get_class($e), ": ", preg_replace(['/:\d+/', '/^.*limit=1000: /'], [':PORT', ''], $e->getMessage()), "\n";
    }
    echo "  requests: ", count(mdsync_fault_requests($srv)), "\n";
}
?>
--EXPECT--
one 200 KB header: Mdsync\ProtocolException: Django's answer to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000 has a header line longer than libcurl accepts (100 KB)
  requests: 1
5,000 headers: Mdsync\ProtocolException: Django's answer to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000 has more than 64 KiB of headers
  requests: 1
a raw NUL between members: Mdsync\ProtocolException: invalid JSON: a raw NUL byte at byte 11 (expected a member name)
  requests: 1
a NUL after the value: Mdsync\ProtocolException: invalid JSON: a raw NUL byte at byte 2 (data after the JSON value)
  requests: 1
truncated: Mdsync\ProtocolException: invalid JSON: the body ends inside a value (truncated) at byte 29
  requests: 1
only white space: Mdsync\ProtocolException: invalid JSON: no JSON value (only white space) at byte 2
  requests: 1
a gzip bomb: Mdsync\ProtocolException: Django sent more than max_response_bytes for GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000
  requests: 1
