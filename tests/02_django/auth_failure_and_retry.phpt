--TEST--
A wrong token gives an HttpException naming status and path but not the token; Bearer works; a 503 is retried once and succeeds
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../server.inc';
$peer = mdsync_test_peer(['users' => 3]);
$port = parse_url($peer['url'], PHP_URL_PORT);
try {
    mdsync_django_users(['django_url' => $peer['url'], 'django_token' => 'wrong-SECRET-token']);
} catch (Mdsync\HttpException $e) {
    echo str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
    echo $e->getStatusCode(), " ", str_replace((string) $port, 'PORT', $e->getUrl()), "\n";
    $all = $e->getMessage() . $e->getTraceAsString() . print_r($e, true) . var_export($e->getTrace(), true);
    echo "token anywhere in the exception: ", str_contains($all, 'wrong-SECRET-token') ? 'yes' : 'no', "\n";
}
echo "bearer: ", count(mdsync_django_users(['django_url' => $peer['url'], 'django_token' => $peer['token'], 'django_auth_scheme' => 'Bearer'])), " users\n";

putenv('MDSYNC_DJANGO_TOKEN=' . $peer['token']);
echo "token from the environment: ", count(mdsync_django_users(['django_url' => $peer['url']])), " users\n";
putenv('MDSYNC_DJANGO_TOKEN');

$before = mdsync_test_peer_requests($peer, '/api/user/');
mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'status' => 503, 'times' => 1]);
$plan = mdsync_sync_users([], ['django_url' => $peer['url'], 'django_token' => $peer['token']]);
echo "after a 503: ", $plan['stats']['django_users'], " users, ", $plan['stats']['requests'], " requests, ", $plan['stats']['retries'], " retry; the peer saw ", mdsync_test_peer_requests($peer, '/api/user/') - $before, "\n";

mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'status' => 503, 'times' => 10]);
try {
    mdsync_django_users(['django_url' => $peer['url'], 'django_token' => $peer['token'], 'max_retries' => 2]);
} catch (Mdsync\HttpException $e) {
    echo str_replace((string) $port, 'PORT', $e->getMessage()), "\n";
}
?>
--EXPECT--
Django answered HTTP 401 to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: Invalid token.
401 http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000
token anywhere in the exception: no
bearer: 3 users
token from the environment: 3 users
after a 503: 3 users, 2 requests, 1 retry; the peer saw 2
Django answered HTTP 503 to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: injected fault 503 (after retries)
