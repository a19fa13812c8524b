--TEST--
The "progress" option: a callable told of each users page (done of total) and of each retry (attempt, status, wait), against the real peer; an exception it throws stops the fetch and reaches the caller as it is; a write call refuses the option (a fatal error in it: progress_fatal_error_in_callable.phpt)
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../server.inc';
$peer = mdsync_test_peer(['users' => 250]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token'], 'page_size' => 100, 'concurrency' => 1];

$events = [];
$users = mdsync_django_users($opts + ['progress' => function (array $e) use (&$events) { $events[] = $e; }]);
echo count($users), " users\n";
foreach ($events as $e) {
    echo json_encode($e), "\n";
}

mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'method' => 'GET', 'status' => 503, 'times' => 1]);
$events = [];
$plan = mdsync_sync_users([], $opts + ['progress' => function (array $e) use (&$events) { $events[] = $e; }]);
echo "plan: ", $plan['stats']['django_users'], " Django users\n";
foreach ($events as $e) {
    if ($e['event'] === 'retry') {
        echo 'retry: attempt ', $e['attempt'], ', ', $e['reason'], ', http_status ', $e['http_status'], ', waits ', $e['wait_ms'] > 0 ? 'a while' : 'not', "\n";
    }
}
echo "pages told: ", count(array_filter($events, fn ($e) => $e['event'] === 'page')), "\n";

$before = mdsync_test_peer_requests($peer, '/api/user/');
try {
    mdsync_django_users($opts + ['progress' => function (array $e) {
        if ($e['done'] === 1) {
            throw new DomainException('stop at page one');
        }
    }]);
    echo "not stopped\n";
} catch (Throwable $t) {
    echo get_class($t), ': ', $t->getMessage(), ', previous: ', $t->getPrevious() ? get_class($t->getPrevious()) : 'none', "\n";
}
echo "requests after page one: ", mdsync_test_peer_requests($peer, '/api/user/') - $before - 1, "\n";

foreach ([
    'not callable' => fn () => mdsync_django_users($opts + ['progress' => 'no_such_function']),
    'a write call' => fn () => mdsync_create_django_users([], $opts + ['progress' => fn ($e) => null]),
] as $what => $call) {
    try {
        $call();
    } catch (TypeError | ValueError $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECTF--
250 users
{"event":"page","done":1,"total":3}
{"event":"page","done":2,"total":3}
{"event":"page","done":3,"total":3}
plan: 250 Django users
retry: attempt 1, HTTP 503, http_status 503, waits a while
pages told: 3
DomainException: stop at page one, previous: none
requests after page one: 0
not callable: TypeError: mdsync_django_users(): Argument #1 ($options) option "progress" must be a valid callback, function "no_such_function" not found or invalid function name
a write call: ValueError: mdsync_create_django_users(): Argument #2 ($options) option "progress" is for reading the users list (mdsync_django_users(), mdsync_sync_users()), not for this function
