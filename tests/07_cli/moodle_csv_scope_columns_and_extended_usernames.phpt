--TEST--
Offline scope: a bulk-download CSV gives no auth, siteadmin, roles or cohorts, so only username, id and email rules apply and the plan names the others with the columns to add; a CSV that adds auth, siteadmin, roles and cohorts columns has them passed through and every rule applies (a siteadmin cell that is not yes or no is refused). Usernames with extended_username_chars: lower-cased as Moodle stores them (core_text::strtolower, mb_strtolower), in the upload file and over web services; without PHP's mbstring that setting is refused, never half-done
--EXTENSIONS--
mdsync
--SKIPIF--
<?php
require __DIR__ . '/../server.inc';
if ($r = mdsync_test_peer_skip_reason()) die("skip $r");
if (!is_file(PHP_EXTENSION_DIR . '/mbstring.so')) die('skip needs mbstring.so in ' . PHP_EXTENSION_DIR);
?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$n = ['first_name' => 'F', 'last_name' => 'L'];
$peer = mdsync_test_peer(['users' => 1, 'load' => [['username' => 'Олена.Коваль', 'email' => 'olena@example.edu'] + $n]]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token']];
$dir = mdsync_cli_tmpdir();
$csv = function (string $name, array $header, array $rows) use ($dir): string {
    $fp = fopen("$dir/$name", 'w');
    fwrite($fp, "\xEF\xBB\xBF");
    fputcsv($fp, $header, ',', '"', '');
    foreach ($rows as $r) {
        fputcsv($fp, $r, ',', '"', '');
    }
    fclose($fp);
    return "$dir/$name";
};
$base = ['id', 'username', 'email', 'firstname', 'lastname'];
$people = [
    [2, 'admin', 'admin@example.edu', 'A', 'Admin'],
    [3, 'svc-backup', 'backup@example.edu', 'S', 'Svc'],
    [4, 'mgr', 'mgr@example.edu', 'M', 'Gr'],
    [5, 'staff1', 'staff1@example.edu', 'S', 'One'],
    [6, 'locked', 'locked@example.edu', 'L', 'Ocked'],
    [7, 'teacher1', 'teacher1@example.edu', 'T', 'One'],
];
$facts = [['manual', '1', '', ''], ['manual', 'no', '', ''], ['manual', '0', 'manager, coursecreator', ''],
    ['ldap', '', '', 'STAFF'], ['nologin', '0', '', ''], ['ldap', 'false', 'editingteacher', 'Y2024']];
$config = "$dir/scope.ini";
file_put_contents($config, "exclude_usernames = \"svc-*\"\nexclude_roles = \"manager\"\nexclude_cohorts = \"staff\"\n");
$plan = function (string $file, array $more = []) use ($peer, $env, $config): array {
    return mdsync_cli(array_merge(['plan', '--django-url', $peer['url'], '--moodle-csv', $file, '--config', $config], $more), $env);
};
$show = function (array $r): void {
    $doc = json_decode($r[1], true);
    echo "exit {$r[0]}\n", $r[2];
    if ($doc) {
        echo "  excluded: ", json_encode($doc['plan']['excluded']['moodle']), "\n";
        echo "  not_applied: ", json_encode($doc['plan']['scope']['not_applied']), "\n";
        echo "  only_in_moodle: ", json_encode(array_column($doc['plan']['only_in_moodle'], 'username')), "\n";
    }
};

echo "== the bulk download: username, id and email rules only\n";
$plain = $csv('plain.csv', $base, $people);
$show($plan($plain, ['--json']));
$r = $plan($plain);
echo preg_replace('/^(?!  (scope rules|not applied|out of scope)|    \S).*\n/m', '', $r[1]);

echo "== with an auth column only\n";
$auth = $csv('auth.csv', array_merge($base, ['auth']), array_map(fn ($p, $f) => array_merge($p, [$f[0]]), $people, $facts));
$r = $plan($auth);
echo preg_replace('/^(?!  (not applied)|    \S).*\n/m', '', $r[1]);

echo "== with auth, siteadmin, roles and cohorts columns\n";
$all = $csv('facts.csv', array_merge($base, ['auth', 'siteadmin', 'roles', 'cohorts']),
    array_map(fn ($p, $f) => array_merge($p, $f), $people, $facts));
$show($plan($all, ['--json']));

echo "== a siteadmin cell that is neither\n";
$bad = $csv('bad.csv', array_merge($base, ['siteadmin']), [[2, 'admin', 'admin@example.edu', 'A', 'Admin', 'maybe']]);
$show($plan($bad));

echo "== a username with capitals Moodle refuses unless extended_username_chars\n";
$one = $csv('one.csv', $base, [[2, 'admin', 'admin@example.edu', 'A', 'Admin']]);
$r = mdsync_cli(['plan', '--django-url', $peer['url'], '--moodle-csv', $one, '--json'], $env);
$doc = json_decode($r[1], true)['plan'];
echo "only_in_django: ", json_encode(array_column($doc['only_in_django'], 'username')), "; conflicts: ",
    json_encode(array_column($doc['conflicts'], 'reason')), "\n";
$ext = "$dir/ext.ini";
file_put_contents($ext, "extended_username_chars = true\n");
$mb = ['extension=' . PHP_EXTENSION_DIR . '/mbstring.so'];
$r = mdsync_cli(['plan', '--django-url', $peer['url'], '--moodle-csv', $one, '--config', $ext,
    '--write-upload-csv', "$dir/up.csv"], $env, true, $mb);
echo "exit {$r[0]}\n", $r[2], file_get_contents("$dir/up.csv");
echo "-- without mbstring\n";
$r = mdsync_cli(['plan', '--django-url', $peer['url'], '--moodle-csv', $one, '--config', $ext,
    '--write-upload-csv', "$dir/up2.csv"], $env);
echo "exit {$r[0]}\n", $r[2], file_exists("$dir/up2.csv") ? "up2.csv written\n" : "up2.csv not written\n";
echo "-- over web services (a site with extendedusernamechars)\n";
$moodle = mdsync_cli_moodle([], ['extendedusernamechars' => true]);
$r = mdsync_cli(['apply', '--yes', '--only', 'to-moodle', '--django-url', $peer['url'], '--moodle-url', $moodle['url'],
    '--config', $ext], $env + ['MDSYNC_MOODLE_TOKEN' => $moodle['token']], true, $mb);
echo "exit {$r[0]}\n", mdsync_cli_report($r[1]), $r[2], mdsync_cli_moodle_users($moodle);
?>
--EXPECTF--
== the bulk download: username, id and email rules only
exit 0
  excluded: {"username":[3]}
  not_applied: {"siteadmin":{"fact":"siteadmin","records":6},"auth":{"fact":"auth","records":6},"role":{"fact":"roles","records":6},"cohort":{"fact":"cohorts","records":6}}
  only_in_moodle: ["admin","mgr","staff1","locked","teacher1"]
  out of scope              1   (username 1: never pushed to Django or suspended)
  scope rules          siteadmin, guest, auth, role, cohort, username
  not applied          siteadmin, auth, role, cohort: 6 of 6 Moodle records lack siteadmin, auth, roles, cohorts
    a Moodle CSV has no such column: add 'auth' (the auth method: manual, ldap, nologin, ...) and
    'siteadmin' (1 for a site admin) and 'roles' (role short names held at system or category level)
    and 'cohorts' (cohort idnumbers) as columns, or plan against the site with --moodle-url
== with an auth column only
  not applied          siteadmin, role, cohort: 6 of 6 Moodle records lack siteadmin, roles, cohorts
    a Moodle CSV has no such column: add 'siteadmin' (1 for a site admin) and 'roles' (role short
    names held at system or category level) and 'cohorts' (cohort idnumbers) as columns, or plan
    against the site with --moodle-url
== with auth, siteadmin, roles and cohorts columns
exit 0
  excluded: {"siteadmin":[2],"auth":[6],"role":[4],"cohort":[5],"username":[3]}
  not_applied: []
  only_in_moodle: ["teacher1"]
== a siteadmin cell that is neither
exit 2
mdsync plan: Moodle CSV '%s/bad.csv' row 2: siteadmin 'maybe' is not 1 or 0 (yes or no)
== a username with capitals Moodle refuses unless extended_username_chars
only_in_django: ["student00001"]; conflicts: ["invalid_username"]
exit 0
username,firstname,lastname,email,auth,profile_field_edeboid,profile_field_iasid,profile_field_djangoid
student00001,Student,No00001,student00001@example.edu,manual,EDEBO00001,IAS00001,%d
олена.коваль,F,L,olena@example.edu,manual,,,%d
-- without mbstring
exit 2
mdsync plan: extended_username_chars (extended_username_chars in %s/ext.ini) needs PHP's mbstring extension to lower-case usernames as Moodle does: install it (Debian: php-mbstring)
up2.csv not written
-- over web services (a site with extendedusernamechars)
exit 0
ok       create in Moodle         student00001 <student00001@example.edu>: Moodle id 3, password mailed by Moodle
ok       create in Moodle         Олена.Коваль <olena@example.edu>: Moodle id 4, password mailed by Moodle

mdsync apply: 2 done
3 student00001 student00001@example.edu manual edeboid=EDEBO00001 iasid=IAS00001 djangoid=%d
4 олена.коваль olena@example.edu manual djangoid=%d
