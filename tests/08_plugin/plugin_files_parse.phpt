--TEST--
local_django_sync: every PHP file of the plugin parses (its PHPUnit tests need a Moodle; this runs everywhere)
--FILE--
<?php
$root = dirname(__DIR__, 2) . '/local_django_sync';
$files = new RecursiveIteratorIterator(new RecursiveDirectoryIterator($root, FilesystemIterator::SKIP_DOTS));
$n = 0;
foreach ($files as $f) {
    if ($f->getExtension() !== 'php') {
        continue;
    }
    $n++;
    exec(escapeshellarg(PHP_BINARY) . ' -n -l ' . escapeshellarg($f->getPathname()) . ' 2>&1', $out, $rc);
    if ($rc !== 0) {
        echo implode("\n", $out), "\n";
    }
    $out = [];
}
echo $n > 30 ? "all parse\n" : "only $n files\n";
// Every string the plugin asks for exists in lang/en.
define('MOODLE_INTERNAL', true); // the lang file guards itself with this
$string = [];
require $root . '/lang/en/local_django_sync.php';
$missing = [];
foreach ($files as $f) {
    if ($f->getExtension() === 'php' || $f->getExtension() === 'mustache') {
        preg_match_all("/get_string\\(\\s*'([a-z0-9_:]+)'\\s*,\\s*'local_django_sync'/", file_get_contents($f->getPathname()), $m);
        preg_match_all("/\\{\\{#str\\}\\}\\s*([a-z0-9_]+)\\s*,\\s*local_django_sync/", file_get_contents($f->getPathname()), $m2);
        foreach (array_merge($m[1], $m2[1]) as $id) {
            if (!isset($string[$id])) {
                $missing[$id] = true;
            }
        }
    }
}
echo $missing ? 'missing strings: ' . implode(', ', array_keys($missing)) . "\n" : "every string exists\n";
?>
--EXPECT--
all parse
every string exists
