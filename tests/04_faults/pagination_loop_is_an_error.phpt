--TEST--
A cursor 'next' that points back at a page already fetched is a ProtocolException, not an endless walk
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$u = fn($id) => ['id' => $id, 'username' => "u$id", 'email' => "u$id@example.edu", 'first_name' => 'F', 'last_name' => 'L', 'is_active' => true];
$srv = mdsync_fault_server([
    ['match' => 'cursor=b', 'body' => json_encode(['next' => 'http://127.0.0.1:{PORT}/api/user/?cursor=a', 'previous' => null, 'results' => [$u(2)]])],
    ['match' => 'cursor=a', 'body' => json_encode(['next' => 'http://127.0.0.1:{PORT}/api/user/?cursor=b', 'previous' => null, 'results' => [$u(3)]])],
    ['body' => json_encode(['next' => 'http://127.0.0.1:{PORT}/api/user/?cursor=a', 'previous' => null, 'results' => [$u(1)]])],
]);
try {
    mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k', 'pagination' => 'cursor']);
} catch (Mdsync\ProtocolException $e) {
    echo get_class($e), ": ", preg_replace('/:\d+/', ':PORT', $e->getMessage()), "\n";
}
echo count(mdsync_fault_requests($srv)), " requests\n";
?>
--EXPECT--
Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?cursor=b: 'next' points back at a page already fetched (a pagination loop)
3 requests
