--TEST--
Offline apply (--moodle-csv) with --write-upload-csv and --write-update-csv: both files written (mode 600, no password column, every identifier column holding its final value); a second apply with the same Moodle CSV creates nothing new in Django (the users it created are matched by email and only their djangoid is offered again); --csv-bom starts the files with a UTF-8 byte order mark
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../07_cli/cli.inc';
$peer = mdsync_test_peer(['users' => 3]);
$csv = mdsync_cli_moodle_csv([[2, 'admin', 'admin@example.edu'], [3, 'student00001', 'student00001@example.edu', '', 'OLD-IAS'],
    [4, 'teacher1', 'teacher1@example.edu', 'E-T1']]);
$dir = mdsync_cli_tmpdir();
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token']];
$args = ['apply', '--yes', '--json', '--django-url', $peer['url'], '--moodle-csv', $csv, '--allow-unapplied-scope',
    '--write-upload-csv', "$dir/upload.csv", '--write-update-csv', "$dir/update.csv"];
foreach (['first', 'second'] as $n => $which) {
    $before = count(explode("\n", trim(mdsync_cli_django_users($peer))));
    $r = mdsync_cli($n === 0 ? $args : array_merge($args, ['--csv-bom']), $env);
    $doc = json_decode($r[1], true);
    $after = count(explode("\n", trim(mdsync_cli_django_users($peer))));
    echo "== $which apply: exit {$r[0]}, Django users $before -> $after\n";
    foreach ($doc['report']['entries'] as $e) {
        echo "  {$e['status']} {$e['action']} {$e['user']}\n";
    }
    foreach ($doc['report']['files'] as $f) {
        printf("  %s: %d rows, mode %o, BOM %s\n", $f['kind'], $f['rows'], fileperms($f['path']) & 0777,
            str_starts_with(file_get_contents($f['path']), "\xEF\xBB\xBF") ? 'yes' : 'no');
    }
    foreach (['upload', 'update'] as $f) {
        echo preg_replace(['/^\xEF\xBB\xBF/', '/,(\d+)$/m'], ['', ',ID'], file_get_contents("$dir/$f.csv"));
    }
}
?>
--EXPECT--
== first apply: exit 0, Django users 3 -> 5
  written set_identifiers student00001 <student00001@example.edu>
  written create_in_moodle student00002 <student00002@example.edu>
  written create_in_moodle student00003 <student00003@example.edu>
  done create_in_django admin <admin@example.edu>
  done create_in_django teacher1 <teacher1@example.edu>
  upload: 2 rows, mode 600, BOM no
  update: 3 rows, mode 600, BOM no
username,firstname,lastname,email,auth,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
student00002,Student,No00002,student00002@example.edu,manual,EDEBO00002,IAS00002,ID
student00003,Student,No00003,student00003@example.edu,manual,EDEBO00003,IAS00003,ID
username,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
student00001,EDEBO00001,IAS00001,ID
admin,,,ID
teacher1,E-T1,,ID
== second apply: exit 0, Django users 5 -> 5
  written set_identifiers admin <admin@example.edu>
  written set_identifiers student00001 <student00001@example.edu>
  written set_identifiers teacher1 <teacher1@example.edu>
  written create_in_moodle student00002 <student00002@example.edu>
  written create_in_moodle student00003 <student00003@example.edu>
  upload: 2 rows, mode 600, BOM yes
  update: 3 rows, mode 600, BOM yes
username,firstname,lastname,email,auth,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
student00002,Student,No00002,student00002@example.edu,manual,EDEBO00002,IAS00002,ID
student00003,Student,No00003,student00003@example.edu,manual,EDEBO00003,IAS00003,ID
username,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
admin,,,ID
student00001,EDEBO00001,IAS00001,ID
teacher1,E-T1,,ID
