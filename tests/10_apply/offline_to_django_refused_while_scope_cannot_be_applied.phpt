--TEST--
Offline apply never pushes the site admin by accident: Moodle's bulk-download CSV says nothing of site admins or auth methods, so creating its users in Django is refused (exit 2, nothing sent to Django) while those scope rules cannot be applied; a CSV that carries siteadmin and auth columns lets the rules keep the admin and the service account out and the rest go; --allow-unapplied-scope pushes everyone, as asked
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/../07_cli/cli.inc';
$peer = mdsync_test_peer(['users' => 1]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token']];
$dir = mdsync_cli_tmpdir();
$rows = [[2, 'admin', 'admin@example.edu'], [3, 'svc', 'svc@example.edu'], [4, 'teacher1', 'teacher1@example.edu']];
$base = ['apply', '--yes', '--only', 'to-django', '--django-url', $peer['url'], '--write-update-csv', "$dir/update.csv"];
$before = mdsync_test_peer_requests($peer, '/api/user/');

$r = mdsync_cli(array_merge($base, ['--moodle-csv', mdsync_cli_moodle_csv($rows)]), $env);
echo "== a plain bulk-download CSV: exit {$r[0]}\n", $r[2];
echo "POSTs to Django: ", mdsync_test_peer_requests($peer, '/api/user/') - $before - 1, " (the plan's one GET aside)\n";

// The same users, with the facts a Moodle CSV can be given as columns.
$csv = "$dir/facts.csv";
file_put_contents($csv, "id,username,email,firstname,lastname,auth,siteadmin\n"
    . "2,admin,admin@example.edu,Admin,User,manual,1\n3,svc,svc@example.edu,Service,Account,webservice,0\n"
    . "4,teacher1,teacher1@example.edu,Teacher,One,manual,0\n");
$r = mdsync_cli(array_merge($base, ['--moodle-csv', $csv]), $env);
echo "== with siteadmin and auth columns: exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];

$r = mdsync_cli(array_merge($base, ['--moodle-csv', mdsync_cli_moodle_csv($rows), '--allow-unapplied-scope']), $env);
echo "== a plain CSV with --allow-unapplied-scope: exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2];
echo mdsync_cli_django_users($peer, 1);
?>
--EXPECTF--
== a plain bulk-download CSV: exit 2
mdsync apply: to-django: refusing to create Moodle users in Django while scope rules could not be applied to them: siteadmin (3 users lack 'siteadmin'), auth (3 users lack 'auth'). Accounts those rules keep out (the site admin, a service account) would be pushed. Give the Moodle side those facts (a CSV: add the columns; or use the site itself), or allow it explicitly (allow_unapplied_scope; on the command line --allow-unapplied-scope)
POSTs to Django: 0 (the plan's one GET aside)
== with siteadmin and auth columns: exit 0
ok       create in Django         teacher1 <teacher1@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)

mdsync apply: 1 done
%A== a plain CSV with --allow-unapplied-scope: exit 0
ok       create in Django         admin <admin@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)
ok       create in Django         svc <svc@example.edu>: Django id %d; djangoid for Moodle (in %s/update.csv)
%A
mdsync apply: 2 done
%A
