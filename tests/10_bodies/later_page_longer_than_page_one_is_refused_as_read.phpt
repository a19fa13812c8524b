--TEST--
A later page longer than page one (in users, or eight times its bytes), or one that takes the list past 'count', is refused as it is read or as it arrives (nothing more is asked for); page_size 1 over 400 users costs memory for the users, not per page
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
require __DIR__ . '/../server.inc';
$u = fn($id) => ['id' => $id, 'username' => "u$id", 'email' => "u$id@example.edu", 'first_name' => 'F', 'last_name' => 'L', 'is_active' => true];
$msg = fn(Throwable $e) => get_class($e) . ': ' . preg_replace('/:\d+/', ':PORT', $e->getMessage());
$next = 'http://127.0.0.1:{PORT}/api/user/?page=2&page_size=1000&limit=1000';

// page one holds 2 of 2000: page two answers with 500
$srv = mdsync_fault_server([
    ['match' => 'page=2', 'body' => json_encode(['count' => 2000, 'next' => null, 'previous' => null, 'results' => array_map($u, range(3, 502))])],
    ['match' => 'page=', 'status' => 503, 'body' => '{}'],
    ['body' => json_encode(['count' => 2000, 'next' => $next, 'previous' => null, 'results' => [$u(1), $u(2)]])],
]);
try {
    mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k', 'concurrency' => 1, 'max_retries' => 0]);
} catch (Mdsync\Exception $e) {
    echo $msg($e), "\n";
}
$n = count(mdsync_fault_requests($srv));
echo "requests: ", $n <= 4 ? "at most 4" : $n, " (of 1000 pages)\n";

// page two holds as many users as page one, and 3 MB more: cut as it arrives (8 times page one's
// bytes, and 64 KiB), never buffered whole
$srv = mdsync_fault_server([
    ['match' => 'page=2', 'body' => json_encode(['count' => 4, 'next' => null, 'previous' => null, 'results' => [$u(3) + ['bio' => str_repeat('x', 3000000)], $u(4)]])],
    ['body' => json_encode(['count' => 4, 'next' => $next, 'previous' => null, 'results' => [$u(1), $u(2)]])],
]);
try {
    mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k', 'max_retries' => 0]);
} catch (Mdsync\Exception $e) {
    echo $msg($e), "\n";
}

// 5 users, 2 a page: page three holds 2 where 'count' leaves room for 1
$srv = mdsync_fault_server([
    ['match' => 'page=2', 'body' => json_encode(['count' => 5, 'next' => null, 'previous' => null, 'results' => [$u(3), $u(4)]])],
    ['match' => 'page=3', 'body' => json_encode(['count' => 5, 'next' => null, 'previous' => null, 'results' => [$u(5), $u(6)]])],
    ['body' => json_encode(['count' => 5, 'next' => $next, 'previous' => null, 'results' => [$u(1), $u(2)]])],
]);
try {
    mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k', 'concurrency' => 1, 'max_retries' => 0]);
} catch (Mdsync\Exception $e) {
    echo $msg($e), "\n";
}

// the real peer, one user a page: requests are freed as they finish and pages hold no storage of their own
$peer = mdsync_test_peer(['users' => 400]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token'], 'page_size' => 1];
mdsync_django_users(['page_size' => 400] + $opts); // warm up (PHP's allocator, the peer's workers)
$before = memory_get_usage();
memory_reset_peak_usage();
$users = mdsync_django_users($opts);
$peak = memory_get_peak_usage() - $before;
$kept = memory_get_usage() - $before;
echo count($users), " users in ", mdsync_test_peer_requests($peer, '/api/user/') - 1, " requests\n";
// the result itself is ~1 KB a user; what the fetch needs beyond it is what is bounded here
$zend_alloc = getenv('USE_ZEND_ALLOC') !== '0';
echo "fetch memory beyond the result: ", !$zend_alloc || $peak - $kept < 200 * 1024 ? "under 200 KB" : round(($peak - $kept) / 1024) . " KB", "\n";
?>
--EXPECT--
Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000&page=2: the page holds more users than page one (2)
requests: at most 4 (of 1000 pages)
Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000&page=2: the page is more than 68088 bytes, over 8 times page one's 319 (refused as it arrived)
Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000&page=3: the page holds more users than 'count' said in all (5); the list changed while it was fetched, run again
400 users in 400 requests
fetch memory beyond the result: under 200 KB
