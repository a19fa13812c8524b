<?php
/*
 * Benchmark: the sync plan over N Django users (the reference peer, on loopback) and N Moodle
 * users, every variant side by side. One command makes the whole table of docs/BENCHMARKS.md:
 *
 *   php -d extension=$PWD/modules/mdsync.so bench/plan_bench.php --users 20000,100000,500000 --runs 3
 *
 * Variants (each measured run is a fresh PHP process; runs are interleaved so drift on a shared
 * machine hits every variant alike; medians are reported):
 *   control     builds the Moodle users array every variant is handed, and nothing else: the
 *               client CPU and peak RSS the others are measured over.
 *   floor       the bare parallel fetch at page_size 1000: page one, then every other page at
 *               once (8 at a time, ext/curl's curl_multi), bodies thrown away. No client can
 *               fetch faster from this peer: the wall time the others are measured against.
 *   seed-style  what sites run today, with the O(n*m) matching replaced by a hash so it runs at
 *               this size: walk DRF's 'next' one page of 100 at a time, json_decode, match.
 *   tuned       plain PHP done well: page_size 1000, serial, json_decode, hash matching (counts).
 *   tuned-plan  tuned, computing the same plan as mdsync: duplicate and missing emails as
 *               conflicts, both, only in Moodle, only in Django (active), and the identifier
 *               updates by field. The baseline for mdsync's client CPU and memory.
 *   mdsync      mdsync_sync_users().
 * Every variant that matches must agree on the counts, or the run fails.
 *
 * Client CPU is user + system time of the measured process (getrusage); peak RSS its
 * ru_maxrss, which sees libcurl's and the extension's malloc as well as PHP's own.
 *
 * Options: --users N[,N…] --runs R --workers W (gunicorn workers, 4 threads each; default 2)
 *          --skip variant[,variant…] (e.g. seed-style at 500,000: 5,000 deep pages on SQLite)
 *          --so PATH (the mdsync.so the runs load) --markdown (the table as Markdown)
 */
require dirname(__DIR__) . '/tests/server.inc';

const VARIANTS = ['control', 'floor', 'seed-style', 'tuned', 'tuned-plan', 'mdsync'];

$opt = getopt('', ['users:', 'runs:', 'workers:', 'skip:', 'so:', 'markdown', 'child:', 'url:', 'token:', 'n:']);

/* Moodle: 80% of Django's students (emails in other letter case, some with surrounding
 * spaces, half carrying their identifiers), plus 20% staff of its own. */
function moodle_users(int $n): array
{
    $moodle = [];
    $w = max(5, strlen((string) $n));
    for ($i = 1; $i <= $n; $i++) {
        $num = str_pad((string) $i, $w, '0', STR_PAD_LEFT);
        if ($i % 5 === 0) {
            $moodle[] = ['id' => $i, 'username' => "staff$num", 'email' => "staff$num@example.edu", 'auth' => 'manual'];
        } else {
            $moodle[] = ['id' => $i, 'username' => "student$num", 'email' => ($i % 2 ? ' ' : '') . "Student$num@Example.edu", 'auth' => 'manual']
                + ($i % 2 ? ['edeboid' => "EDEBO$num", 'iasid' => "IAS$num"] : []);
        }
    }
    return $moodle;
}

function get_json(string $url, string $token): array
{
    $ctx = stream_context_create(['http' => ['header' => "Authorization: Token $token\r\n", 'timeout' => 600]]);
    return json_decode(file_get_contents($url, false, $ctx), true, 512, JSON_THROW_ON_ERROR);
}

function fetch_serial(array $peer, int $pageSize): array
{
    $url = $peer['url'] . "/api/user/?page_size=$pageSize";
    $users = [];
    while ($url) {
        $page = get_json($url, $peer['token']);
        array_push($users, ...$page['results']);
        $url = $page['next'];
    }
    return $users;
}

function floor_fetch(array $peer, array $moodle): array
{
    $first = get_json($peer['url'] . '/api/user/?page_size=1000', $peer['token']);
    $pages = (int) ceil($first['count'] / max(1, count($first['results'])));
    $mh = curl_multi_init();
    curl_multi_setopt($mh, CURLMOPT_MAX_TOTAL_CONNECTIONS, 8);
    for ($p = 2; $p <= $pages; $p++) {
        $ch = curl_init($peer['url'] . "/api/user/?page_size=1000&page=$p");
        curl_setopt_array($ch, [CURLOPT_HTTPHEADER => ["Authorization: Token {$peer['token']}"],
            CURLOPT_WRITEFUNCTION => static fn ($ch, string $data): int => strlen($data)]);
        curl_multi_add_handle($mh, $ch);
    }
    do {
        curl_multi_exec($mh, $running);
        curl_multi_select($mh, 1.0);
    } while ($running > 0);
    curl_multi_close($mh);
    return [];
}

function norm(?string $email): string
{
    return strtolower(trim((string) $email));
}

