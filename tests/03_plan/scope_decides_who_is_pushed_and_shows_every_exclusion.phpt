--TEST--
Scope: by default site admins, the guest and nologin/webservice accounts are never pushed to Django; rules by role, cohort, email domain, username, id, or an include rule instead; every excluded user is listed with its rule and counted; rules the records lack the facts for are named; users out of scope still match and are never suspended
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/plan.inc';
$n = ['first_name' => 'F', 'last_name' => 'L'];
$peer = mdsync_test_peer(['load' => [
    ['username' => 'admin', 'email' => 'admin@uni.example'] + $n,   // the admin has a Django account too
    ['username' => 'linked', 'email' => 'linked@uni.example', 'is_active' => false] + $n,
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);
$id = array_column($django, 'id', 'username');
$u = fn($id, $name, array $more = []) => $more + ['id' => $id, 'username' => $name, 'email' => "$name@uni.example",
    'auth' => 'manual', 'siteadmin' => false, 'roles' => [], 'cohorts' => []];
$moodle = [
    $u(2, 'admin', ['siteadmin' => true]),                              // matched to Django's admin: stays in both
    $u(1, 'guest'),
    $u(3, 'ws', ['auth' => 'webservice']),
    $u(4, 'locked', ['auth' => 'nologin', 'djangoid' => '999']),       // linked, gone from Django: out of scope, not suspended
    $u(5, 'teacher', ['roles' => ['editingteacher', 'manager']]),
    $u(6, 'staff', ['cohorts' => 'STAFF, Y2024']),                     // a comma list, as a CSV column holds it
    $u(7, 'partner', ['email' => 'p@Dept.Partner.EXAMPLE.org']),
    $u(8, 'test-bot'),
    $u(9, 'nine'),
    $u(10, 'ten'),
    $u(11, 'student', ['cohorts' => ['Y2024'], 'auth' => 'ldap']),
    $u(12, 'leaver', ['cohorts' => ['Y2024'], 'auth' => 'ldap', 'email' => 'linked@uni.example', 'djangoid' => (string) $id['linked']]),
];
$rules = ['exclude_roles' => 'manager', 'exclude_cohorts' => ['staff'], 'exclude_email_domains' => '*.partner.example.org',
    'exclude_usernames' => ['test-*'], 'exclude_ids' => [9, '10-10'], 'suspend' => true, 'suspend_max_percent' => 50];
$show = function (array $plan) use ($django) {
    $r = mdsync_plan_readable($plan, $django);
    echo "only_in_moodle: ", json_encode($r['only_in_moodle']), "\n";
    echo "both: ", json_encode($r['both']), "\n";
    echo "to_suspend: ", json_encode(array_keys($plan['to_suspend'])), "\n";
    echo "excluded: ", json_encode($plan['excluded']), "\n";
    echo "scope: ", json_encode($plan['scope']), "\n";
    echo "stats: excluded={$plan['stats']['excluded']} by rule ", json_encode($plan['stats']['excluded_by_rule']), "\n";
    echo "conflicts: ", implode(', ', array_map(fn($c) => $c['reason'] . ' ' . implode(',', $c['moodle_ids']), $plan['conflicts'])), "\n";
};
echo "== defaults and exclusion rules\n";
$show(mdsync_sync_users($moodle, $opts + $rules));
echo "== only cohort Y2024, only auth ldap\n";
$show(mdsync_sync_users($moodle, $opts + ['include_cohorts' => 'y2024', 'include_auth' => ['ldap']]));
echo "== a CSV export: no auth, siteadmin, roles or cohorts\n";
$csv = array_map(fn($m) => array_diff_key($m, ['auth' => 1, 'siteadmin' => 1, 'roles' => 1, 'cohorts' => 1]), $moodle);
$show(mdsync_sync_users($csv, $opts + ['exclude_usernames' => 'admin,test-*', 'include_cohorts' => 'Y2024']));
echo "== the defaults switched off\n";
$show(mdsync_sync_users($moodle, $opts + ['exclude_siteadmins' => false, 'exclude_guest' => false, 'exclude_auth' => '']));
?>
--EXPECT--
== defaults and exclusion rules
only_in_moodle: [11]
both: {"2":"admin","12":"linked"}
to_suspend: [12]
excluded: {"moodle":{"siteadmin":[2],"guest":[1],"auth":[3,4],"role":[5],"cohort":[6],"email_domain":[7],"username":[8],"id":[9,10]},"django":[]}
scope: {"active":["siteadmin","guest","auth","role","cohort","email_domain","username","id"],"not_applied":[]}
stats: excluded=10 by rule {"siteadmin":1,"guest":1,"auth":2,"role":1,"cohort":1,"email_domain":1,"username":1,"id":2}
conflicts: django_user_missing 4
== only cohort Y2024, only auth ldap
only_in_moodle: [11]
both: {"2":"admin","12":"linked"}
to_suspend: []
excluded: {"moodle":{"siteadmin":[2],"guest":[1],"auth":[3,4],"include_auth":[5,6,7,8,9,10]},"django":[]}
scope: {"active":["siteadmin","guest","auth","include_auth","include_cohort"],"not_applied":[]}
stats: excluded=10 by rule {"siteadmin":1,"guest":1,"auth":2,"include_auth":6,"include_cohort":0}
conflicts: django_user_missing 4
== a CSV export: no auth, siteadmin, roles or cohorts
only_in_moodle: []
both: {"2":"admin","12":"linked"}
to_suspend: []
excluded: {"moodle":{"guest":[1],"username":[2,8],"include_cohort":[3,4,5,6,7,9,10,11,12]},"django":[]}
scope: {"active":["siteadmin","guest","auth","username","include_cohort"],"not_applied":{"siteadmin":{"fact":"siteadmin","records":12},"auth":{"fact":"auth","records":12},"include_cohort":{"fact":"cohorts","records":12}}}
stats: excluded=12 by rule {"siteadmin":0,"guest":1,"auth":0,"username":2,"include_cohort":9}
conflicts: django_user_missing 4
== the defaults switched off
only_in_moodle: [1,3,5,6,7,8,9,10,11]
both: {"2":"admin","12":"linked"}
to_suspend: []
excluded: {"moodle":[],"django":[]}
scope: {"active":[],"not_applied":[]}
stats: excluded=0 by rule []
conflicts: django_user_missing 4