--TEST--
The apply engine, through the web-service side (fake Moodle 4.5) and the CSV side (offline files), against the real Django peer: plan → apply → plan has nothing left (offline: after the files are uploaded the way Moodle's Upload users reads them); both sides apply in the same order with the same results
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../07_cli/cli.inc';
// Django: student00001..4 (ids 2..5). Moodle: admin, student00001 (no identifiers), student00002 (edeboid only), teacher1.
// Over web services the site says who is a site admin (local_django_sync_get_users): admin stays out of Django. The
// bulk-download CSV cannot say it, so offline admin is offered to Django like anyone (the plan says so).
$moodleUsers = [
    ['student00001', 'Student00001@example.edu'],
    ['student00002', 'student00002@example.edu', ['edeboid' => 'EDEBO00002']],
    ['teacher1', 'teacher1@example.edu'],
];
$summary = function (array $r): string {
    $doc = json_decode($r[1], true);
    $lines = [];
    foreach ($doc['report']['entries'] ?? [] as $e) {
        $lines[] = sprintf('%-8s %-16s %s', $e['status'], $e['action'], $e['user']);
    }
    return "exit {$r[0]}\n" . implode("\n", $lines) . "\n";
};
$left = function (array $r): string {
    $p = json_decode($r[1], true)['plan'];
    return sprintf("plan: only_in_moodle %d, only_in_django %d, updates %d, conflicts %d, both %d\n", count($p['only_in_moodle']),
        count($p['only_in_django']), count($p['moodle_updates']), count($p['conflicts']), count($p['both']));
};

echo "== web services\n";
$peer = mdsync_test_peer(['users' => 4]);
$moodle = mdsync_cli_moodle($moodleUsers);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']];
$site = ['--django-url', $peer['url'], '--moodle-url', $moodle['url'], '--json'];
echo $left(mdsync_cli(array_merge(['plan'], $site), $env));
echo $summary(mdsync_cli(array_merge(['apply', '--yes'], $site), $env));
echo $left(mdsync_cli(array_merge(['plan'], $site), $env));
echo mdsync_cli_moodle_users($moodle), mdsync_cli_django_users($peer, 5);

echo "== offline files\n";
$peer = mdsync_test_peer(['users' => 4]);
$rows = [[2, 'admin', 'admin@example.edu'], [3, 'student00001', 'Student00001@example.edu'],
    [4, 'student00002', 'student00002@example.edu', 'EDEBO00002'], [5, 'teacher1', 'teacher1@example.edu']];
$dir = mdsync_cli_tmpdir();
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token']];
$files = ['--write-upload-csv', "$dir/upload.csv", '--write-update-csv', "$dir/update.csv"];
$csv = mdsync_cli_moodle_csv($rows);
$offline = ['--django-url', $peer['url'], '--moodle-csv', $csv, '--json'];
echo $left(mdsync_cli(array_merge(['plan'], $offline), $env));
echo $summary(mdsync_cli(array_merge(['apply', '--yes', '--allow-unapplied-scope'], $offline, $files), $env));
// The administrator uploads both files in Moodle; the next bulk download is the CSV the next plan reads.
$csv2 = mdsync_cli_moodle_csv(mdsync_cli_after_upload($rows, "$dir/upload.csv", "$dir/update.csv"));
echo $left(mdsync_cli(['plan', '--django-url', $peer['url'], '--moodle-csv', $csv2, '--json'], $env));
echo mdsync_cli_django_users($peer, 5);
?>
--EXPECTF--
== web services
plan: only_in_moodle 1, only_in_django 2, updates 2, conflicts 0, both 2
exit 0
done     set_identifiers  student00001 <Student00001@example.edu>
done     set_identifiers  student00002 <student00002@example.edu>
done     create_in_moodle student00003 <student00003@example.edu>
done     create_in_moodle student00004 <student00004@example.edu>
done     create_in_django teacher1 <teacher1@example.edu>
plan: only_in_moodle 0, only_in_django 0, updates 0, conflicts 0, both 5
3 student00001 Student00001@example.edu manual edeboid=EDEBO00001 iasid=IAS00001 djangoid=2
4 student00002 student00002@example.edu manual edeboid=EDEBO00002 iasid=IAS00002 djangoid=3
5 teacher1 teacher1@example.edu manual djangoid=%d
6 student00003 student00003@example.edu manual edeboid=EDEBO00003 iasid=IAS00003 djangoid=4
7 student00004 student00004@example.edu manual edeboid=EDEBO00004 iasid=IAS00004 djangoid=5
%d %s %s@example.edu
== offline files
plan: only_in_moodle 2, only_in_django 2, updates 2, conflicts 0, both 2
exit 0
written  set_identifiers  student00001 <Student00001@example.edu>
written  set_identifiers  student00002 <student00002@example.edu>
written  create_in_moodle student00003 <student00003@example.edu>
written  create_in_moodle student00004 <student00004@example.edu>
done     create_in_django admin <admin@example.edu>
done     create_in_django teacher1 <teacher1@example.edu>
plan: only_in_moodle 0, only_in_django 0, updates 0, conflicts 0, both 6
%d %s %s@example.edu
%d %s %s@example.edu
