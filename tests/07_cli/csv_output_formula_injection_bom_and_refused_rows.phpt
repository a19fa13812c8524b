--TEST--
CSV out: cells that begin with =, +, -, @, TAB or CR get a leading apostrophe (OWASP CSV injection), names included; a row whose username, email or identifier begins like a formula (neutralising would change it), is reported and not written (the planner itself holds back names and usernames Moodle would refuse), in the upload and in the update file alike; --csv-bom starts the file with a UTF-8 byte order mark
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
require dirname(__DIR__, 2) . '/bin/lib/autoload.php';
use local_django_sync\local\sync\side\csv_writer;

foreach (['=1+1', '+380', '-5', '@SUM(A1)', "\tx", "\rx", 'plain', "it's", ''] as $cell) {
    echo json_encode($cell), ' -> ', json_encode(csv_writer::neutralise($cell)), "\n";
}
$peer = mdsync_test_peer(['load' => [
    ['id' => 2, 'username' => 'matched', 'email' => 'matched@example.edu', 'edeboid' => '=cmd|calc'],
    ['id' => 3, 'username' => 'evil', 'email' => 'evil@example.edu', 'first_name' => '=HYPERLINK("http://x")', 'last_name' => '+1'],
    ['id' => 4, 'username' => 'at', 'email' => 'at@example.edu', 'first_name' => '@SUM(A1)', 'last_name' => '-Smith'],
    ['id' => 5, 'username' => '-dash', 'email' => 'dash@example.edu', 'first_name' => 'D', 'last_name' => 'Ash'],
    ['id' => 6, 'username' => 'formulaid', 'email' => 'fid@example.edu', 'first_name' => 'F', 'last_name' => 'Id', 'iasid' => '+42'],
    ['id' => 7, 'username' => 'nolast', 'email' => 'nolast@example.edu', 'first_name' => 'No', 'last_name' => ''],
    ['id' => 8, 'username' => 'ok', 'email' => 'ok@example.edu', 'first_name' => 'Олена', 'last_name' => 'Петренко'],
]]);
$csv = mdsync_cli_moodle_csv([[2, 'admin', 'admin@example.edu'], [3, 'matched', 'matched@example.edu']]);
$dir = mdsync_cli_tmpdir();
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token']];
$r = mdsync_cli(['plan', '--django-url', $peer['url'], '--moodle-csv', $csv, '--write-upload-csv', "$dir/upload.csv", '--csv-bom'], $env);
echo "== plan --write-upload-csv --csv-bom: exit {$r[0]}\n", substr($r[1], strpos($r[1], "\n-dash") + 1), $r[2];
$bytes = file_get_contents("$dir/upload.csv");
echo 'BOM: ', str_starts_with($bytes, "\xEF\xBB\xBF") ? 'yes' : 'no', "\n", substr($bytes, 3);
$r = mdsync_cli(['apply', '--yes', '--only', 'identifiers', '--django-url', $peer['url'], '--moodle-csv', $csv,
    '--write-update-csv', "$dir/update.csv"], $env);
echo "== apply --only identifiers: exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
echo is_file("$dir/update.csv") ? "update.csv WRITTEN\n" : "update.csv not written: no row to write\n";
?>
--EXPECTF--
"=1+1" -> "'=1+1"
"+380" -> "'+380"
"-5" -> "'-5"
"@SUM(A1)" -> "'@SUM(A1)"
"\tx" -> "'\tx"
"\rx" -> "'\rx"
"plain" -> "plain"
"it's" -> "it's"
"" -> ""
== plan --write-upload-csv --csv-bom: exit 0
-dash <dash@example.edu>: not written: Moodle's Upload users would refuse it: its username '-dash' begins like a spreadsheet formula
formulaid <fid@example.edu>: not written: Moodle's Upload users would refuse it: its iasid '+42' begins like a spreadsheet formula

Wrote 3 users to %s/upload.csv (no passwords).
Create them in Moodle: Site administration > Users > Upload users, with "New user password: Create password if needed and send via email".
The profile fields edeboid, iasid and djangoid must exist in Moodle with those short names.
BOM: yes
username,firstname,lastname,email,auth,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
evil,"'=HYPERLINK(""http://x"")",'+1,evil@example.edu,manual,,,3
at,'@SUM(A1),'-Smith,at@example.edu,manual,,,4
ok,Олена,Петренко,ok@example.edu,manual,,,8
== apply --only identifiers: exit 1
FAILED   set identifiers          matched <matched@example.edu>: not written: edeboid '=cmd|calc' begins with '=', which a spreadsheet runs as a formula

mdsync apply: 1 failed
Failed:
  - set identifiers matched <matched@example.edu>: not written: edeboid '=cmd|calc' begins with '=', which a spreadsheet runs as a formula
update.csv not written: no row to write
