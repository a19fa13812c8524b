--TEST--
Plan: emails compare as a person reads them: Unicode white space and invisible characters trimmed, Unicode case folding, NFC, international domains equal in Unicode and xn-- form; records keep their own text
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/plan.inc';
// The peer's loader stores what its API would refuse (Unicode emails): Django sites have such data.
$names = ['first_name' => 'F', 'last_name' => 'L'];
$peer = mdsync_test_peer(['load' => [
    ['username' => 'olena', 'email' => 'Олена.Коваль@Example.edu'] + $names,   // Cyrillic capitals
    ['username' => 'anna', 'email' => 'anna@bücher.example'] + $names,         // IDN in Unicode
    ['username' => 'dave', 'email' => 'Dave@BÜCHER.example'] + $names,         // IDN, capitals
    ['username' => 'jose', 'email' => "jose\u{301}@example.edu"] + $names,     // e + combining acute (NFD)
    ['username' => 'ben', 'email' => "\u{A0}ben@example.edu\u{200B}"] + $names,// NBSP before, zero-width space after
    ['username' => 'kate', 'email' => "\u{212A}ate@example.edu"] + $names,     // KELVIN SIGN folds to k
    ['username' => 'gross', 'email' => 'STRASSE@example.edu'] + $names,        // folds like straße
    ['username' => 'zoe1', 'email' => 'Zoë@x.edu'] + $names,                   // these two are one email:
    ['username' => 'zoe2', 'email' => "zoe\u{308}@X.EDU"] + $names,            // a duplicate, never guessed at
    ['username' => 'tab', 'email' => "\tTab@Example.edu \r\n"] + $names,
]]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$django = mdsync_django_users($opts);
$moodle = [
    ['id' => 10, 'username' => 'olena', 'email' => 'олена.коваль@EXAMPLE.EDU'],
    ['id' => 11, 'username' => 'anna', 'email' => 'anna@xn--bcher-kva.example'],
    ['id' => 12, 'username' => 'dave', 'email' => 'dave@XN--BCHER-KVA.example'],
    ['id' => 13, 'username' => 'jose', 'email' => 'josé@example.edu'],
    ['id' => 14, 'username' => 'ben', 'email' => "ben@example.edu\u{FEFF}"],
    ['id' => 15, 'username' => 'kate', 'email' => 'kate@example.edu'],
    ['id' => 16, 'username' => 'gross', 'email' => 'straße@example.edu'],
    ['id' => 17, 'username' => 'zoe', 'email' => 'zoë@x.edu'],
    ['id' => 18, 'username' => 'tab', 'email' => 'tab@example.edu'],
    ['id' => 19, 'username' => 'ivy', 'email' => "\u{2003}Ivy@Example.edu"],  // EM SPACE: only in Moodle
];
$plan = mdsync_sync_users($moodle, $opts);
mdsync_print_plan($plan, $django);
echo "conflict email (the compared form): ", $plan['conflicts'][0]['email'], "\n";
echo "records keep their text:\n";
echo "  Django olena: ", $django[0]['email'], "\n";
echo "  Moodle 19: ", json_encode($plan['only_in_moodle'][0]['email']), "\n";
echo "a second plan after the links: ";
foreach ($moodle as &$m) {
    $m['djangoid'] = $plan['moodle_updates']['djangoid'][$m['id']] ?? null;
}
unset($m);
$again = mdsync_sync_users($moodle, $opts + ['match' => 'djangoid,email']);
echo json_encode(['updates' => array_filter($again['moodle_updates']), 'both' => count($again['both'])]), "\n";
?>
--EXPECT--
only_in_moodle: [19]
only_in_django: []
both: {"10":"olena","11":"anna","12":"dave","13":"jose","14":"ben","15":"kate","16":"gross","18":"tab"}
moodle_updates: {"djangoid":{"10":"olena","11":"anna","12":"dave","13":"jose","14":"ben","15":"kate","16":"gross","18":"tab"}}
conflicts: 
  duplicate_email m=17 d=zoe1,zoe2: the email "zoë@x.edu" belongs to 1 Moodle and 2 Django users; fix it on the side that has it twice (match "email")
conflict email (the compared form): zoë@x.edu
records keep their text:
  Django olena: Олена.Коваль@Example.edu
  Moodle 19: "\u2003Ivy@Example.edu"
a second plan after the links: {"updates":[],"both":8}