--TEST--
Progress on a terminal (stderr a tty, here through script(1)): plan shows it reads Moodle's users and asks Django (pages read of how many), and a line as a request to Django is retried; apply counts its work against the right total (offline too: each user once, not twice) and ends at total/total; the progress line is cleared before the report; without a terminal, nothing of it is written
--EXTENSIONS--
mdsync
--SKIPIF--
<?php
require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r");
if (!is_executable('/usr/bin/script')) die('skip script(1) (util-linux) is needed for a pseudo-terminal');
?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 3]);
$csv = mdsync_cli_moodle_csv([[2, 'admin', 'admin@example.edu'], [3, 't1', 't1@example.edu'], [4, 'student00001', 'student00001@example.edu']]);
$dir = mdsync_cli_tmpdir();
$onTerminal = function (array $args) use ($peer): array {
    $cmd = [PHP_BINARY, '-n', '-d', 'extension=' . rtrim((string) ini_get('extension_dir'), '/') . '/mdsync.so',
        dirname(__DIR__, 2) . '/bin/mdsync', ...$args];
    $out = (string) shell_exec('MDSYNC_DJANGO_TOKEN=' . escapeshellarg($peer['token']) . ' /usr/bin/script -qec '
        . escapeshellarg(implode(' ', array_map('escapeshellarg', $cmd))) . ' /dev/null 2>&1');
    $frames = [];
    foreach (preg_split('/\r\e\[K|\r\n|\r/', $out) as $f) {
        if (preg_match('/^mdsync (plan|apply): (reading|asking|applying|Django:)/', $f)) {
            $frames[] = $f;
        }
    }
    return [$frames, $out];
};
mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'method' => 'GET', 'status' => 503, 'times' => 1]);
[$frames] = $onTerminal(['plan', '--django-url', $peer['url'], '--moodle-csv', $csv]);
echo "== plan\n", preg_replace('/in \d+ ms/', 'in N ms', implode("\n", array_unique($frames))), "\n";

[$frames, $out] = $onTerminal(['apply', '--yes', '--batch-size', '1', '--django-url', $peer['url'], '--moodle-csv', $csv, '--allow-unapplied-scope',
    '--write-upload-csv', "$dir/upload.csv", '--write-update-csv', "$dir/update.csv"]);
$applying = array_values(array_filter($frames, fn ($f) => str_contains($f, 'applying')));
$totals = array_unique(array_map(fn ($f) => preg_match('~\d+/(\d+)~', $f, $m) ? $m[1] : '?', $applying));
$over = array_filter($applying, fn ($f) => preg_match('~(\d+)/(\d+)~', $f, $m) && $m[1] > $m[2]);
echo "== apply\ntotals shown: ", implode(',', $totals), '; last: ', end($applying), '; ', $over ? 'COUNT ABOVE TOTAL' : 'never above the total', "\n";
preg_match('/mdsync apply: (\d+) done, (\d+) written/', $out, $m);
echo 'the report counts ', $m[1] + $m[2], " users\n";
echo str_contains($out, "\e[K\r\nwritten ") || str_contains($out, "\e[K\r\nok ") ? "the line is cleared before the report\n" : "NOT CLEARED\n";

$r = mdsync_cli(['apply', '--yes', '--django-url', $peer['url'], '--moodle-csv', $csv, '--allow-unapplied-scope', '--write-upload-csv', "$dir/upload.csv",
    '--write-update-csv', "$dir/update.csv"], ['MDSYNC_DJANGO_TOKEN' => $peer['token']]);
echo "== without a terminal: exit {$r[0]}, stderr ", json_encode($r[2]), "\n";
?>
--EXPECT--
== plan
mdsync plan: reading Moodle users...
mdsync plan: asking Django for its users...
mdsync plan: Django: a request is retried (attempt 1 failed: HTTP 503), in N ms
mdsync plan: asking Django for its users: 0/1
mdsync plan: asking Django for its users: 1/1 (pages)
== apply
totals shown: 5; last: mdsync apply: applying: 5/5 (create in Django); never above the total
the report counts 5 users
the line is cleared before the report
== without a terminal: exit 0, stderr ""
