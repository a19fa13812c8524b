<?php
/*
 * Benchmark: the Moodle plugin's runs (local_django_sync) inside a real Moodle at N users, against the reference
 * Django peer: the plan, then each direction applied, as cli/sync.php and the scheduled task run them (in process,
 * through the same runner as the sync page's background runs: plan stored as rows, chunks committed).
 *
 *   php -d extension=$PWD/modules/mdsync.so bench/plugin_apply_bench.php --moodle /path/to/moodle --users 20000
 *
 * It needs a throwaway Moodle with local_django_sync installed, and it changes it: it sets the plugin's settings and
 * seeds users (reset the site afterwards). Setup, not measured: the peer is started with N students (or
 * --peer-url/--peer-token name a running one); Moodle gets, by a bulk insert of the bench's own (not the plugin's
 * code), --linked (default 98) percent of them (the first --with-ids (default 80) percent of N carrying their
 * identifiers, the rest without) and the rest of N Moodle-only staff. So by default the plan has 18% of N identifiers
 * to fill, 2% to create in Moodle and 2% (plus the admin) to create in Django; --linked 90 --with-ids 0 is the
 * issue's measurement at 20,000 (18,000 to fill, 2,000 to create each way).
 *
 * Measured, per phase: wall time and database queries ($DB->perf_get_queries()), split into the run's own phases
 * (reading Moodle users, asking Django, storing the plan, applying), and the applying part per changed user.
 * Phases (--phases, default plan,identifiers,to-moodle,to-django): a plan run, one apply run per direction; all: one
 * apply run of every direction (what the scheduled task does).
 */
define('CLI_SCRIPT', true);

$opt = getopt('', ['moodle:', 'users:', 'peer-url:', 'peer-token:', 'phases:', 'seed-only', 'no-seed', 'chunk-size:',
    'batch-size:', 'workers:', 'linked:', 'with-ids:', 'help']);
if (isset($opt['help']) || empty($opt['moodle'])) {
    fwrite(STDERR, "usage: php -d extension=modules/mdsync.so bench/plugin_apply_bench.php --moodle DIR [--users N]\n"
        . "    [--phases plan,identifiers,to-moodle,to-django,all] [--linked P] [--with-ids P]\n"
        . "    [--chunk-size N] [--batch-size N]\n"
        . "    [--peer-url URL --peer-token TOKEN] [--seed-only] [--no-seed]\n");
    exit(2);
}
if (!extension_loaded('mdsync')) {
    fwrite(STDERR, "load the extension: php -d extension=\$PWD/modules/mdsync.so bench/plugin_apply_bench.php\n");
    exit(2);
}
$moodledir = rtrim((string)$opt['moodle'], '/');
require $moodledir . '/config.php';
require_once($CFG->libdir . '/clilib.php');
require_once(__DIR__ . '/../tests/server.inc');

use local_django_sync\local\profile_fields;
use local_django_sync\local\run_log;
use local_django_sync\local\sync_service;

$n = (int)($opt['users'] ?? 20000);
$phases = array_filter(explode(',', (string)($opt['phases'] ?? 'plan,identifiers,to-moodle,to-django')));
raise_memory_limit(MEMORY_HUGE);
core_php_time_limit::raise();
\core\session\manager::set_user(get_admin());

// The peer: a running one, or one started here with N students.
if (!empty($opt['peer-url'])) {
    $peer = ['url' => (string)$opt['peer-url'], 'token' => (string)($opt['peer-token'] ?? getenv('MDSYNC_DJANGO_TOKEN'))];
} else {
    $t = microtime(true);
    $peer = mdsync_test_peer(['users' => $n, 'workers' => (int)($opt['workers'] ?? 2)]);
    printf("setup: peer with %d students at %s in %.1f s\n", $n, $peer['url'], microtime(true) - $t);
}
set_config('curlsecurityblockedhosts', '');
set_config('curlsecurityallowedport', '');
$settings = ['django_url' => $peer['url'], 'django_token' => $peer['token'], 'create_in_moodle' => 1,
    'create_in_django' => 1, 'moodle_auth' => 'manual', 'page_size' => 1000, 'timeout_ms' => 120000,
    'deadline_ms' => 600000, 'hold_create' => 0, 'hold_suspend' => 0, 'hold_delete' => 0, 'hold_percent' => 0];
