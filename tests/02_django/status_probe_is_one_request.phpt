--TEST--
mdsync_django_status(): one request for one user tells the count and the pagination style, whatever the size; failures throw like the list
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../server.inc';
$peer = mdsync_test_peer(['users' => 2500]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
foreach (['/api/user/', '/api/user-limit/', '/api/user-cursor/'] as $path) {
    $before = mdsync_test_peer_requests($peer, $path);
    $s = mdsync_django_status($opts + ['users_path' => $path]);
    echo $path, ': count=', json_encode($s['count']), ' pagination=', $s['pagination'], ' elapsed is int: ', json_encode(is_int($s['elapsed_ms'])),
        ', requests: ', mdsync_test_peer_requests($peer, $path) - $before, "\n";
}
try {
    mdsync_django_status(['django_token' => 'wrong-SECRET'] + $opts);
} catch (Mdsync\HttpException $e) {
    echo $e->getStatusCode(), ' ', str_contains($e->getMessage(), 'SECRET') ? 'leak' : 'no token in the message', "\n";
}
?>
--EXPECT--
/api/user/: count=2500 pagination=page elapsed is int: true, requests: 1
/api/user-limit/: count=2500 pagination=limit elapsed is int: true, requests: 1
/api/user-cursor/: count=null pagination=cursor elapsed is int: true, requests: 1
401 no token in the message
