--TEST--
A 'next' naming another scheme, host or port (DRF behind a proxy) is re-based onto django_url: the token never leaves the configured host
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$u = fn($id) => ['id' => $id, 'username' => "u$id", 'email' => "u$id@example.edu", 'first_name' => 'F', 'last_name' => 'L', 'is_active' => true];
$page = fn($n, $id) => ['match' => "page=$n ", 'body' => json_encode(['count' => 3, 'next' => null, 'previous' => null, 'results' => [$u($id)]])];
$srv = mdsync_fault_server([
    $page(2, 2),
    $page(3, 3),
    // page one: the server capped page_size to 1, and its 'next' names an outside host
    ['body' => json_encode(['count' => 3, 'next' => 'https://evil.invalid:8443/api/user/?page=2&page_size=1000&limit=1000', 'previous' => null, 'results' => [$u(1)]])],
]);
$users = mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 'tok-SECRET']);
echo implode(',', array_column($users, 'id')), "\n";
foreach (mdsync_fault_requests($srv) as $r) {
    $line = preg_replace('/page=\d/', 'page=N', $r['line']);
    echo $line, ' host=', preg_replace('/:\d+/', ':PORT', $r['headers']['host']), ' auth=', $r['headers']['authorization'] === 'Token tok-SECRET' ? 'ok' : 'missing', "\n";
}
?>
--EXPECT--
1,2,3
GET /api/user/?page_size=1000&limit=1000 HTTP/1.1 host=127.0.0.1:PORT auth=ok
GET /api/user/?page_size=1000&limit=1000&page=N HTTP/1.1 host=127.0.0.1:PORT auth=ok
GET /api/user/?page_size=1000&limit=1000&page=N HTTP/1.1 host=127.0.0.1:PORT auth=ok
