<?php
/*
 * Benchmark: the sync plan over N Django users and N Moodle users, three ways, side by side
 * against one reference Django peer (examples/django, started here on loopback):
 *
 *   legacy    what sites run today: walk DRF's 'next' one page at a time (page_size 100),
 *             json_decode, then match every Moodle user against every Django user (O(n*m)).
 *   php-tuned the same in plain PHP done well: page_size 1000, still serial, hash matching.
 *   mdsync    mdsync_sync_users(): pages fetched concurrently after page one, matching in C.
 *
 * php -d extension=modules/mdsync.so bench/plan_bench.php [--users N] [--runs R] [--no-legacy] [--so PATH]
 * Each run of each variant is a fresh PHP process (interleaved), so its peak RSS is its own:
 * PHP's memory_get_peak_usage() would not see json-c's or libcurl's malloc. Prints the median
 * wall time and peak RSS of each, and the ratio of legacy's and php-tuned's time to each.
 * Every variant must produce the same counts, or the run fails.
 */
require dirname(__DIR__) . '/tests/server.inc';

$opt = getopt('', ['users:', 'runs:', 'no-legacy', 'workers:', 'child:', 'url:', 'token:', 'so:']);
$so = $opt['so'] ?? dirname(__DIR__) . '/modules/mdsync.so'; // what each measured run loads
$n = (int) ($opt['users'] ?? 10000);
$runs = (int) ($opt['runs'] ?? 3);
$workers = (int) ($opt['workers'] ?? 2);
$withLegacy = !isset($opt['no-legacy']);
if (!extension_loaded('mdsync')) {
    fwrite(STDERR, "load the extension: php -d extension=\$PWD/modules/mdsync.so bench/plan_bench.php\n");
    exit(2);
}

// Moodle: 80% of Django's students (emails in other letter case, half without identifiers), plus 20% of its own.
function moodle_users(int $n): array
{
    $moodle = [];
    for ($i = 1; $i <= $n; $i++) {
        $num = str_pad((string) $i, max(5, strlen((string) $n)), '0', STR_PAD_LEFT);
        if ($i % 5 === 0) {
            $moodle[] = ['id' => $i, 'username' => "staff$num", 'email' => "staff$num@example.edu"];
        } else {
            $moodle[] = ['id' => $i, 'username' => "student$num", 'email' => ($i % 2 ? ' ' : '') . "Student$num@Example.edu"]
                + ($i % 2 ? ['edeboid' => "EDEBO$num", 'iasid' => "IAS$num"] : []);
        }
    }
    return $moodle;
}

function fetch_serial(array $peer, int $pageSize): array
{
    $ctx = stream_context_create(['http' => ['header' => "Authorization: Token {$peer['token']}\r\n", 'timeout' => 60]]);
    $url = $peer['url'] . "/api/user/?page_size=$pageSize";
    $users = [];
    while ($url) {
        $page = json_decode(file_get_contents($url, false, $ctx), true, 512, JSON_THROW_ON_ERROR);
        array_push($users, ...$page['results']);
        $url = $page['next'];
    }
    return $users;
}

function legacy(array $peer, array $moodle): array
{
    $django = fetch_serial($peer, 100);
    $both = 0;
    $onlyMoodle = 0;
    $matched = [];
    foreach ($moodle as $m) {
        $found = false;
        foreach ($django as $k => $d) {
            if (strtolower(trim($m['email'])) === strtolower(trim($d['email']))) {
                $found = true;
                $matched[$k] = true;
                break;
            }
        }
        $found ? $both++ : $onlyMoodle++;
    }
    return [$both, $onlyMoodle, count($django) - count($matched)];
}

function php_tuned(array $peer, array $moodle): array
{
    $django = fetch_serial($peer, 1000);
    $byEmail = [];
    foreach ($django as $k => $d) {
        $byEmail[strtolower(trim($d['email']))] = $k;
    }
    $both = 0;
    $onlyMoodle = 0;
    $matched = [];
    foreach ($moodle as $m) {
        $k = $byEmail[strtolower(trim($m['email']))] ?? null;
        if ($k === null) {
            $onlyMoodle++;
        } else {
            $both++;
            $matched[$k] = true;
        }
    }
    return [$both, $onlyMoodle, count($django) - count($matched)];
}

function with_mdsync(array $peer, array $moodle): array
{
    $plan = mdsync_sync_users($moodle, ['django_url' => $peer['url'], 'django_token' => $peer['token']]);
    return [$plan['stats']['both'], $plan['stats']['only_in_moodle'], $plan['stats']['only_in_django']];
}

if (isset($opt['child'])) {
    // One measured run of one variant, in its own process.
    $peer = ['url' => $opt['url'], 'token' => $opt['token']];
    $moodle = moodle_users($n);
    $fn = ['legacy' => 'legacy', 'php-tuned' => 'php_tuned', 'mdsync' => 'with_mdsync'][$opt['child']];
    $t = hrtime(true);
    $counts = $fn($peer, $moodle);
    $ms = (hrtime(true) - $t) / 1e6;
    echo json_encode(['ms' => $ms, 'rss_mb' => getrusage()['ru_maxrss'] / 1024, 'counts' => $counts]), "\n";
    exit(0);
}

fprintf(STDERR, "starting the peer with %d users (%d gunicorn workers, 4 threads each)...\n", $n, $workers);
$peer = mdsync_test_peer(['users' => $n, 'workers' => $workers]);
// Warm every gunicorn worker first (the first request to each costs ~80 ms).
for ($i = 0; $i < 4 * $workers; $i++) {
    mdsync_django_status(['django_url' => $peer['url'], 'django_token' => $peer['token']]);
}
$variants = $withLegacy ? ['legacy', 'php-tuned', 'mdsync'] : ['php-tuned', 'mdsync'];
$times = $rss = $counts = [];
for ($r = 0; $r < $runs; $r++) {
    foreach ($variants as $name) { // interleaved, so drift on a shared machine hits all alike
        $cmd = [PHP_BINARY, '-n', '-d', 'memory_limit=-1', '-d', "extension=$so",
            __FILE__, '--child', $name, '--users', (string) $n, '--url', $peer['url'], '--token', $peer['token']];
        $out = shell_exec(implode(' ', array_map('escapeshellarg', $cmd)) . ' 2>&1');
        $res = json_decode((string) $out, true);
        if (!is_array($res)) {
            fwrite(STDERR, "$name failed: $out\n");
            exit(1);
        }
        $times[$name][] = $res['ms'];
        $rss[$name][] = $res['rss_mb'];
        $counts[$name] = $res['counts'];
    }
}
if (count(array_unique(array_map('json_encode', $counts))) !== 1) {
    fwrite(STDERR, "variants disagree: " . json_encode($counts) . "\n");
    exit(1);
}
$median = function (array $a) { sort($a); return $a[intdiv(count($a), 2)]; };
[$both, $om, $od] = reset($counts);
printf("plan over %d Django and %d Moodle users (both %d, only Moodle %d, only Django %d); median of %d runs\n",
    $n, $n, $both, $om, $od, $runs);
printf("%-10s %10s %12s %16s %19s\n", 'variant', 'median ms', 'peak RSS MB', 'legacy time / it', 'php-tuned time / it');
foreach ($variants as $name) {
    $m = $median($times[$name]);
    printf("%-10s %10.0f %12.0f %16s %19.2f\n", $name, $m, $median($rss[$name]), $withLegacy ? sprintf('%.2f', $median($times['legacy']) / $m) : '-',
        $median($times['php-tuned']) / $m);
}
