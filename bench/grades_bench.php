<?php
/*
 * Benchmark: delivering N grade changes to the reference Django peer, side by side:
 *
 *   serial-php  what the legacy plugin did from the grader's request: one signed POST after
 *               another (PHP streams, hash_hmac), waiting for each answer.
 *   mdsync      mdsync_push_grades(): the same requests, signed in C, `concurrency` at a time.
 *
 * php -d extension=modules/mdsync.so bench/grades_bench.php [--grades N] [--runs R] [--concurrency C]
 * Every run sends fresh grades (new timemodified), and the peer must have stored every one.
 */
require dirname(__DIR__) . '/tests/09_grades/grades.inc';

$opt = getopt('', ['grades:', 'runs:', 'concurrency:', 'workers:']);
$n = (int) ($opt['grades'] ?? 1000);
$runs = (int) ($opt['runs'] ?? 3);
$concurrency = (int) ($opt['concurrency'] ?? 8);
$workers = (int) ($opt['workers'] ?? 2);
if (!extension_loaded('mdsync')) {
    fwrite(STDERR, "load the extension: php -d extension=\$PWD/modules/mdsync.so bench/grades_bench.php\n");
    exit(2);
}
fprintf(STDERR, "starting the peer (%d gunicorn workers, 4 threads each)...\n", $workers);
$peer = mdsync_grades_peer(['workers' => $workers]);
$opts = ['django_url' => $peer['url'], 'signing_secret' => GRADES_SECRET, 'concurrency' => $concurrency];

function batch(int $n, int $time): array
{
    $grades = [];
    for ($i = 1; $i <= $n; $i++) {
        $grades[] = mdsync_grade($i, 1, $i % 101, $time);
    }
    return $grades;
}

function serial_php(array $peer, array $grades): int
{
    $ok = 0;
    foreach ($grades as $g) {
        foreach (['userid', 'courseid', 'itemid', 'timemodified', 'gradeid'] as $k) {
            $g[$k] = (int) $g[$k];
        }
        foreach (['grademax', 'finalgrade'] as $k) {
            $g[$k] = $g[$k] === null ? null : (float) $g[$k];
        }
        $body = json_encode($g);
        $t = time();
        $sig = "t=$t,v1=" . hash_hmac('sha256', "$t.$body", GRADES_SECRET);
        $ctx = stream_context_create(['http' => ['method' => 'POST', 'content' => $body, 'ignore_errors' => true, 'timeout' => 30,
            'header' => "Content-Type: application/json\r\nX-Mdsync-Signature: $sig\r\nIdempotency-Key: grade:{$g['gradeid']}:{$g['timemodified']}\r\n"]]);
        file_get_contents($peer['url'] . '/api/grades/', false, $ctx);
        $ok += str_contains($http_response_header[0] ?? '', ' 201') ? 1 : 0;
    }
    return $ok;
}

function with_mdsync(array $opts, array $grades): int
{
    return count(array_filter(mdsync_push_grades($grades, $opts), fn($r) => $r['status'] === 'delivered'));
}

with_mdsync($opts, batch(2 * $workers * 4, 1)); // warm every worker
$time = 1700000000;
$times = [];
for ($r = 0; $r < $runs; $r++) {
    foreach (['serial-php', 'mdsync'] as $name) {
        $grades = batch($n, ++$time);
        $t = hrtime(true);
        $ok = $name === 'mdsync' ? with_mdsync($opts, $grades) : serial_php($peer, $grades);
        $times[$name][] = (hrtime(true) - $t) / 1e6;
        if ($ok !== $n) {
            fwrite(STDERR, "$name delivered $ok of $n\n");
            exit(1);
        }
    }
}
$stored = count(mdsync_grades_stored($peer));
$median = function (array $a) { sort($a); return $a[intdiv(count($a), 2)]; };
printf("%d grades per run, median of %d runs, concurrency %d; the peer stored %d distinct grades\n", $n, $runs, $concurrency, $stored);
printf("%-11s %10s %12s %22s\n", 'variant', 'median ms', 'grades/s', 'serial-php time / it');
foreach (['serial-php', 'mdsync'] as $name) {
    $m = $median($times[$name]);
    printf("%-11s %10.0f %12.0f %22.2f\n", $name, $m, $n / ($m / 1000), $median($times['serial-php']) / $m);
}
