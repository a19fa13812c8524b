--TEST--
Every failure ends in a documented exit code (0, 1, 2; 130 after a signal), never 255 or a PHP fatal's default: out of memory (a PHP fatal error) is a message and exit 2 (a JSON error with --json, stdout holding only that), as are Moodle answering garbage, Moodle answering HTTP 500, a directory that cannot be written, an unreadable config file, a Moodle CSV that is a directory
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 2]);
$dir = mdsync_cli_tmpdir();
$big = "$dir/big.csv";
$fp = fopen($big, 'w');
fwrite($fp, "id,username,email,firstname,lastname\n");
for ($i = 2; $i < 150000; $i++) {
    fwrite($fp, "$i,u$i,u$i@example.edu,F,L\n");
}
fclose($fp);
$csv = mdsync_cli_moodle_csv([[2, 'admin', 'admin@example.edu']]);
$garbage = mdsync_cli_moodle();
file_put_contents($garbage['store'], '{');   // the fake answers with a PHP error page, not JSON
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $garbage['token']];
$ini = "$dir/unreadable.ini";
file_put_contents($ini, "max_retries = 0\n");
chmod($ini, 0);
$cases = [
    'out of memory' => [['-d', 'memory_limit=8M'], ['plan', '--json', '--django-url', $peer['url'], '--moodle-csv', $big]],
    'Moodle answers garbage' => [[], ['apply', '--yes', '--django-url', $peer['url'], '--moodle-url', $garbage['url']]],
    'an unwritable directory' => [[], ['apply', '--yes', '--django-url', $peer['url'], '--moodle-csv', $csv, '--write-upload-csv', '/nonexistent-dir/x.csv', '--write-update-csv', "$dir/u.csv"]],
    'a config file that cannot be read' => [[], ['plan', '--django-url', $peer['url'], '--moodle-csv', $csv, '--config', posix_getuid_or_zero() === 0 ? '/nonexistent.ini' : $ini]],
    'a Moodle CSV that is a directory' => [[], ['plan', '--django-url', $peer['url'], '--moodle-csv', $dir]],
];
function posix_getuid_or_zero(): int { return function_exists('posix_getuid') ? posix_getuid() : 0; }
foreach ($cases as $what => [$php, $args]) {
    $cmd = array_merge([PHP_BINARY, '-n', '-d', 'extension=' . rtrim((string) ini_get('extension_dir'), '/') . '/mdsync.so'], $php,
        [dirname(__DIR__, 2) . '/bin/mdsync'], $args);
    $proc = proc_open($cmd, [0 => ['file', '/dev/null', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null,
        $env + ['PATH' => (string) getenv('PATH')] + mdsync_cli_sanitizer_env());
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    $rc = proc_close($proc);
    echo "== $what: exit $rc\n";
    if (in_array('--json', $args, true)) {
        $doc = json_decode($out, true);
        echo 'stdout is one JSON document: ', is_array($doc) ? "yes, kind {$doc['error']['kind']}, exit {$doc['exit']}" : 'NO: ' . $out, "\n";
    }
    foreach (explode("\n", trim($err)) as $line) {
        if (str_starts_with($line, 'mdsync')) {
            echo str_replace([$dir, $peer['url']], ['DIR', 'DJANGO'], $line), "\n";
        }
    }
}
?>
--EXPECTF--
== out of memory: exit 2
stdout is one JSON document: yes, kind internal, exit 2
mdsync plan: stopped by a PHP fatal error: Allowed memory size of %d bytes exhausted%s(nothing after it was done; run plan to see the state)
== Moodle answers garbage: exit 2
mdsync apply: Moodle's answer to core_webservice_get_site_info is not JSON: %s
== an unwritable directory: exit 2
mdsync apply: cannot write '/nonexistent-dir/x.csv': directory '/nonexistent-dir' does not exist or is not writable
== a config file that cannot be read: exit 2
mdsync plan: config file '%s' does not exist or is not readable
== a Moodle CSV that is a directory: exit 2
mdsync plan: Moodle CSV 'DIR' does not exist or is not readable