/* Hash matching, counts only (what tuned PHP and the seed style compute). */
function match_counts(array $django, array $moodle): array
{
    $byEmail = [];
    foreach ($django as $k => $d) {
        $byEmail[norm($d['email'] ?? null)] = $k;
    }
    $both = $onlyMoodle = 0;
    $matched = [];
    foreach ($moodle as $m) {
        $k = $byEmail[norm($m['email'])] ?? null;
        if ($k === null) {
            $onlyMoodle++;
        } else {
            $both++;
            $matched[$k] = true;
        }
    }
    return ['both' => $both, 'only_in_moodle' => $onlyMoodle, 'only_in_django' => count($django) - count($matched)];
}

/* The plan mdsync makes, in PHP: conflicts for duplicate and missing emails on either side,
 * pairs, users only on one side (inactive Django users left out), identifier updates by field. */
function php_plan(array $django, array $moodle): array
{
    $conflicts = 0;
    $dBy = $dDup = $mBy = $mDup = [];
    foreach ($django as $k => $d) {
        $e = norm($d['email'] ?? null);
        if ($e === '') {
            $conflicts++;
        } elseif (isset($dBy[$e])) {
            $dDup[$e] = true;
        } else {
            $dBy[$e] = $k;
        }
    }
    foreach ($moodle as $i => $m) {
        $e = norm($m['email'] ?? null);
        if ($e === '') {
            $conflicts++;
        } elseif (isset($mBy[$e])) {
            $mDup[$e] = true;
        } else {
            $mBy[$e] = $i;
        }
    }
    $conflicts += count($dDup + $mDup);
    $both = $onlyMoodle = [];
    $updates = ['edeboid' => [], 'iasid' => [], 'djangoid' => []];
    $matched = [];
    foreach ($moodle as $m) {
        $e = norm($m['email'] ?? null);
        if ($e === '' || isset($dDup[$e]) || isset($mDup[$e])) {
            continue;
        }
        $k = $dBy[$e] ?? null;
        if ($k === null) {
            $onlyMoodle[] = $m;
            continue;
        }
        $d = $django[$k];
        $matched[$k] = true;
        $both[$m['id']] = (string) $d['id'];
        foreach (['edeboid', 'iasid'] as $f) {
            if (($d[$f] ?? '') !== '' && (string) ($m[$f] ?? '') !== (string) $d[$f]) {
                $updates[$f][$m['id']] = (string) $d[$f];
            }
        }
        if ((string) ($m['djangoid'] ?? '') !== (string) $d['id']) {
            $updates['djangoid'][$m['id']] = (string) $d['id'];
        }
    }
    $onlyDjango = [];
    foreach ($django as $k => $d) {
        if (!isset($matched[$k]) && !isset($dDup[norm($d['email'] ?? null)]) && norm($d['email'] ?? null) !== ''
            && ($d['is_active'] ?? true)) {
            $onlyDjango[] = $d;
        }
    }
    return [
        'both' => count($both), 'only_in_moodle' => count($onlyMoodle), 'only_in_django' => count($onlyDjango),
        'moodle_updates' => count($updates['edeboid'] + $updates['iasid'] + $updates['djangoid']), 'conflicts' => $conflicts,
    ];
}

function run_variant(string $name, array $peer, array $moodle): array
{
    switch ($name) {
        case 'control':
            return [];
        case 'floor':
            return floor_fetch($peer, $moodle);
        case 'seed-style':
            return match_counts(fetch_serial($peer, 100), $moodle);
        case 'tuned':
            return match_counts(fetch_serial($peer, 1000), $moodle);
        case 'tuned-plan':
            return php_plan(fetch_serial($peer, 1000), $moodle);
        case 'mdsync':
            $plan = mdsync_sync_users($moodle, ['django_url' => $peer['url'], 'django_token' => $peer['token']]);
            return array_intersect_key($plan['stats'], array_flip(['both', 'only_in_moodle', 'only_in_django', 'moodle_updates', 'conflicts']));
    }
    throw new ValueError("unknown variant $name");
}

if (isset($opt['child'])) {
    // One measured run of one variant, in its own process.
    $moodle = moodle_users((int) $opt['n']);
    $t = hrtime(true);
    $counts = run_variant($opt['child'], ['url' => $opt['url'], 'token' => $opt['token']], $moodle);
    $ms = (hrtime(true) - $t) / 1e6;
    $ru = getrusage();
    $cpu = $ru['ru_utime.tv_sec'] + $ru['ru_utime.tv_usec'] / 1e6 + $ru['ru_stime.tv_sec'] + $ru['ru_stime.tv_usec'] / 1e6;
    echo json_encode(['wall_ms' => $ms, 'cpu_s' => $cpu, 'rss_mb' => $ru['ru_maxrss'] / 1024, 'counts' => $counts]), "\n";
    exit(0);
}

