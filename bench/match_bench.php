<?php
/*
 * Matching alone, in process: mdsync_plan() over Moodle and Django records built in PHP (no
 * peer, no HTTP), so the planner's cost is measured without the fetch around it.
 *
 *   php -d extension=$PWD/modules/mdsync.so -d memory_limit=-1 bench/match_bench.php --users 1000000 --runs 3
 *
 * Each run plans the same records again and reports the call's CPU time (getrusage, user +
 * system) split by the plan's own stats: read_cpu_ms (PHP records into the compact store, keys
 * normalized), match_cpu_ms (the planner: index, match, scope, conflicts) and the rest (the
 * plan as PHP values). CPU time, not wall time: on a shared machine the wall clock measures
 * the neighbours. The records: every Django user has a Moodle user with the same email
 * (mixed letter case on the Moodle side), except 1% only in Moodle and 1% only in Django;
 * half the Moodle users already carry their djangoid, 10% miss an edeboid.
 */

$opts = getopt('', ['users:', 'runs:', 'match:']);
$n = (int) ($opts['users'] ?? 1000000);
$runs = max(1, (int) ($opts['runs'] ?? 3));
$match = (string) ($opts['match'] ?? 'email');
if ($n < 100 || !extension_loaded('mdsync')) {
    fwrite(STDERR, "usage: php -d extension=modules/mdsync.so -d memory_limit=-1 bench/match_bench.php --users N [--runs R] [--match email|djangoid,email]\n");
    exit(2);
}

function cpu_ms(): float
{
    $r = getrusage();
    return ($r['ru_utime.tv_sec'] + $r['ru_stime.tv_sec']) * 1000 + ($r['ru_utime.tv_usec'] + $r['ru_stime.tv_usec']) / 1000;
}

$t = microtime(true);
$moodle = $django = [];
$onlyM = intdiv($n, 100);
for ($i = 1; $i <= $n; $i++) {
    $num = sprintf('%07d', $i);
    $email = "student$num@example.edu";
    if ($i > $onlyM) { // the first 1% are only in Moodle
        $django[] = [
            'source' => 'django', 'id' => (string) ($i + 1000), 'username' => "student$num", 'email' => $email,
            'firstname' => 'Student', 'lastname' => "No$num", 'edeboid' => "EDEBO$num", 'iasid' => "IAS$num",
            'djangoid' => (string) ($i + 1000), 'auth' => null, 'suspended' => false,
        ];
    }
    if ($i <= $n - $onlyM) { // the last 1% are only in Django
        $moodle[] = [
            'id' => $i + 1, 'username' => "student$num", 'email' => $i % 3 ? $email : "Student$num@Example.EDU",
            'firstname' => 'Student', 'lastname' => "No$num", 'edeboid' => $i % 10 ? "EDEBO$num" : null,
            'iasid' => "IAS$num", 'djangoid' => $i % 2 && $i > $onlyM ? (string) ($i + 1000) : null, 'auth' => 'manual', 'suspended' => false,
        ];
    }
}
printf("built %s Moodle and %s Django records in %.1f s (PHP, not measured)\n",
    number_format(count($moodle)), number_format(count($django)), microtime(true) - $t);

$rows = [];
for ($r = 0; $r < $runs; $r++) {
    gc_collect_cycles();
    $c0 = cpu_ms();
    $w0 = microtime(true);
    $plan = mdsync_plan($moodle, $django, ['match' => $match]);
    $cpu = cpu_ms() - $c0;
    $wall = (microtime(true) - $w0) * 1000;
    $s = $plan['stats'];
    $rows[] = [$cpu, $wall, $s['read_cpu_ms'], $s['match_cpu_ms'], $cpu - $s['read_cpu_ms'] - $s['match_cpu_ms']];
    printf("run %d: cpu %6.0f ms = read %5d + match %5d + result %5.0f (wall %6.0f ms); both %s, only_in_moodle %s, only_in_django %s, updates %s, conflicts %d\n",
        $r + 1, $cpu, $s['read_cpu_ms'], $s['match_cpu_ms'], $cpu - $s['read_cpu_ms'] - $s['match_cpu_ms'], $wall,
        number_format($s['both']), number_format($s['only_in_moodle']), number_format($s['only_in_django']),
        number_format($s['moodle_updates']), $s['conflicts']);
    if ($s['both'] !== $n - 2 * $onlyM || $s['only_in_moodle'] !== $onlyM || $s['only_in_django'] !== $onlyM || $s['conflicts'] !== 0) {
        fwrite(STDERR, "match_bench: the plan is not the one the records make\n");
        exit(1);
    }
    unset($plan);
}
$median = function (int $k) use ($rows) {
    $v = array_column($rows, $k);
    sort($v);
    return $v[intdiv(count($v), 2)];
};
printf("median of %d: cpu %.0f ms (read %.0f, match %.0f, result %.0f), wall %.0f ms; peak PHP memory %.0f MB\n",
    $runs, $median(0), $median(2), $median(3), $median(4), $median(1), memory_get_peak_usage() / 1048576);
