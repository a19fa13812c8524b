--TEST--
Nothing a peer sends is silently changed: ids beyond 64 bits stay exact strings; \u0000, ids that are floats, booleans or empty, invalid UTF-8, a field twice and an unreadable flag are refused, naming the user, the field and the page
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
// A record as raw JSON fragments: the defaults, with some replaced or added.
$rec = function (array $raw) {
    $f = array_merge(['id' => '1', 'username' => '"u"', 'email' => '"u@example.edu"', 'first_name' => '"F"', 'last_name' => '"L"', 'is_active' => 'true'], $raw);
    return '{' . implode(',', array_map(fn($k, $v) => json_encode($k) . ':' . $v, array_keys($f), $f)) . '}';
};
$page = fn(string ...$records) => '{"count":' . count($records) . ',"next":null,"previous":null,"results":[' . implode(',', $records) . ']}';
$cases = [
    'ids beyond 64 bits' => $page($rec(['id' => '0']), $rec(['id' => '9223372036854775808']), $rec(['id' => '18446744073709551617123'])),
    'a string id kept as sent' => $page($rec(['id' => '" 0042 "'])),
    'numbers in text fields kept as sent' => $page($rec(['edeboid' => '12345678901234567890123', 'iasid' => '1.50E+3'])),
    'escapes decoded' => $page($rec(['first_name' => '"\u041e\u043b\u0435\u043d\u0430 \ud83d\ude00 \"q\""'])),
    'email with \u0000' => $page($rec(['email' => '"victim@example.edu\u0000.attacker"'])),
    'id 1e400' => $page($rec(['id' => '1e400'])),
    'id 1.0' => $page($rec(['id' => '1.0'])),
    'id true' => $page($rec(['id' => 'true'])),
    'id ""' => $page($rec(['id' => '""'])),
    'invalid UTF-8' => $page($rec(['last_name' => "\"Kov\xc3\x28l\""])),
    'an overlong UTF-8 form' => $page($rec(['last_name' => "\"\xc0\xafx\""])),
    'an unpaired surrogate' => $page($rec(['last_name' => '"\udc00"'])),
    'email twice' => $page(substr($rec([]), 0, -1) . ',"email":"attacker@example.edu"}'),
    'a boolean email' => $page($rec(['email' => 'true'])),
    'an object email' => $page($rec(['email' => '{"a":1}'])),
    'is_active "yes"' => $page($rec(['is_active' => '"yes"'])),
    'is_active 0, "false", null' => $page($rec(['id' => '1', 'is_active' => '0']), $rec(['id' => '2', 'is_active' => '"false"']), $rec(['id' => '3', 'is_active' => 'null'])),
    'a control character' => $page($rec(['username' => "\"a\tb\""])),
    'a raw NUL' => $page($rec(['username' => "\"a\0b\""])),
];
foreach ($cases as $name => $body) {
    $srv = mdsync_fault_server([['body_base64' => base64_encode($body)]]);
    try {
        $users = mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k', 'max_retries' => 0]);
        echo "$name: ", json_encode(array_map(fn($u) => array_filter($u, fn($v, $k) => in_array($k, ['id', 'djangoid', 'edeboid', 'iasid', 'firstname', 'email', 'suspended']), ARRAY_FILTER_USE_BOTH), $users), JSON_UNESCAPED_UNICODE), "\n";
    } catch (Mdsync\Exception $e) {
        echo "$name: ", get_class($e), ": ", preg_replace('/:\d+/', ':PORT', $e->getMessage()), "\n";
    }
}
?>
--EXPECT--
ids beyond 64 bits: [{"id":"0","email":"u@example.edu","firstname":"F","edeboid":null,"iasid":null,"djangoid":"0","suspended":false},{"id":"9223372036854775808","email":"u@example.edu","firstname":"F","edeboid":null,"iasid":null,"djangoid":"9223372036854775808","suspended":false},{"id":"18446744073709551617123","email":"u@example.edu","firstname":"F","edeboid":null,"iasid":null,"djangoid":"18446744073709551617123","suspended":false}]
a string id kept as sent: [{"id":" 0042 ","email":"u@example.edu","firstname":"F","edeboid":null,"iasid":null,"djangoid":" 0042 ","suspended":false}]
numbers in text fields kept as sent: [{"id":"1","email":"u@example.edu","firstname":"F","edeboid":"12345678901234567890123","iasid":"1.50E+3","djangoid":"1","suspended":false}]
escapes decoded: [{"id":"1","email":"u@example.edu","firstname":"Олена 😀 \"q\"","edeboid":null,"iasid":null,"djangoid":"1","suspended":false}]
email with \u0000: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: user #1 on the page: 'email' holds \u0000, which would cut the text short
id 1e400: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: user #1 on the page: 'id' is not an integer or a string: 1e400
id 1.0: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: user #1 on the page: 'id' is not an integer or a string: 1.0
id true: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: user #1 on the page: 'id' is a boolean, not text
id "": Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: user #1 on the page: 'id' is an empty string
invalid UTF-8: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: invalid JSON: invalid UTF-8 at byte 130
an overlong UTF-8 form: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: invalid JSON: invalid UTF-8 at byte 127
an unpaired surrogate: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: invalid JSON: an unpaired UTF-16 surrogate at byte 127
email twice: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: user #1 on the page: 'email' appears twice in the record
a boolean email: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: user #1 on the page: 'email' is a boolean, not text
an object email: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: user #1 on the page: 'email' is an object, not text
is_active "yes": Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: user #1 on the page: 'suspended' (Django's "is_active") must be true or false (or 1, 0, "true", "false")
is_active 0, "false", null: [{"id":"1","email":"u@example.edu","firstname":"F","edeboid":null,"iasid":null,"djangoid":"1","suspended":true},{"id":"2","email":"u@example.edu","firstname":"F","edeboid":null,"iasid":null,"djangoid":"2","suspended":true},{"id":"3","email":"u@example.edu","firstname":"F","edeboid":null,"iasid":null,"djangoid":"3","suspended":false}]
a control character: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: invalid JSON: an unescaped control character (0x09) inside a string at byte 71
a raw NUL: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: invalid JSON: a raw NUL byte inside a string at byte 71