if (!extension_loaded('mdsync')) {
    fwrite(STDERR, "load the extension: php -d extension=\$PWD/modules/mdsync.so bench/plan_bench.php\n");
    exit(2);
}
$so = $opt['so'] ?? dirname(__DIR__) . '/modules/mdsync.so';
$curl = ini_get('extension_dir') . '/curl.so';
if (!is_file($curl)) {
    fwrite(STDERR, "the floor needs PHP's curl extension ($curl): apt-get install php8.2-curl\n");
    exit(2);
}
$sizes = array_map('intval', explode(',', (string) ($opt['users'] ?? '20000')));
$runs = max(1, (int) ($opt['runs'] ?? 3));
$workers = max(1, (int) ($opt['workers'] ?? 2));
$skip = array_filter(explode(',', (string) ($opt['skip'] ?? '')));
$variants = array_values(array_diff(VARIANTS, $skip));
$median = static function (array $a): float {
    sort($a);
    $n = count($a);
    return $n % 2 ? $a[intdiv($n, 2)] : ($a[$n / 2 - 1] + $a[$n / 2]) / 2;
};

$rows = [];
foreach ($sizes as $n) {
    fprintf(STDERR, "peer with %d users (%d gunicorn workers × 4 threads)…\n", $n, $workers);
    $peer = mdsync_test_peer(['users' => $n, 'workers' => $workers]);
    for ($i = 0; $i < 4 * $workers; $i++) { // warm every worker: the first request to each costs ~80 ms
        mdsync_django_status(['django_url' => $peer['url'], 'django_token' => $peer['token']]);
    }
    $m = $counts = [];
    for ($r = 0; $r < $runs; $r++) {
        foreach ($variants as $name) {
            $cmd = [PHP_BINARY, '-n', '-d', 'memory_limit=-1', '-d', "extension=$curl", '-d', "extension=$so",
                __FILE__, '--child', $name, '--n', (string) $n, '--url', $peer['url'], '--token', $peer['token']];
            $out = shell_exec(implode(' ', array_map('escapeshellarg', $cmd)) . ' 2>&1');
            $res = json_decode((string) $out, true);
            if (!is_array($res)) {
                fwrite(STDERR, "$name failed at $n users: $out\n");
                exit(1);
            }
            foreach (['wall_ms', 'cpu_s', 'rss_mb'] as $k) {
                $m[$name][$k][] = $res[$k];
            }
            if ($res['counts']) {
                $counts[$name] = $res['counts'];
            }
            fprintf(STDERR, "  run %d %-10s %8.0f ms %6.2f s CPU %7.1f MB\n", $r + 1, $name, $res['wall_ms'], $res['cpu_s'], $res['rss_mb']);
        }
    }
    // Every variant that matches must agree on what it shares with the others.
    foreach ($counts as $name => $c) {
        foreach ($counts as $other => $d) {
            foreach (array_intersect_key($c, $d) as $k => $v) {
                if ($d[$k] !== $v) {
                    fwrite(STDERR, "variants disagree at $n users: $name $k=$v, $other $k={$d[$k]}\n");
                    exit(1);
                }
            }
        }
    }
    $med = [];
    foreach ($m as $name => $vals) {
        foreach ($vals as $k => $list) {
            $med[$name][$k] = $median($list);
        }
    }
    $rows[$n] = ['med' => $med, 'counts' => $counts['mdsync'] ?? reset($counts)];
}

$fmt = isset($opt['markdown'])
    ? static fn (array $cells): string => '| ' . implode(' | ', $cells) . " |\n"
    : static fn (array $cells): string => implode('  ', array_map(static fn ($c) => str_pad((string) $c, 12), $cells)) . "\n";
echo "Medians of $runs interleaved runs; CPU and RSS are the client process's (getrusage).\n\n";
foreach ($rows as $n => $row) {
    $med = $row['med'];
    echo "### $n users: " . json_encode($row['counts']) . "\n\n";
    echo $fmt(['variant', 'wall ms', 'client CPU s', 'peak RSS MB', 'CPU over control', 'RSS over control MB']);
    if (isset($opt['markdown'])) {
        echo "|---|---:|---:|---:|---:|---:|\n";
    }
    foreach ($med as $name => $v) {
        echo $fmt([$name, sprintf('%.0f', $v['wall_ms']), sprintf('%.2f', $v['cpu_s']), sprintf('%.1f', $v['rss_mb']),
            sprintf('%.2f', $v['cpu_s'] - $med['control']['cpu_s']), sprintf('%.1f', $v['rss_mb'] - $med['control']['rss_mb'])]);
    }
    if (isset($med['mdsync'], $med['floor'], $med['tuned-plan'], $med['control'])) {
        $cpu = fn (string $v) => $med[$v]['cpu_s'] - $med['control']['cpu_s'];
        $rss = fn (string $v) => $med[$v]['rss_mb'] - $med['control']['rss_mb'];
        printf("\nmdsync wall / floor: %.2f; client CPU over control, mdsync / tuned-plan: %.2f; peak RSS over control, "
            . "mdsync / tuned-plan: %.2f; mdsync bytes per user over control: %.0f\n\n",
            $med['mdsync']['wall_ms'] / $med['floor']['wall_ms'], $cpu('mdsync') / $cpu('tuned-plan'),
            $rss('mdsync') / $rss('tuned-plan'), $rss('mdsync') * 1048576 / $n);
    }
}
