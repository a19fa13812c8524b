--TEST--
Option values left as PHP references (foreach (... as &$v)) are followed, not refused as "string, string given": strings, ints, bools, field_map and its values
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$srv = mdsync_fault_server([['body' => json_encode(['count' => 1, 'next' => null, 'results' => [['id' => 5, 'username' => 'u', 'mail' => 'u@example.edu', 'first_name' => 'F', 'last_name' => 'L', 'is_active' => true]]])]]);
$opts = ['django_url' => $srv['url'], 'django_token' => ' tok ', 'page_size' => 10, 'verify_tls' => true,
    'field_map' => ['email' => 'mail'], 'users_path' => '/api/user/'];
foreach ($opts as $k => &$v) {
    if (is_string($v)) {
        $v = trim($v);
    }
}
$map = &$opts['field_map'];
foreach ($map as &$path) {
}
unset($v, $path);
echo json_encode(array_map(fn($u) => [$u['id'], $u['email']], mdsync_django_users($opts))), "\n";
echo mdsync_fault_requests($srv)[0]['line'], ' ', mdsync_fault_requests($srv)[0]['headers']['authorization'], "\n";
// A reference to a value of the wrong type is still refused, and says what the value is.
$n = 5;
try { mdsync_django_users(['django_url' => &$n]); } catch (TypeError $e) { echo $e->getMessage(), "\n"; }
?>
--EXPECT--
[["5","u@example.edu"]]
GET /api/user/?page_size=10&limit=10 HTTP/1.1 Token tok
mdsync_django_users(): Argument #1 ($options) option "django_url" must be of type string, int given
