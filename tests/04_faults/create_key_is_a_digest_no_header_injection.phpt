--TEST--
An email cannot inject a header (the raw bytes on the wire show one Authorization line, ours); the create key is a digest, so two 200-character emails get different keys
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$srv = mdsync_fault_server([['status' => 201, 'body' => '{"id": 1}']]);
$long = fn($end) => str_repeat('a', 200 - strlen("$end@example.edu")) . "$end@example.edu";
$users = [
    'inject' => ['username' => 'x', 'email' => "x@example.edu\r\nAuthorization: Token attacker\r\nX-Evil: 1"],
    'long1' => ['username' => 'l1', 'email' => $long('1')],
    'long2' => ['username' => 'l2', 'email' => $long('2')],
];
echo strlen($users['long1']['email']), ' ', strlen($users['long2']['email']), "\n";
$res = mdsync_create_django_users($users, ['django_url' => $srv['url'], 'django_token' => 'tok-SECRET', 'concurrency' => 1]);
echo implode(' ', array_map(fn($k, $r) => "$k=" . $r['status'], array_keys($res), $res)), "\n";

$keys = [];
foreach (mdsync_fault_requests($srv) as $r) {
    $raw = base64_decode($r['raw']);
    $body = json_decode($r['body'], true);
    $names = array_map(fn($l) => strtolower(strstr($l, ':', true)), array_slice(explode("\r\n", trim($raw)), 1));
    $counts = array_count_values($names);
    $key = $r['headers']['idempotency-key'];
    $keys[] = $key;
    printf("%s: authorization lines %d (%s), x-evil %d, attacker on the wire: %s, key %s\n",
        substr($body['username'], 0, 2), $counts['authorization'], $r['headers']['authorization'],
        $counts['x-evil'] ?? 0, str_contains($raw, 'attacker') ? 'yes' : 'no',
        $key === 'user:' . hash('sha256', strtolower(trim($body['email']))) ? 'user:<sha256 of the email>' : "unexpected $key");
}
echo count(array_unique($keys)), " distinct keys\n";
?>
--EXPECT--
200 200
inject=created long1=created long2=created
x: authorization lines 1 (Token tok-SECRET), x-evil 0, attacker on the wire: no, key user:<sha256 of the email>
l1: authorization lines 1 (Token tok-SECRET), x-evil 0, attacker on the wire: no, key user:<sha256 of the email>
l2: authorization lines 1 (Token tok-SECRET), x-evil 0, attacker on the wire: no, key user:<sha256 of the email>
3 distinct keys
