--TEST--
bin/mdsync takes --timeout-ms and --deadline-ms on the command line (a slow Django times out after the given milliseconds, per attempt or for the whole call) and --allow-empty: a Django that answers with zero users is refused by plan and flagged by status unless --allow-empty, and with it apply creates the Moodle users in the empty Django
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$csv = mdsync_cli_moodle_csv([[2, 'admin', 'admin@example.edu'], [3, 'teacher1', 'teacher1@example.edu']]);
$peer = mdsync_test_peer([]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token']];
$dir = mdsync_cli_tmpdir();
foreach ([['plan'], ['plan', '--allow-empty'], ['status'], ['status', '--allow-empty'],
    ['apply', '--yes', '--only', 'to-django', '--write-update-csv', "$dir/update.csv"],
    ['apply', '--yes', '--only', 'to-django', '--write-update-csv', "$dir/update.csv", '--allow-empty']] as $a) {
    $r = mdsync_cli(array_merge($a, ['--django-url', $peer['url']], $a[0] !== 'status' ? ['--moodle-csv', $csv] : [],
        $a[0] === 'apply' ? ['--allow-unapplied-scope'] : []), $env);
    echo '== ', implode(' ', str_replace($dir, 'DIR', $a)), ": exit {$r[0]}\n";
    echo $a[0] === 'apply' ? mdsync_cli_report($r[1]) : preg_replace('/^(  (Moodle: |Django: |in both|only|identifier|conflicts|extension|note: scope|out of scope|scope rules|not applied)|Django: |    [a-z\x27]).*\n|^\n/m', '', $r[1]), $r[2];
}

$peer = mdsync_test_peer(['users' => 1]);
mdsync_test_peer_fault($peer, ['path' => '/api/user/', 'method' => 'GET', 'status' => 0, 'times' => -1, 'delay_ms' => 3000]);
$ini = tempnam(sys_get_temp_dir(), 'mdsync-ini-');
file_put_contents($ini, "max_retries = 0\n");
foreach ([['--timeout-ms', '300', '--config', $ini], ['--deadline-ms', '700'], ['--timeout-ms', 'abc'], ['--deadline-ms', '0']] as $a) {
    $t = microtime(true);
    $r = mdsync_cli(array_merge(['plan', '--django-url', $peer['url'], '--moodle-csv', $csv], $a), ['MDSYNC_DJANGO_TOKEN' => $peer['token']]);
    $s = microtime(true) - $t;
    echo '== ', implode(' ', str_replace($ini, 'INI', $a)), ": exit {$r[0]}", $s < 2.5 ? ', before the slow answer' : ', AFTER THE SLOW ANSWER', "\n", $r[1], $r[2];
}
unlink($ini);
?>
--EXPECTF--
== plan: exit 2
mdsync plan: Django answered with zero users; refusing to act on that (set --allow-empty if it is really empty)
== plan --allow-empty: exit 0
mdsync plan: nothing has been changed
== status: exit 2
mdsync status: nothing has been changed
  Django     ok: http://127.0.0.1:%d/api/user/ answers: 0 users (single page pagination) in %d ms
             FAILED: Django has no users: plan and apply refuse to act on an empty answer; if Django really is empty, give --allow-empty
  Moodle     not configured: give --moodle-url URL; without it, apply works offline from --moodle-csv
Some checks failed.
== status --allow-empty: exit 0
mdsync status: nothing has been changed
  Django     ok: http://127.0.0.1:%d/api/user/ answers: 0 users (single page pagination) in %d ms
  Moodle     not configured: give --moodle-url URL; without it, apply works offline from --moodle-csv
All checks passed.
== apply --yes --only to-django --write-update-csv DIR/update.csv: exit 2
mdsync apply: Django answered with zero users; refusing to act on that (set --allow-empty if it is really empty)
== apply --yes --only to-django --write-update-csv DIR/update.csv --allow-empty: exit 0
ok       create in Django         admin <admin@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)
ok       create in Django         teacher1 <teacher1@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)

mdsync apply: 2 done
Wrote 2 rows to %s/update.csv. Moodle has not been changed: upload it in Site administration > Users > Upload users with "Upload type: Update existing users only" and "Existing user details: Override with file".
Moodle has not been changed: its side is in the files above, to upload by hand.
== --timeout-ms 300 --config INI: exit 2, before the slow answer
mdsync plan: could not reach Django: GET http://127.0.0.1:%d/api/user/?page_size=1000&limit=1000: Operation timed out after 3%d milliseconds with 0 bytes received%A
== --deadline-ms 700: exit 2, before the slow answer
mdsync plan: could not reach Django: GET http://127.0.0.1:%d/api/user/?page_size=1000&limit=1000: Operation timed out after 7%d milliseconds with 0 bytes received%A
== --timeout-ms abc: exit 2, before the slow answer
mdsync plan: --timeout-ms must be a positive whole number, not 'abc'
Try 'mdsync plan --help'.
== --deadline-ms 0: exit 2, before the slow answer
mdsync plan: --deadline-ms must be a positive whole number, not '0'
Try 'mdsync plan --help'.
