--TEST--
bin/mdsync plan: summary, --json and --write-upload-csv from a Moodle bulk-download CSV (BOM, profile_field_* columns); no passwords written
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 5]); // student00001..5@example.edu
$csv = mdsync_cli_moodle_csv([
    [2, 'admin', 'admin@example.edu'],
    [3, 'student00001', ' Student00001@EXAMPLE.edu', 'EDEBO00001', 'IAS00001'],
    [4, 'student00002', 'student00002@example.edu'],
    [5, 'dup', 'student00003@example.edu'],
    [6, 'dup2', 'STUDENT00003@example.edu '],
    [7, 'noemail', ''],
]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token']];
$common = ['plan', '--django-url', $peer['url'], '--moodle-csv', $csv];

[$rc, $out, $err] = mdsync_cli($common, $env);
echo "exit $rc\n", $out, $err;

$upload = sys_get_temp_dir() . '/mdsync-cli-upload-' . getmypid() . '.csv';
[$rc, $out, $err] = mdsync_cli(array_merge($common, ['--json', '--write-upload-csv', $upload, '--auth', 'saml2']), $env);
echo "exit $rc\n";
$plan = json_decode($out, true, 512, JSON_THROW_ON_ERROR);
echo 'json keys: ', implode(',', array_keys($plan)), "\n";
echo 'plan keys: ', implode(',', array_keys($plan['plan'])), "\n";
echo 'json updates: ', json_encode($plan['plan']['moodle_updates']), "\n";
echo 'json conflicts: ', implode(',', array_column($plan['plan']['conflicts'], 'reason')), "\n";
echo $err;
printf("mode %o\n", fileperms($upload) & 0777);
echo file_get_contents($upload);
unlink($upload);
?>
--EXPECTF--
exit 0
mdsync plan: nothing has been changed
  Moodle:      6 users from %s
  Django:      5 users from http://127.0.0.1:%d/api/user/

  in both                   2
  only in Moodle            1   (not in Django)
  only in Django            2   (to create in Moodle)
  identifier updates        2   (djangoid 2, edeboid 1, iasid 1)
  conflicts                 2
  out of scope              0
  scope rules          siteadmin, guest, auth
  not applied          siteadmin, auth: 6 of 6 Moodle records lack siteadmin, auth
    a Moodle CSV has no such column: add 'auth' (the auth method: manual, ldap, nologin, ...) and
    'siteadmin' (1 for a site admin) as columns, or plan against the site with --moodle-url

Conflicts (resolve them in Moodle or Django; mdsync never guesses):
  - no_email: Moodle user 7 (noemail) has no email
  - duplicate_email: the email "student00003@example.edu" belongs to 2 Moodle and 1 Django users; fix it on the side that has it twice (match "email") [Moodle 5, 6; Django %d]

Django: 1 page, 1 request, 0 retries in %s ms
To create the Django-only users in Moodle, write them for Upload users with --write-upload-csv FILE.
exit 0
json keys: mdsync,command,moodle,django,plan,files,refused
plan keys: only_in_moodle,only_in_django,both,moodle_updates,conflicts,to_suspend,to_revive,to_delete,excluded,scope,stats
json updates: [{"moodle_id":3,"fields":{"djangoid":"2"}},{"moodle_id":4,"fields":{"edeboid":"EDEBO00002","iasid":"IAS00002","djangoid":"3"}}]
json conflicts: no_email,duplicate_email
Wrote 2 users to %s (no passwords).
Create them in Moodle: Site administration > Users > Upload users (auth saml2: they sign in through it and need no password).
The profile fields edeboid, iasid and djangoid must exist in Moodle with those short names.
mode 600
username,firstname,lastname,email,auth,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
student00004,Student,No00004,student00004@example.edu,saml2,EDEBO00004,IAS00004,%d
student00005,Student,No00005,student00005@example.edu,saml2,EDEBO00005,IAS00005,%d
