--TEST--
The apply engine in pieces: apply() from position 0 for 3 items, the work list and report stored as JSON, a fresh engine (as another process would) continues from the stored position; items with a final entry are never done twice; the report ends complete and in work order, and the next plan has nothing left
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../07_cli/cli.inc';
require dirname(__DIR__, 2) . '/bin/lib/autoload.php';
use local_django_sync\local\sync\{engine, extension_django, options, report, work_list, side\ws_side};

$peer = mdsync_test_peer(['users' => 5]);
// teacher1 is only in Moodle; the site admin (id 2) is out of scope and stays out of Django.
$moodle = mdsync_cli_moodle([['student00001', 'student00001@example.edu'], ['teacher1', 'teacher1@example.edu']]);
$make = fn () => new engine(
    new extension_django(['django_url' => $peer['url'], 'django_token' => $peer['token']], $peer['url'] . '/api/user/'),
    new ws_side(['moodle_url' => $moodle['url'], 'moodle_token' => $moodle['token']]),
    options::from_array(['batch_size' => 2])
);
$writes = fn () => count(array_filter(mdsync_cli_moodle_store($moodle)['calls'], fn ($c) => !in_array($c[0], ['core_user_get_users', 'local_django_sync_get_users'], true)));

$engine = $make();
$work = $engine->work($engine->plan());
echo 'work: ', implode(' ', array_map(fn ($i) => $i->key(), $work->items())), "\n";
$report = new report();
$next = $engine->apply($work, $report, 0, 3);
echo "piece 1: next $next, ", json_encode($report->counts()), "\n";
$stored = json_encode(['work' => $work->to_array(), 'report' => $report->to_array(), 'next' => $next]);

$data = json_decode($stored, true);
$work2 = work_list::from_array($data['work']);
$report2 = report::from_array($data['report']);
$next = $make()->apply($work2, $report2, $data['next']);
echo "piece 2: next $next of ", count($work2), ', ', json_encode($report2->counts()), ", outcome {$report2->outcome()}\n";
foreach ($report2->entries() as $e) {
    echo "  {$e['status']} {$e['key']} {$e['user']}\n";
}
$before = $writes();
$again = $make()->apply($work2, $report2, 0);
echo 'the whole work again over the same report: ', $writes() - $before, " writes, next $again\n";

$engine = $make();
echo 'next plan: ', count($engine->work($engine->plan())), " items\n";
?>
--EXPECT--
work: set_identifiers:m3 create_in_moodle:d3 create_in_moodle:d4 create_in_moodle:d5 create_in_moodle:d6 create_in_django:m4
piece 1: next 3, {"done":3}
piece 2: next 6 of 6, {"done":6}, outcome done
  done set_identifiers:m3 student00001 <student00001@example.edu>
  done create_in_moodle:d3 student00002 <student00002@example.edu>
  done create_in_moodle:d4 student00003 <student00003@example.edu>
  done create_in_moodle:d5 student00004 <student00004@example.edu>
  done create_in_moodle:d6 student00005 <student00005@example.edu>
  done create_in_django:m4 teacher1 <teacher1@example.edu>
the whole work again over the same report: 0 writes, next 6
next plan: 0 items
