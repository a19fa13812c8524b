--TEST--
Secrets a peer echoes are redacted from every string mdsync returns or throws (messages, error codes, URLs, create errors, grade answers, Moodle answers and their keys): raw, percent-encoded in either case, JSON-escaped, split by a control character, or past a 200-byte cut
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$token = 'tok/SE+CRET=9x';
$secret = 'sign-SECRET-77';
$moodle = 'moodle-SECRET-55';
$lowhex = fn($s) => preg_replace_callback('/%[0-9A-F]{2}/', fn($m) => strtolower($m[0]), rawurlencode($s));
$forms = [$token, rawurlencode($token), $lowhex($token), $secret, $moodle, substr($token, 0, 8), substr($moodle, 0, 10)];
$leaks = function (string $where, $value) use ($forms) {
    $text = is_string($value) ? $value : var_export($value, true);
    foreach ($forms as $f) {
        if (str_contains($text, $f) || str_contains(preg_replace('/[\x00-\x1f\x7f]/', '', $text), $f)) {
            echo "LEAK in $where: $f\n";
        }
    }
};
$show = fn($s) => preg_replace('/:\d+\//', ':PORT/', $s);
$django = fn($srv, $more = []) => $more + ['django_url' => $srv['url'], 'django_token' => $token, 'signing_secret' => $secret, 'moodle_token' => $moodle, 'max_retries' => 0];

// Users list: the token past the 200-byte cut, split by a control character, percent-encoded.
$details = [
    'long' => str_repeat('x', 190) . " $token",
    'split' => 'bad token: ' . substr($token, 0, 5) . "\u{7}" . substr($token, 5),
    'encoded' => 'bad token: ' . $lowhex($token) . ' and ' . rawurlencode($secret),
    'echo' => 'you sent {ECHO:auth:ctl}',
];
foreach ($details as $name => $detail) {
    $srv = mdsync_fault_server([['status' => 401, 'body' => '{"detail": "' . strtr($detail, ["\u{7}" => '\u0007', '"' => '\"']) . '"}']]);
    try { mdsync_django_users($django($srv)); } catch (Mdsync\HttpException $e) {
        $leaks("users $name", $e->getMessage());
        echo "users $name: ", str_replace(str_repeat('x', 190), 'x{190}', substr($show($e->getMessage()), strlen('Django answered HTTP 401 to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: '))), "\n";
    }
}
// A 'next' that carries the token: the URL of the failed page names it, redacted.
$srv = mdsync_fault_server([
    ['match' => 'page=2', 'status' => 500, 'body' => '{}'],
    ['body' => json_encode(['count' => 2, 'next' => "/api/user/?page=2&t=$token", 'results' => [['id' => 1, 'username' => 'u', 'email' => 'u@example.edu', 'first_name' => 'F', 'last_name' => 'L', 'is_active' => true]]])],
]);
try { mdsync_django_users($django($srv)); } catch (Mdsync\HttpException $e) {
    $leaks('next url', [$e->getMessage(), $e->getUrl()]);
    echo "next: ", $show($e->getUrl()), "\n";
}
// Status probe.
$srv = mdsync_fault_server([['status' => 403, 'body' => '{"detail": "{ECHO:auth}"}']]);
try { mdsync_django_status($django($srv)); } catch (Mdsync\HttpException $e) { $leaks('status', $e->getMessage()); echo "status: ", strstr($e->getMessage(), ': Token'), "\n"; }

// Create: message and Django's field errors, keys included.
$srv = mdsync_fault_server([['status' => 400, 'body' => '{"detail": "{ECHO:auth}", "email": ["{ECHO:auth} is not an email"], "{ECHO:auth}": ["a key"]}']]);
$r = mdsync_create_django_users([['username' => 'a', 'email' => 'a@example.edu']], $django($srv));
$leaks('create', $r);
echo "create: ", $show(json_encode($r[0], JSON_UNESCAPED_SLASHES)), "\n";

// Grades: a JSON answer (signature, body, token and the secret itself), a text answer, a retry message.
$grade = ['userid' => 1, 'courseid' => 2, 'itemid' => 3, 'timemodified' => 4];
$srv = mdsync_fault_server([['status' => 400, 'body' => '{"auth": "{ECHO:auth}", "sig": "{ECHO:sig}", "secret": "' . $secret . '", "' . $secret . '": 1}']]);
$r = mdsync_push_grade($grade, $django($srv));
$leaks('grade json', $r);
echo "grade json: ", preg_replace('/t=\d+,v1=[0-9a-f]{64}/', 't=T,v1=HMAC', json_encode($r['answer'], JSON_UNESCAPED_SLASHES)), "\n";
$srv = mdsync_fault_server([['status' => 422, 'headers' => ['Content-Type' => 'text/plain'], 'body' => "got {ECHO:auth}\nand $secret"]]);
$r = mdsync_push_grade($grade, $django($srv));
$leaks('grade text', $r);
echo "grade text: ", json_encode($r['answer']), "\n";
$srv = mdsync_fault_server([['status' => 503, 'body' => '{"detail": "{ECHO:auth}"}']]);
$r = mdsync_push_grade($grade, $django($srv));
$leaks('grade retry', $r);
echo "grade retry: ", $r['status'], ' ', strstr($r['message'], ': Token'), "\n";

// Moodle: the form body echoed in the message, the token as the errorcode; a successful answer too.
$moodle_opts = fn($srv) => ['moodle_url' => $srv['url'], 'moodle_token' => $moodle, 'django_token' => $token, 'max_retries' => 0];
$srv = mdsync_fault_server([['body' => '{"exception": "x", "errorcode": "' . $moodle . '", "message": "you sent {ECHO:body}"}']]);
try { mdsync_moodle_call('core_webservice_get_site_info', [], $moodle_opts($srv)); } catch (Mdsync\MoodleException $e) {
    $leaks('moodle exception', [$e->getMessage(), $e->getErrorCode(), (string) $e]);
    echo "moodle: ", $e->getMessage(), " [", $e->getErrorCode(), "]\n";
}
$srv = mdsync_fault_server([['body' => '{"sitename": "{ECHO:body}", "' . $moodle . '": ["' . rawurlencode($moodle) . '"]}']]);
$r = mdsync_moodle_call('core_webservice_get_site_info', [], $moodle_opts($srv));
$leaks('moodle answer', $r);
echo "moodle answer: ", json_encode($r), "\n";
?>
--EXPECT--
users long: x{190} [redacted
users split: bad token: [redacted]
users encoded: bad token: [redacted] and [redacted]
users echo: you sent Token [redacted]
next: http://127.0.0.1:PORT/api/user/?t=[redacted]&page=2
status: : Token [redacted]
create: {"status":"error","http_status":400,"message":"Django answered HTTP 400 to POST http://127.0.0.1:PORT/api/user/: Token [redacted]","errors":{"detail":"Token [redacted]","email":["Token [redacted] is not an email"],"Token [redacted]":["a key"]}}
grade json: {"auth":"Token [redacted]","sig":"t=T,v1=HMAC","secret":"[redacted]","[redacted]":1}
grade text: "got Token [redacted]\nand [redacted]"
grade retry: retry : Token [redacted]
moodle: Moodle core_webservice_get_site_info failed: you sent wstoken=[redacted]&moodlewsrestformat=json&wsfunction=core_webservice_get_site_info ([redacted]) [[redacted]]
moodle answer: {"sitename":"wstoken=[redacted]&moodlewsrestformat=json&wsfunction=core_webservice_get_site_info","[redacted]":["[redacted]"]}