foreach (['chunk-size' => 'chunk_size', 'batch-size' => 'batch_size'] as $o => $name) {
    if (isset($opt[$o])) {
        $settings[$name] = (int)$opt[$o];
    }
}
foreach ($settings as $name => $value) {
    set_config($name, $value, 'local_django_sync');
}

if (!isset($opt['no-seed'])) {
    seed_moodle($peer, $n, (int)($opt['linked'] ?? 98), (int)($opt['with-ids'] ?? 80));
}
if (isset($opt['seed-only'])) {
    exit(0);
}

/**
 * Seeds Moodle by bulk inserts of the bench's own (setup, not the code under test): users, their contexts, their
 * identifiers: $linkedpct percent of Django's users (by id), the first $withidspct percent of N with identifiers; the
 * rest of N staff only in Moodle.
 *
 * @param array $peer
 * @param int $n
 * @param int $linkedpct
 * @param int $withidspct
 */
function seed_moodle(array $peer, int $n, int $linkedpct, int $withidspct): void {
    global $CFG, $DB;
    $t = microtime(true);
    $django = mdsync_django_users(['django_url' => $peer['url'], 'django_token' => $peer['token'], 'page_size' => 1000]);
    usort($django, static fn($a, $b) => (int)$a['id'] <=> (int)$b['id']);
    $fieldids = profile_fields::ensure();
    $linked = (int)round($n * $linkedpct / 100);
    $withids = (int)round($n * $withidspct / 100);
    $users = [];
    foreach (array_slice($django, 0, $linked) as $i => $d) {
        $users[] = ['username' => $d['username'], 'email' => $d['email'], 'firstname' => $d['firstname'],
            'lastname' => $d['lastname'], 'ids' => $i < $withids
                ? ['edeboid' => $d['edeboid'], 'iasid' => $d['iasid'], 'djangoid' => $d['djangoid']] : []];
    }
    for ($i = 1; $i <= $n - $linked; $i++) {
        $num = sprintf('%05d', $i);
        $users[] = ['username' => "staff$num", 'email' => "staff$num@example.org", 'firstname' => 'Staff',
            'lastname' => $num, 'ids' => []];
    }
    $now = time();
    foreach (array_chunk($users, 1000) as $chunk) {
        $rows = [];
        foreach ($chunk as $u) {
            // No usable password: the bench's users never log in.
            $rows[] = ['auth' => 'manual', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id,
                'username' => $u['username'], 'password' => AUTH_PASSWORD_NOT_CACHED, 'email' => $u['email'],
                'firstname' => $u['firstname'], 'lastname' => $u['lastname'], 'timecreated' => $now, 'timemodified' => $now,
                'lang' => $CFG->lang, 'calendartype' => 'gregorian'];
        }
        $DB->insert_records('user', $rows);
        [$insql, $params] = $DB->get_in_or_equal(array_column($chunk, 'username'));
        $ids = $DB->get_records_select_menu('user', "username $insql AND mnethostid = ?",
            array_merge($params, [$CFG->mnet_localhost_id]), '', 'username, id');
        $contexts = [];
        $data = [];
        foreach ($chunk as $u) {
            $id = (int)$ids[$u['username']];
            $contexts[] = ['contextlevel' => CONTEXT_USER, 'instanceid' => $id, 'depth' => 2, 'locked' => 0];
            foreach ($u['ids'] as $field => $value) {
                if ((string)$value !== '') {
                    $data[] = ['userid' => $id, 'fieldid' => $fieldids[$field], 'data' => (string)$value, 'dataformat' => 0];
                }
            }
        }
        $DB->insert_records('context', $contexts);
        if ($data) {
            $DB->insert_records('user_info_data', $data);
        }
    }
    $DB->execute("UPDATE {context} SET path = " . $DB->sql_concat("'/1/'", $DB->sql_cast_to_char('id'))
        . " WHERE contextlevel = ? AND path IS NULL", [CONTEXT_USER]);
    \context_helper::reset_caches();
    printf("setup: Moodle seeded with %d users (%d linked, %d of them with identifiers, %d staff) in %.1f s\n",
        count($users), $linked, $withids, $n - $linked, microtime(true) - $t);
}

