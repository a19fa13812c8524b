--TEST--
mdsync_plan() over random records (invalid UTF-8, NUL bytes, invisible characters, IDN pieces, 1 KB emails, colliding ids and emails): no crash; each user lands in one place; no user offered for creation or paired is in a conflict (but a Moodle username holder); the same plan twice, though each plan hashes with a new random key
--EXTENSIONS--
mdsync
--FILE--
<?php
mt_srand(20261202);
$pieces = ["a", "B", "@", ".", " ", "\u{A0}", "\u{200B}", "\u{FEFF}", "é", "e\u{301}", "Ö", "ß", "xn--", "xn--bcher-kva",
    "bücher", "\xff", "\xc3", "\x00", "\t", "'", "\"", "[", "]", "<", "-", "_", "*", "?", "К", "\u{212A}", "\u{3002}",
    "1.2.3.4", str_repeat("x", 70), str_repeat("é", 600), "guest", "carol", "Carol"];
$rnd = function (int $max = 6) use ($pieces) {
    $s = '';
    for ($i = mt_rand(0, $max); $i > 0; $i--) {
        $s .= $pieces[mt_rand(0, count($pieces) - 1)];
    }
    return $s;
};
$problems = 0;
for ($round = 0; $round < 30; $round++) {
    $m = $d = [];
    $n = mt_rand(0, 50);
    for ($i = 1; $i <= $n; $i++) {
        $m[] = ['id' => $i, 'username' => $rnd(3), 'email' => mt_rand(0, 5) ? $rnd() . '@' . $rnd(2) : null,
            'djangoid' => mt_rand(0, 2) ? mt_rand(0, 60) . (mt_rand(0, 3) ? '' : ' ') : null,
            'auth' => mt_rand(0, 3) ? 'manual' : 'nologin', 'siteadmin' => mt_rand(0, 9) == 0,
            'cohorts' => mt_rand(0, 1) ? 'y1, y2' : [], 'suspended' => (bool) mt_rand(0, 1), 'suspended_at' => mt_rand(0, 100)];
        $d[] = ['id' => (string) ($i * 2), 'username' => $rnd(3), 'email' => $rnd() . '@' . $rnd(2), 'firstname' => $rnd(2),
            'lastname' => $rnd(2), 'djangoid' => mt_rand(0, 3) ? null : (string) mt_rand(0, 120), 'suspended' => mt_rand(0, 3) == 0];
    }
    $o = ['match' => mt_rand(0, 1) ? 'email' : 'djangoid,email', 'suspend' => (bool) mt_rand(0, 1), 'suspend_max_percent' => 100,
        'extended_username_chars' => (bool) mt_rand(0, 1), 'exclude_email_domains' => $rnd(2) . '*',
        'django_include' => mt_rand(0, 2) ? [] : ['email' => '*' . $rnd(1) . '*']];
    $plan = mdsync_plan($m, $d, $o);
    $again = mdsync_plan($m, $d, $o);
    unset($plan['stats'], $again['stats']);
    if ($plan !== $again) {
        echo "round $round: two plans differ\n";
        $problems++;
    }
    $place = ['m' => [], 'd' => []];
    foreach (array_column($plan['only_in_moodle'], 'id') as $id) $place['m'][$id][] = 'only';
    foreach (array_column($plan['only_in_django'], 'id') as $id) $place['d'][$id][] = 'only';
    foreach ($plan['both'] as $mid => $did) { $place['m'][$mid][] = 'both'; $place['d'][$did][] = 'both'; }
    foreach ($place as $side => $ids) {
        foreach ($ids as $id => $where) {
            if (count($where) > 1) { echo "round $round: $side $id is in ", implode(' and ', $where), "\n"; $problems++; }
        }
    }
    foreach ($plan['conflicts'] as $c) {
        foreach ($c['django_ids'] as $id) {
            if (isset($place['d'][$id])) { echo "round $round: Django $id in a {$c['reason']} conflict and in {$place['d'][$id][0]}\n"; $problems++; }
        }
        foreach ($c['moodle_ids'] as $id) {
            $holder = $c['reason'] === 'username_taken' && ($place['m'][$id] ?? ['']) === ['both'];
            if (isset($place['m'][$id]) && !$holder) { echo "round $round: Moodle $id in a {$c['reason']} conflict and in {$place['m'][$id][0]}\n"; $problems++; }
        }
        if (!is_string($c['message']) || $c['message'] === '' || strlen($c['message']) > 2000) { echo "round $round: message\n"; $problems++; }
    }
    foreach ($plan['excluded']['moodle'] as $rule => $ids) {
        foreach ($ids as $id) {
            if (in_array('only', $place['m'][$id] ?? [], true) || isset($plan['to_suspend'][$id])) { echo "round $round: excluded Moodle $id is offered or suspended\n"; $problems++; }
        }
    }
}
echo "$problems problems\n";
?>
--EXPECT--
0 problems
