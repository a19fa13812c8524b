--TEST--
mdsync_verify() accepts a good signature; rejects a tampered body, a wrong secret, a stale or future timestamp, malformed headers
--EXTENSIONS--
mdsync
--FILE--
<?php
$body = '{"grade":"87.5","userid":42}';
$now = time();
$good = mdsync_sign($body, 'right', $now);

echo "good: "; var_dump(mdsync_verify($body, $good, 'right'));
echo "uppercase hex: "; var_dump(mdsync_verify($body, preg_replace_callback('/v1=(\w+)/', fn($m) => 'v1=' . strtoupper($m[1]), $good), 'right'));
echo "spaces and a rotated extra v1: "; var_dump(mdsync_verify($body, "t=$now, v1=" . str_repeat('0', 64) . ', ' . explode(',', $good)[1], 'right'));
echo "tampered body: "; var_dump(mdsync_verify($body . ' ', $good, 'right'));
echo "wrong secret: "; var_dump(mdsync_verify($body, $good, 'wrong'));
echo "stale: "; var_dump(mdsync_verify($body, mdsync_sign($body, 'right', $now - 400), 'right'));
echo "inside tolerance: "; var_dump(mdsync_verify($body, mdsync_sign($body, 'right', $now - 200), 'right'));
echo "future: "; var_dump(mdsync_verify($body, mdsync_sign($body, 'right', $now + 400), 'right'));
echo "custom tolerance: "; var_dump(mdsync_verify($body, mdsync_sign($body, 'right', $now - 1000), 'right', 2000));
echo "timestamp swapped: "; var_dump(mdsync_verify($body, str_replace("t=$now", 't=' . ($now - 1), $good), 'right'));
foreach (['', 'garbage', "t=$now", 'v1=' . str_repeat('a', 64), "t=,v1=x", "t=$now,t=$now," . explode(',', $good)[1],
          "t=-5," . explode(',', $good)[1], "t=1e3," . explode(',', $good)[1], "t=$now,v1=" . substr(explode('=', $good)[2], 0, 63)] as $h) {
    echo "malformed ", json_encode($h), ": "; var_dump(mdsync_verify($body, $h, 'right'));
}
try {
    mdsync_verify($body, $good, '');
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
try {
    mdsync_verify($body, $good, 'right', -1);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECTF--
good: bool(true)
uppercase hex: bool(true)
spaces and a rotated extra v1: bool(true)
tampered body: bool(false)
wrong secret: bool(false)
stale: bool(false)
inside tolerance: bool(true)
future: bool(false)
custom tolerance: bool(true)
timestamp swapped: bool(false)
malformed "": bool(false)
malformed "garbage": bool(false)
malformed "t=%d": bool(false)
malformed "v1=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": bool(false)
malformed "t=,v1=x": bool(false)
malformed "t=%d,t=%d,v1=%x": bool(false)
malformed "t=-5,v1=%x": bool(false)
malformed "t=1e3,v1=%x": bool(false)
malformed "t=%d,v1=%x": bool(false)
mdsync_verify(): Argument #3 ($secret) must not be empty
mdsync_verify(): Argument #4 ($tolerance_s) must be 0 or more