/**
 * Where a run's time and queries go: the engine's phases (reading Moodle users, asking Django), the runner's
 * (storing the plan) and applying, each with its wall time and database queries.
 */
class bench_progress implements \local_django_sync\local\sync\progress {
    /** @var array[] phase => [seconds, queries, items] */
    public array $phases = [];
    /** @var string|null */
    private ?string $phase = null;
    /** @var float */
    private float $t = 0.0;
    /** @var int */
    private int $q = 0;
    /** @var int */
    private int $items = 0;

    public function start(string $phase, ?int $total): void {
        $this->close();
        global $DB;
        $this->phase = $phase;
        $this->t = microtime(true);
        $this->q = $DB->perf_get_queries();
        $this->items = 0;
    }

    public function advance(int $n, string $what): void {
        $this->items += $n;
    }

    public function note(string $line): void {
    }

    public function finish(): void {
        $this->close();
    }

    /**
     * Adds the phase going on to the totals.
     */
    private function close(): void {
        global $DB;
        if ($this->phase === null) {
            return;
        }
        $p = &$this->phases[$this->phase];
        $p[0] = ($p[0] ?? 0.0) + microtime(true) - $this->t;
        $p[1] = ($p[1] ?? 0) + $DB->perf_get_queries() - $this->q;
        $p[2] = ($p[2] ?? 0) + $this->items;
        unset($p);
        $this->phase = null;
    }
}

printf("\n%-12s %9s %10s  %s\n", 'phase', 'seconds', 'queries', 'split (seconds/queries), applying per changed user');
$results = [];
foreach ($phases as $phase) {
    $progress = new bench_progress();
    $q0 = $DB->perf_get_queries();
    $t0 = microtime(true);
    $apply = $phase !== 'plan';
    $only = $apply && $phase !== 'all' ? [$phase] : [];
    $result = (new sync_service())->run('cli', $apply, $only, null, 0, $progress, null, null, null, false);
    $seconds = microtime(true) - $t0;
    $queries = $DB->perf_get_queries() - $q0;
    $run = run_log::get((int)$result->id);
    $split = [];
    foreach ($progress->phases as $name => [$s, $q, $items]) {
        $split[] = sprintf('%s %.1f/%d', $name, $s, $q);
    }
    $changed = (int)($run->counts['done'] ?? 0);
    $applying = $progress->phases['applying'] ?? [0.0, 0, 0];
    if ($apply && $changed > 0) {
        $split[] = sprintf('=> %.2f queries and %.1f ms per user (%d done)', $applying[1] / $changed,
            1000 * $applying[0] / $changed, $changed);
    }
    printf("%-12s %9.1f %10d  %s\n", $phase, $seconds, $queries, implode(', ', $split));
    if ($result->status !== 'success') {
        printf("  run %d: %s: %s\n", $result->id, $result->status, $result->message);
    }
    $results[$phase] = ['seconds' => round($seconds, 2), 'queries' => $queries, 'done' => $changed,
        'status' => $result->status, 'phases' => $progress->phases];
}
printf("\npeak PHP memory %.0f MB\n", memory_get_peak_usage(true) / 1048576);
file_put_contents(sys_get_temp_dir() . '/plugin_apply_bench-' . $n . '.json', json_encode($results, JSON_PRETTY_PRINT));
