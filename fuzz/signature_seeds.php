<?php
/* Writes the seed corpus of fuzz/signature_header.c (php fuzz/signature_seeds.php): good
 * signatures, stale and future ones, rotated secrets, and malformed headers. Each input is
 * now (8 bytes LE), tolerance + 8 (2), secret length - 1 (1), header length (2), secret, header, body.
 * Needs the mdsync extension for mdsync_sign(). Crash inputs found later sit beside them. */
$dir = __DIR__ . '/corpus/signature_header';
@mkdir($dir, 0777, true);
$pack = fn(int $now, int $tol, string $secret, string $header, string $body) =>
    pack('P', $now) . pack('v', $tol + 8) . chr(strlen($secret) - 1) . pack('v', strlen($header)) . $secret . $header . $body;
$now = 1700000000;
$body = '{"userid":5,"courseid":2,"itemid":3,"finalgrade":87.5,"timemodified":1700000000}';
$good = mdsync_sign($body, 'grade-secret', $now);
$seeds = [
    'good' => $pack($now, 300, 'grade-secret', $good, $body),
    'good_upper_hex' => $pack($now, 300, 'grade-secret', strtoupper(substr($good, 0, 2)) . substr($good, 2), $body),
    'rotated' => $pack($now, 300, 'new-secret', 'v1=' . str_repeat('0', 64) . ', ' . mdsync_sign($body, 'new-secret', $now), $body),
    'spaces' => $pack($now, 300, 'grade-secret', ' t=' . $now . ' , v1=' . substr($good, strpos($good, 'v1=') + 3) . ' ', $body),
    'stale' => $pack($now + 301, 300, 'grade-secret', $good, $body),
    'future' => $pack($now - 301, 300, 'grade-secret', $good, $body),
    'zero_tolerance' => $pack($now, 0, 'grade-secret', $good, $body),
    'two_t' => $pack($now, 300, 'grade-secret', "t=$now,t=$now," . substr($good, strpos($good, 'v1=')), $body),
    't_no_digits' => $pack(0, 300, 'grade-secret', 't= 5,v1=' . str_repeat('a', 64), ''),
    't_huge' => $pack(PHP_INT_MAX, 300, 's', 't=9223372036854775807,v1=' . str_repeat('f', 64), 'x'),
    't_overflow' => $pack($now, 300, 's', 't=99999999999999999999,v1=' . str_repeat('f', 64), 'x'),
    'now_negative' => $pack(PHP_INT_MIN, 65000, 's', 't=0,v1=' . str_repeat('f', 64), 'x'),
    'short_v1' => $pack($now, 300, 'grade-secret', "t=$now,v1=abc", $body),
    'empty_header' => $pack($now, 300, 'grade-secret', '', $body),
    'commas' => $pack($now, 300, 'k', ',,,,t=,v1=,', ''),
    'nul_inside' => $pack($now, 300, "se\0cret", "t=$now\0,v1=" . str_repeat('0', 64), "bo\0dy"),
    'long_secret' => $pack($now, 300, str_repeat('K', 40), mdsync_sign('', str_repeat('K', 40), $now), ''),
];
foreach ($seeds as $name => $bytes) {
    file_put_contents("$dir/seed-$name", $bytes);
}
echo count($seeds), " seeds in $dir\n";
