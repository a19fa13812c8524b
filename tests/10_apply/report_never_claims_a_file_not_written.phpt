--TEST--
The report never claims what did not happen: when the update file cannot be written at the end of an offline apply, the identifier rows meant for it are reported FAILED ("not written"), the users created in Django are reported as created but not linked, the upload file that was written is reported written, and the exit code is 1; entries are "written" only for rows in a file on disk
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../07_cli/cli.inc';
$peer = mdsync_test_peer(['users' => 2]);
$csv = mdsync_cli_moodle_csv([[2, 'admin', 'admin@example.edu'], [3, 'student00001', 'student00001@example.edu']]);
$dir = mdsync_cli_tmpdir();
mkdir("$dir/update.csv"); // a directory where the file should go: renaming the file into place fails at the end
$r = mdsync_cli(['apply', '--yes', '--django-url', $peer['url'], '--moodle-csv', $csv, '--allow-unapplied-scope',
    '--write-upload-csv', "$dir/upload.csv", '--write-update-csv', "$dir/update.csv"], ['MDSYNC_DJANGO_TOKEN' => $peer['token']]);
echo "exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
echo is_file("$dir/upload.csv") ? "upload.csv is on disk\n" : "upload.csv MISSING\n";
echo count(glob("$dir/.mdsync-*")) === 0 ? "no temporary files left\n" : "TEMPORARY FILES LEFT\n";
?>
--EXPECTF--
exit 1
FAILED   set identifiers          student00001 <student00001@example.edu>: not written: %s/update.csv was not written: cannot move it into place
written  create in Moodle         student00002 <student00002@example.edu>: for Upload users (Moodle creates and mails the password) (in %s/upload.csv)
FAILED   create in Django         admin <admin@example.edu>: created in Django as %d, but its djangoid is not in Moodle (the next plan offers it): %s/update.csv was not written: cannot move it into place

mdsync apply: 1 written, 2 failed
Failed:
  - set identifiers student00001 <student00001@example.edu>: not written: %s/update.csv was not written: cannot move it into place
  - create in Django admin <admin@example.edu>: created in Django as %d, but its djangoid is not in Moodle (the next plan offers it): %s/update.csv was not written: cannot move it into place
Wrote 1 user to %s/upload.csv. Create them in Moodle: Site administration > Users > Upload users, with "New user password: Create password if needed and send via email".
NOT written: %s/update.csv: cannot move it into place
Moodle has not been changed: its side is in the files above, to upload by hand.
upload.csv is on disk
no temporary files left
