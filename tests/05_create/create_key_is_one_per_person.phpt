--TEST--
Creating users: the Idempotency-Key follows the email as the plan compares it (Unicode case folding, NFC, Unicode trimming, IDN in either form), so one person gets one key; the body keeps the email's own text, trimmed of Unicode white space
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$srv = mdsync_fault_server(array_fill(0, 4, ['status' => 201, 'body' => '{"id": 1}']));
$opts = ['django_url' => $srv['url'], 'django_token' => 't0k', 'concurrency' => 1];
$users = [
    ['username' => 'o1', 'email' => 'Олена.Коваль@Bücher.example '],
    ['username' => 'o2', 'email' => "\u{A0}олена.коваль@xn--bcher-kva.example\u{200B}"],
    ['username' => 'o3', 'email' => "ОЛЕНА.КОВАЛЬ@XN--BCHER-KVA.EXAMPLE"],
    ['username' => 'other', 'email' => 'olena.koval@buecher.example'],
];
foreach (mdsync_create_django_users($users, $opts) as $r) {
    echo $r['status'], ' ';
}
echo "\n";
$expect = 'user:' . hash('sha256', 'олена.коваль@bücher.example');
foreach (mdsync_fault_requests($srv) as $req) {
    $body = json_decode($req['body'], true);
    $key = $req['headers']['idempotency-key'];
    echo $body['username'], ': ', $key === $expect ? 'user:<sha256 of "олена.коваль@bücher.example">' : "another key", ', body email ', json_encode($body['email'], JSON_UNESCAPED_UNICODE), "\n";
}
?>
--EXPECT--
created created created created 
o1: user:<sha256 of "олена.коваль@bücher.example">, body email "Олена.Коваль@Bücher.example"
o2: user:<sha256 of "олена.коваль@bücher.example">, body email "олена.коваль@xn--bcher-kva.example"
o3: user:<sha256 of "олена.коваль@bücher.example">, body email "ОЛЕНА.КОВАЛЬ@XN--BCHER-KVA.EXAMPLE"
other: another key, body email "olena.koval@buecher.example"
