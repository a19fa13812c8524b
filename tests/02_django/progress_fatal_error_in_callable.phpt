--TEST--
A fatal error (or exit) inside the "progress" callable ends the request as PHP ends it: the message, then the shutdown functions; mdsync releases the transfer it was in before the bailout goes on, so nothing of it is used after, and the process ends normally (no crash). Run in a child with PHP's own allocator, as in production: after a fatal error PHP leaves the frames of the call to its allocator's end of request, which memory checkers without it read as leaks
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../server.inc';
require __DIR__ . '/../child_process.inc';
$peer = mdsync_test_peer(['users' => 250]);
$script = tempnam(sys_get_temp_dir(), 'mdsync-progress-');
file_put_contents($script, <<<'PHP'
<?php
[$url, $token, $how] = array_slice($argv, 1);
register_shutdown_function(function () { echo "shutdown functions ran\n"; });
mdsync_django_users(['django_url' => $url, 'django_token' => $token, 'page_size' => 100, 'concurrency' => 2,
    'progress' => function (array $e) use ($how) {
        if ($how === 'exit') {
            echo "exit at page {$e['done']}\n";
            exit(3);
        }
        trigger_error('the callable gives up', E_USER_ERROR);
    }]);
echo "not reached\n";
PHP);
foreach (['fatal error', 'exit'] as $how) {
    [$cmd, $vg] = mdsync_child_command([PHP_BINARY, '-n', '-d', 'extension=' . rtrim((string) ini_get('extension_dir'), '/') . '/mdsync.so',
        '-d', 'display_errors=stdout', $script, $peer['url'], $peer['token'], $how === 'exit' ? 'exit' : 'fatal']);
    $env = getenv();
    unset($env['USE_ZEND_ALLOC']); // PHP's allocator, as in production (see the title)
    $proc = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, mdsync_child_env($env));
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    $rc = proc_close($proc);
    echo "== $how: exit $rc\n", str_replace($script, 'SCRIPT', trim($out)), "\n";
    if (trim($err) !== '') {
        echo "stderr: $err\n";
    }
    if ($errors = mdsync_child_valgrind_errors($vg)) {
        echo "VALGRIND ERRORS:\n$errors\n";
    }
}
unlink($script);
?>
--EXPECTF--
== fatal error: exit 255
Fatal error: the callable gives up in SCRIPT on line %d
shutdown functions ran
== exit: exit 3
exit at page 1
shutdown functions ran
