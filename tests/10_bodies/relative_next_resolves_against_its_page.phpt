--TEST--
A relative 'next' ("?cursor=…", "page2/") is resolved against the URL of the page that sent it, under a django_url with a path too; the status probe names its pagination
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$u = fn($id) => ['id' => $id, 'username' => "u$id", 'email' => "u$id@example.edu", 'first_name' => 'F', 'last_name' => 'L', 'is_active' => true];
$srv = mdsync_fault_server([
    ['match' => 'cursor=c2', 'body' => json_encode(['next' => 'page3/?cursor=c3', 'previous' => null, 'results' => [$u(2)]])],
    ['match' => 'cursor=c3', 'body' => json_encode(['next' => null, 'previous' => null, 'results' => [$u(3)]])],
    ['body' => json_encode(['next' => '?cursor=c2', 'previous' => null, 'results' => [$u(1)]])],
]);
$opts = ['django_url' => $srv['url'] . '/school', 'django_token' => 't0k', 'users_path' => '/api/v1/people/', 'pagination' => 'cursor'];
echo implode(',', array_column(mdsync_django_users($opts), 'id')), "\n";
foreach (mdsync_fault_requests($srv) as $r) {
    echo $r['line'], "\n";
}
$status = mdsync_django_status($opts);
echo "status: ", $status['pagination'], ", count ", var_export($status['count'], true), "\n";
?>
--EXPECT--
1,2,3
GET /school/api/v1/people/?page_size=1000 HTTP/1.1
GET /school/api/v1/people/?cursor=c2 HTTP/1.1
GET /school/api/v1/people/page3/?cursor=c3 HTTP/1.1
status: cursor, count NULL
