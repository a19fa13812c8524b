--TEST--
PHPStan (tools/phpstan, the version composer.json pins) finds nothing in bin/mdsync, bin/lib and the apply engine (local_django_sync/classes/local/sync) at its strictest level, with mdsync.stub.php as the extension's declaration; any error fails this test
--SKIPIF--
<?php
if (getenv('USE_ZEND_ALLOC') === '0') die('skip not under valgrind or ASan (PHPStan is PHP code that does not touch the extension)');
?>
--FILE--
<?php
$root = dirname(__DIR__, 2);
$phpstan = "$root/tools/phpstan/vendor/bin/phpstan";
if (!is_file($phpstan)) {
    echo "PHPStan is not installed: run scripts/setup (it runs composer install in tools/phpstan)\n";
    exit;
}
// Without -n: PHPStan's phar needs PHP's phar extension, which php.ini loads.
exec(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg($phpstan) . ' analyse --no-progress --memory-limit=1G --error-format=raw -c '
    . escapeshellarg("$root/tools/phpstan/phpstan.neon") . ' 2>&1', $out, $rc);
echo $rc === 0 ? "no errors\n" : "exit $rc:\n" . implode("\n", $out) . "\n";
exec(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg($phpstan) . ' --version 2>&1', $v);
$want = json_decode(file_get_contents("$root/tools/phpstan/composer.json"), true)['require-dev']['phpstan/phpstan'];
echo str_contains(implode(' ', $v), $want) ? "the pinned version\n" : 'another version: ' . implode(' ', $v) . "\n";
$neon = file_get_contents("$root/tools/phpstan/phpstan.neon");
echo preg_match('/^\s+level: max$/m', $neon) ? "level max\n" : "not level max\n";
?>
--EXPECT--
no errors
the pinned version
level max
