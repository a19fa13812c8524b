--TEST--
PHPStan finds nothing in the Moodle plugin's own classes (local_django_sync/classes, the engine aside) at level 5 with tools/phpstan/moodle.stub.php for Moodle's API; Moodle symbols it cannot know are not errors, but a missing class or function of the plugin itself is (a class renamed late cannot slip through); the baseline holds two explained entries
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
$run = function (string $config) use ($phpstan): array {
    exec(escapeshellarg(PHP_BINARY) . ' ' . escapeshellarg($phpstan) . ' analyse --no-progress --memory-limit=1G --error-format=raw -c '
        . escapeshellarg($config) . ' 2>&1', $out, $rc);
    return [$rc, $out];
};
[$rc, $out] = $run("$root/tools/phpstan/phpstan-plugin.neon");
echo $rc === 0 ? "no errors\n" : "exit $rc:\n" . implode("\n", $out) . "\n";
$baseline = file_get_contents("$root/tools/phpstan/phpstan-plugin-baseline.neon");
echo 'baseline entries: ', preg_match_all('/^\t\t-$/m', $baseline), ', explained: ', str_starts_with($baseline, '# Known findings') ? 'yes' : 'no', "\n";

// The same analysis over a copy of the plugin with a reference to a plugin class that does not exist.
$tmp = sys_get_temp_dir() . '/mdsync-phpstan-' . getmypid();
mkdir("$tmp/tools/phpstan", 0700, true);
exec('cp -r ' . escapeshellarg("$root/local_django_sync") . ' ' . escapeshellarg("$tmp/local_django_sync"));
foreach (['phpstan-plugin.neon', 'phpstan-plugin-baseline.neon', 'moodle.stub.php'] as $f) {
    copy("$root/tools/phpstan/$f", "$tmp/tools/phpstan/$f");
}
copy("$root/mdsync.stub.php", "$tmp/mdsync.stub.php");
$file = "$tmp/local_django_sync/classes/local/run_log.php";
file_put_contents($file, str_replace('    public static function recent(int $limit = 10): array {',
    "    public static function recent(int \$limit = 10): array {\n        \$x = new sync_runner();", file_get_contents($file)));
[$rc, $out] = $run("$tmp/tools/phpstan/phpstan-plugin.neon");
echo "a missing plugin class: exit $rc: ", str_replace($tmp . '/', '', implode("\n", $out)), "\n";
exec('rm -rf ' . escapeshellarg($tmp));
?>
--EXPECTF--
no errors
baseline entries: 2, explained: yes
a missing plugin class: exit 1: local_django_sync/classes/local/run_log.php:%d:Instantiated class local_django_sync\local\sync_runner not found.
