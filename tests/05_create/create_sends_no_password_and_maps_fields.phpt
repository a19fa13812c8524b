--TEST--
Creating users sends no password unless asked for a generated one (never a default), an Idempotency-Key, and the body through field_map (nested paths)
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$srv = mdsync_fault_server([['status' => 201, 'body' => '{"id": 76}'], ['status' => 201, 'body' => '{"user_id": 77}']]);
$user = ['username' => 'olena', 'email' => 'Olena@Example.edu ', 'firstname' => 'Olena', 'edeboid' => 'E-1', 'suspended' => false, 'djangoid' => '5', 'id' => 3];
$opts = ['django_url' => $srv['url'], 'django_token' => 't0k'];
var_dump(mdsync_create_django_users([$user], $opts)[0]['status']);
var_dump(mdsync_create_django_users([$user], $opts + ['django_password' => 'generate', 'field_map' => [
    'id' => 'user_id', 'email' => 'mail', 'edeboid' => 'profile.edebo_id', 'iasid' => 'profile.ias_id', 'suspended' => '!active',
]]));
[$plain, $generated] = mdsync_fault_requests($srv);
echo $plain['line'], "\n", $plain['body'], "\n";
echo "Idempotency-Key: ", $plain['headers']['idempotency-key'] === 'user:' . hash('sha256', 'olena@example.edu') ? 'user:<sha256 of the normalized email>' : $plain['headers']['idempotency-key'], "\n";
$body = json_decode($generated['body'], true);
echo "password: ", preg_match('/^[0-9a-f]{48}$/', $body['password']) ? 'random, 48 hex digits' : $body['password'], "\n";
unset($body['password']);
echo json_encode($body), "\n";
try {
    mdsync_create_django_users([$user], $opts + ['django_password' => 'Welcome1!']);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
string(7) "created"
array(1) {
  [0]=>
  array(2) {
    ["status"]=>
    string(7) "created"
    ["django_id"]=>
    string(2) "77"
  }
}
POST /api/user/ HTTP/1.1
{"username":"olena","email":"Olena@Example.edu","first_name":"Olena","edeboid":"E-1","is_active":true}
Idempotency-Key: user:<sha256 of the normalized email>
password: random, 48 hex digits
{"username":"olena","mail":"Olena@Example.edu","first_name":"Olena","profile":{"edebo_id":"E-1"},"active":true}
mdsync_create_django_users(): Argument #2 ($options) option "django_password" must be "none" or "generate"
