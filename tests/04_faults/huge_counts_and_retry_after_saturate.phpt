--TEST--
No arithmetic overflow on hostile numbers: a count near LONG_MAX is refused by max_pages, a Retry-After of 2^63-1 (or beyond, or a far HTTP-date) ends retries at once, and a reported retry_after is at most a day
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$u = fn($id) => ['id' => $id, 'username' => "u$id", 'email' => "u$id@example.edu", 'first_name' => 'F', 'last_name' => 'L', 'is_active' => true];
$msg = fn($e) => get_class($e) . ': ' . preg_replace('/:\d+/', ':PORT', $e->getMessage());

foreach (['9223372036854775807', '9223372036854775806'] as $count) {
    $srv = mdsync_fault_server([['body' => '{"count": ' . $count . ', "next": "http://127.0.0.1:{PORT}/api/user/?page=2", "results": ' . json_encode([$u(1), $u(2)]) . '}']]);
    try { mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k']); } catch (Mdsync\Exception $e) { echo "count $count: ", $msg($e), "\n"; }
}

$huge = ['9223372036854775807', '99999999999999999999999999', gmdate('D, d M Y H:i:s', time() + 7 * 86400) . ' GMT'];
foreach ($huge as $ra) {
    $srv = mdsync_fault_server([['status' => 429, 'headers' => ['Retry-After' => $ra], 'body' => '{"detail":"slow down"}']]);
    $t = microtime(true);
    try { mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 't0k', 'max_retries' => 5]); } catch (Mdsync\HttpException $e) { echo "429 Retry-After ", strlen($ra), " chars: ", $e->getStatusCode(); }
    printf(", %d request, %s\n", count(mdsync_fault_requests($srv)), microtime(true) - $t < 2 ? 'at once' : 'waited');

    $srv = mdsync_fault_server([['status' => 503, 'headers' => ['Retry-After' => $ra], 'body' => '{"detail":"down"}']]);
    $r = mdsync_push_grade(['userid' => 1, 'courseid' => 1, 'itemid' => 1, 'timemodified' => 1], ['django_url' => $srv['url'], 'signing_secret' => 's', 'max_retries' => 5]);
    printf("  grade: %s retry_after=%d, %d request\n", $r['status'], $r['retry_after'], count(mdsync_fault_requests($srv)));
}

// A Retry-After within the backoff cap is still honoured.
$srv = mdsync_fault_server([['status' => 503, 'headers' => ['Retry-After' => '1'], 'body' => '{}'], ['status' => 201, 'body' => '{}']]);
$t = microtime(true);
$r = mdsync_push_grade(['userid' => 1, 'courseid' => 1, 'itemid' => 1, 'timemodified' => 1], ['django_url' => $srv['url'], 'signing_secret' => 's']);
printf("Retry-After 1: %s after %s\n", $r['status'], microtime(true) - $t >= 0.95 ? 'waiting' : 'no wait');
?>
--EXPECT--
count 9223372036854775807: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: 'count' implies more pages than max_pages allows
count 9223372036854775806: Mdsync\ProtocolException: Django's users list at http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: 'count' implies more pages than max_pages allows
429 Retry-After 19 chars: 429, 1 request, at once
  grade: retry retry_after=86400, 1 request
429 Retry-After 26 chars: 429, 1 request, at once
  grade: retry retry_after=86400, 1 request
429 Retry-After 29 chars: 429, 1 request, at once
  grade: retry retry_after=86400, 1 request
Retry-After 1: delivered after waiting
