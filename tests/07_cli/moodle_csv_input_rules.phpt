--TEST--
Moodle CSV in: a column named twice is refused, and an id given twice or beyond PHP's integers; a file in UTF-16 (with or without a byte order mark) or in Windows-1251 is named as such with "save it as CSV UTF-8"; a file with a header and no users is refused unless --allow-empty-moodle; the same path for input and output (or for both outputs) is refused before anything is read or sent
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 1]);
$dir = mdsync_cli_tmpdir();
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token']];
$header = "id,username,email,firstname,lastname\r\n";
$files = [
    'a duplicate header' => "id,username,email,firstname,Email\r\n2,admin,admin@example.edu,A,a@example.edu\r\n",
    'UTF-16 with a BOM' => "\xFF\xFE" . implode("\0", str_split($header . "2,admin,admin@example.edu,A,B\r\n")) . "\0",
    'UTF-16 without a BOM' => implode("\0", str_split($header . "2,admin,admin@example.edu,A,B\r\n")) . "\0",
    'Windows-1251' => $header . "2,admin,admin@example.edu,\xCE\xEB\xE5\xED\xE0,\xCF\xE5\xF2\xF0\xE5\xED\xEA\xEE\r\n",
    'Latin-1' => $header . "2,admin,admin@example.edu,Ren\xE9e,M\xFCller\r\n",
    'an id twice' => $header . "2,admin,admin@example.edu,A,B\r\n3,ann,ann@example.edu,A,B\r\n2,admin,admin@example.edu,A,B\r\n",
    'an id beyond PHP\'s integers' => $header . "9999999999999999999,admin,admin@example.edu,A,B\r\n",
    'a header only' => "\xEF\xBB\xBF" . $header,
];
foreach ($files as $what => $bytes) {
    file_put_contents("$dir/in.csv", $bytes);
    $r = mdsync_cli(['plan', '--django-url', $peer['url'], '--moodle-csv', "$dir/in.csv"], $env);
    echo "== $what: exit {$r[0]}\n", str_replace($dir, 'DIR', $r[2]);
}
$r = mdsync_cli(['plan', '--django-url', $peer['url'], '--moodle-csv', "$dir/in.csv", '--allow-empty-moodle'], $env);
echo "== a header only, --allow-empty-moodle: exit {$r[0]}\n", preg_match('/Moodle: +0 users/', $r[1]) ? "planned with 0 Moodle users\n" : $r[1] . $r[2];

file_put_contents("$dir/in.csv", "\xEF\xBB\xBF{$header}2,admin,admin@example.edu,A,B\r\n");
$before = mdsync_test_peer_requests($peer, '/api/user/');
foreach ([
    'output = input' => ['--write-upload-csv', "$dir/in.csv"],
    'output = input, by another name' => ['--write-update-csv', "$dir/./in.csv", '--write-upload-csv', "$dir/up.csv"],
    'both outputs the same' => ['--write-upload-csv', "$dir/out.csv", '--write-update-csv', "$dir/../" . basename($dir) . '/out.csv'],
] as $what => $args) {
    $r = mdsync_cli(array_merge(['apply', '--yes', '--django-url', $peer['url'], '--moodle-csv', "$dir/in.csv"], $args), $env);
    echo "== $what: exit {$r[0]}\n", $r[2];
}
echo 'Django asked meanwhile: ', mdsync_test_peer_requests($peer, '/api/user/') - $before, " times\n";
echo 'the input is intact: ', md5_file("$dir/in.csv") === md5("\xEF\xBB\xBF{$header}2,admin,admin@example.edu,A,B\r\n") ? 'yes' : 'NO', "\n";
?>
--EXPECT--
== a duplicate header: exit 2
mdsync plan: Moodle CSV 'DIR/in.csv' has the column 'email' twice (columns 3 and 5): which one holds the value cannot be told; remove one
== UTF-16 with a BOM: exit 2
mdsync plan: Moodle CSV 'DIR/in.csv' is UTF-16 (little-endian), not UTF-8: save it as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8), or download it again from Moodle
== UTF-16 without a BOM: exit 2
mdsync plan: Moodle CSV 'DIR/in.csv' is UTF-16, not UTF-8: save it as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8), or download it again from Moodle
== Windows-1251: exit 2
mdsync plan: Moodle CSV 'DIR/in.csv' row 2 is in Windows-1251 (Cyrillic), not UTF-8: save it as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8), or download it again from Moodle
== Latin-1: exit 2
mdsync plan: Moodle CSV 'DIR/in.csv' row 2 is not UTF-8: save it as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8), or download it again from Moodle
== an id twice: exit 2
mdsync plan: Moodle CSV 'DIR/in.csv' has the id 2 twice (rows 2 and 4): one user per row, as Moodle writes it; download the file again
== an id beyond PHP's integers: exit 2
mdsync plan: Moodle CSV 'DIR/in.csv' row 2: id '9999999999999999999' is not a Moodle user id
== a header only: exit 2
mdsync plan: Moodle CSV 'DIR/in.csv' has a header and no users: nothing would be matched and every Django user offered for creation. If Moodle really has no users, give --allow-empty-moodle
== a header only, --allow-empty-moodle: exit 0
planned with 0 Moodle users
== output = input: exit 2
mdsync apply: --write-upload-csv is the same file as --moodle-csv: mdsync would write over its own input; give another file
Try 'mdsync apply --help'.
== output = input, by another name: exit 2
mdsync apply: --write-update-csv is the same file as --moodle-csv: mdsync would write over its own input; give another file
Try 'mdsync apply --help'.
== both outputs the same: exit 2
mdsync apply: --write-update-csv is the same file as --write-upload-csv; give two files
Try 'mdsync apply --help'.
Django asked meanwhile: 0 times
the input is intact: yes
