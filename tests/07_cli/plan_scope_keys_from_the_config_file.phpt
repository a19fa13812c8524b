--TEST--
bin/mdsync plan: the scope keys in the --config INI file are the extension's options (lists as comma strings, one id as an int, bools, [django_include] and [django_filter] sections); --json shows the excluded users, the active rules and those a CSV cannot feed
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 4, 'load' => [
    ['username' => 'teacher1', 'email' => 'teacher1@staff.example.edu', 'first_name' => 'T', 'last_name' => 'One', 'groups' => ['teacher']],
]]);
$csv = mdsync_cli_moodle_csv([
    [2, 'admin', 'admin@example.edu'],
    [3, 'svc-backup', 'backup@example.edu'],
    [4, 'ext', 'ext@partner.example.org'],
    [5, 'student00001', 'student00001@example.edu'],
    [6, 'new.student', 'new.student@example.edu'],
]);
$config = sys_get_temp_dir() . '/mdsync-cli-scope-' . getmypid() . '.ini';
file_put_contents($config, <<<INI
exclude_ids = 2
exclude_usernames = "svc-*, test-*"
exclude_email_domains = "partner.example.org"
exclude_siteadmins = true
extended_username_chars = false

[django_include]
email = "*@example.edu"

[django_filter]
ordering = "id"
INI);
$r = mdsync_cli(['plan', '--django-url', $peer['url'], '--moodle-csv', $csv, '--config', $config, '--json'],
    ['MDSYNC_DJANGO_TOKEN' => $peer['token']]);
unlink($config);
echo "exit {$r[0]}\n", $r[2];
$plan = json_decode($r[1], true)['plan'];
echo "only_in_moodle: ", json_encode(array_column($plan['only_in_moodle'], 'username')), "\n";
echo "only_in_django: ", json_encode(array_column($plan['only_in_django'], 'username')), "\n";
echo "excluded: ", json_encode($plan['excluded']['moodle']), ", Django: ", json_encode(array_keys($plan['excluded']['django'])), "\n";
echo "active: ", implode(', ', $plan['scope']['active']), "\n";
echo "not applied: ", json_encode($plan['scope']['not_applied']), "\n";
echo "by rule: ", json_encode($plan['stats']['excluded_by_rule']), "\n";
?>
--EXPECT--
exit 0
only_in_moodle: ["new.student"]
only_in_django: ["student00002","student00003","student00004"]
excluded: {"email_domain":[4],"username":[3],"id":[2]}, Django: ["django_include"]
active: siteadmin, guest, auth, email_domain, username, id, django_include
not applied: {"siteadmin":{"fact":"siteadmin","records":5},"auth":{"fact":"auth","records":5}}
by rule: {"siteadmin":0,"guest":0,"auth":0,"email_domain":1,"username":1,"id":1,"django_include":1}