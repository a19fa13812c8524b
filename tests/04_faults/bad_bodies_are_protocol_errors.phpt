--TEST--
Garbage, truncated, wrongly shaped, deeply nested and oversized bodies are ProtocolExceptions with bounded memory
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$cases = [
    'html' => ['body' => '<html>Bad Gateway</html>'],
    'trailing garbage' => ['body' => '{"count":0,"next":null,"results":[]} xx'],
    'no results' => ['body' => '{"detail":"ok"}'],
    'results not a list' => ['body' => '{"count":1,"next":null,"results":{"id":1}}'],
    'result not an object' => ['body' => '{"count":1,"next":null,"results":[5]}'],
    'no id' => ['body' => '{"count":1,"next":null,"results":[{"email":"a@b.c"}]}'],
    'count not int' => ['body' => '{"count":"1","next":null,"results":[{"id":1}]}'],
    'count lies' => ['body' => '{"count":5,"next":null,"results":[{"id":1}]}'],
    'deep nesting' => ['body' => '{"count":1,"next":null,"results":[{"id":1,"x":' . str_repeat('[', 100000) . str_repeat(']', 100000) . '}]}'],
    'oversized' => ['body_repeat' => [' ', 3 * 1024 * 1024]],
];
foreach ($cases as $name => $step) {
    $srv = mdsync_fault_server([$step]);
    $before = memory_get_usage();
    try {
        // records of only an id: the other fields are mapped away (else: a ConfigException, tested elsewhere)
        mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k', 'max_response_bytes' => 1024 * 1024, 'max_retries' => 0,
            'field_map' => ['username' => null, 'email' => null, 'firstname' => null, 'lastname' => null, 'suspended' => null]]);
        echo "$name: no error\n";
    } catch (Mdsync\Exception $e) {
        echo "$name: ", get_class($e), ": ", preg_replace('/^.*\/\?page_size=1000&limit=1000: /', '', preg_replace('/:\d+/', ':PORT', $e->getMessage())), "\n";
    }
    if (memory_get_usage() - $before > 64 * 1024) echo "  memory kept: ", memory_get_usage() - $before, "\n";
}
?>
--EXPECT--
html: Mdsync\ProtocolException: invalid JSON: unexpected '<' at byte 0 (not a JSON value)
trailing garbage: Mdsync\ProtocolException: invalid JSON: unexpected 'x' at byte 37 (data after the JSON value)
no results: Mdsync\ProtocolException: the answer has no 'results' list
results not a list: Mdsync\ProtocolException: the answer's 'results' is not a list
result not an object: Mdsync\ProtocolException: result #1 on the page is not a JSON object
no id: Mdsync\ProtocolException: user #1 on the page has no 'id' (set field_map['id'])
count not int: Mdsync\ProtocolException: 'count' is not an integer
count lies: Mdsync\ProtocolException: 'count' promises more users than the only page holds, and there is no 'next'
deep nesting: Mdsync\ProtocolException: invalid JSON: nesting deeper than 64 levels at byte 107
oversized: Mdsync\ProtocolException: Django sent more than max_response_bytes for GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000
