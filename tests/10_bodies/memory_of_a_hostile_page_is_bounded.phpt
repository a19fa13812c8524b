--TEST--
A hostile page costs bounded memory, measured as the process's peak RSS (VmHWM) in a child PHP: no tree of the page, the store and buffers checked against memory_limit before they grow (a ProtocolException, never a fatal error or a killed process)
--EXTENSIONS--
mdsync
--SKIPIF--
<?php
if (getenv('USE_ZEND_ALLOC') === '0') die('skip memory_limit is not enforced without PHP\'s allocator (valgrind, ASan)');
if (!is_readable('/proc/self/status')) die('skip needs /proc/self/status');
?>
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$dir = sys_get_temp_dir() . '/mdsync-rss-' . bin2hex(random_bytes(4));
mkdir($dir);
register_shutdown_function(function () use ($dir) { array_map('unlink', glob("$dir/*")); rmdir($dir); });
file_put_contents("$dir/child.php", <<<'PHP'
<?php
$hwm = function () {
    foreach (file('/proc/self/status') as $line) {
        if (str_starts_with($line, 'VmHWM:')) return (int) preg_replace('/\D/', '', $line); // kB
    }
};
$opts = json_decode($argv[3], true) + ['django_url' => $argv[1], 'django_token' => 't0k', 'max_retries' => 0];
$before = $hwm();
try {
    $r = $argv[2] === 'plan' ? mdsync_sync_users([], $opts) : mdsync_django_users($opts);
    $result = 'ok';
} catch (Throwable $e) {
    $result = get_class($e) . ': ' . preg_replace('/^.*limit=1000: /', '', $e->getMessage());
}
echo json_encode(['result' => $result, 'grew_mb' => ($hwm() - $before) / 1024]);
PHP);
$run = function (string $url, string $memory_limit, string $call, array $opts = []) use ($dir) {
    $cmd = [PHP_BINARY, '-n', '-d', 'extension=' . rtrim((string) ini_get('extension_dir'), '/') . '/mdsync.so',
        '-d', "memory_limit=$memory_limit", "$dir/child.php", $url, $call, json_encode($opts)];
    $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    $rc = proc_close($p);
    return json_decode($out, true) ?? ['result' => "exit $rc: $out $err", 'grew_mb' => -1];
};
$only_ids = ['field_map' => ['username' => null, 'email' => null, 'firstname' => null, 'lastname' => null, 'suspended' => null]];
$show = function (string $name, array $r, float $bound_mb) {
    printf("%s: %s\n  peak RSS grew by at most %d MB: %s\n", $name, preg_replace(['/[\d,]+ (users|bytes|MB)/', '/:\d+/'], ['N $1', ':PORT'], $r['result']),
        $bound_mb, $r['grew_mb'] >= 0 && $r['grew_mb'] <= $bound_mb ? 'yes' : "NO ({$r['grew_mb']} MB)");
};

// The issue's page: 8.6 MB of {} (json-c built 2.3 GB of it)
$body = '[' . rtrim(str_repeat('{},', 2900000), ',') . ']';
$srv = mdsync_fault_server([['body' => $body]]);
$show('8.6 MB of {}', $run($srv['url'], '128M', 'users'), 2 * strlen($body) / 1048576 + 4);

// 16 MiB of the smallest users there are: the store would outgrow memory_limit
$body = '[' . implode(',', array_map(fn($i) => "{\"id\":$i}", range(1, 1250000))) . ']';
$srv = mdsync_fault_server([['body' => $body]]);
$show('16 MiB of {"id":N}, memory_limit 128M', $run($srv['url'], '128M', 'users', $only_ids), 128 + 8);
// With room for the store (~120 bytes a user here, slack included), the PHP arrays of the result
// would not fit: refused before they are built. The plan adds the planner's own memory.
$show('the same, memory_limit 512M, mdsync_django_users', $run($srv['url'], '512M', 'users', $only_ids), 200);
$show('the same, memory_limit 512M, mdsync_sync_users', $run($srv['url'], '512M', 'plan', $only_ids), 400);

// a body larger than memory_limit leaves: never buffered
$srv = mdsync_fault_server([['body_repeat' => [' ', 80 * 1048576]]]);
$show('80 MiB, memory_limit 64M', $run($srv['url'], '64M', 'users', ['max_response_bytes' => 128 * 1048576]), 8);
?>
--EXPECT--
8.6 MB of {}: Mdsync\ProtocolException: user #1 on the page has no 'id' (set field_map['id'])
  peak RSS grew by at most 20 MB: yes
16 MiB of {"id":N}, memory_limit 128M: Mdsync\ProtocolException: the users read so far need more memory than memory_limit leaves (N users stored)
  peak RSS grew by at most 136 MB: yes
the same, memory_limit 512M, mdsync_django_users: Mdsync\Exception: 1250000 Django users as PHP arrays need about N MB, more than memory_limit leaves (mdsync_sync_users() needs far less: it keeps them in C)
  peak RSS grew by at most 200 MB: yes
the same, memory_limit 512M, mdsync_sync_users: Mdsync\Exception: the plan as PHP values needs about N MB (0 records to create), more than memory_limit leaves
  peak RSS grew by at most 400 MB: yes
80 MiB, memory_limit 64M: Mdsync\ProtocolException: Django's answer to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000 would pass memory_limit (N bytes of it read)
  peak RSS grew by at most 8 MB: yes
