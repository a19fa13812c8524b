--TEST--
mdsync_sign() produces t=<ts>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
--EXTENSIONS--
mdsync
--FILE--
<?php
$body = '{"grade":"87.5","userid":42}';
$sig = mdsync_sign($body, 's3cret', 1700000000);
var_dump($sig);
// Independent check, computed in plain PHP (hash is always built in).
var_dump($sig === 't=1700000000,v1=' . hash_hmac('sha256', '1700000000.' . $body, 's3cret'));
// A key longer than the SHA-256 block is hashed first (RFC 2104).
$long = str_repeat('k', 200);
var_dump(mdsync_sign('x', $long, 5) === 't=5,v1=' . hash_hmac('sha256', '5.x', $long));
// Without a timestamp, now is used.
preg_match('/^t=(\d+),v1=[0-9a-f]{64}$/', mdsync_sign('', 'k'), $m);
var_dump(abs((int) $m[1] - time()) <= 2);
try {
    mdsync_sign('x', '');
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
try {
    mdsync_sign('x', 'k', -1);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
string(80) "t=1700000000,v1=fc1b21f1f8e762e1ec3883ce9b3fe13dc45945632e581eed2d0e07ec41610449"
bool(true)
bool(true)
bool(true)
mdsync_sign(): Argument #2 ($secret) must not be empty
mdsync_sign(): Argument #3 ($timestamp) must be a Unix time (0 or more)
