--TEST--
A redirect is never followed (credentials go to the configured host only): it is an HttpException naming the status
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$target = mdsync_fault_server([['body' => '[]']]);
$srv = mdsync_fault_server([['status' => 302, 'headers' => ['Location' => $target['url'] . '/api/user/'], 'body' => '']]);
try {
    mdsync_django_users(['django_url' => $srv['url'], 'django_token' => 'tok-SECRET']);
} catch (Mdsync\HttpException $e) {
    echo preg_replace('/:\d+/', ':PORT', $e->getMessage()), "\n";
    echo $e->getStatusCode(), "\n";
}
echo count(mdsync_fault_requests($srv)), " request to the server, ", count(mdsync_fault_requests($target)), " to the redirect target\n";
?>
--EXPECT--
Django answered HTTP 302 to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000
302
1 request to the server, 0 to the redirect target
