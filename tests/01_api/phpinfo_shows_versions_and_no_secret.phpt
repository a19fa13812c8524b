--TEST--
phpinfo shows library versions and INI settings; a token in the environment never appears there
--EXTENSIONS--
mdsync
--ENV--
MDSYNC_DJANGO_TOKEN=tok-SECRET-in-env
--INI--
mdsync.django_url=http://django.example.edu
mdsync.concurrency=4
--FILE--
<?php
ob_start();
phpinfo(INFO_MODULES);
$info = ob_get_clean();
$start = strpos($info, "\nmdsync\n");
$section = substr($info, $start, strpos($info, "\n\n", strpos($info, 'mdsync.users_path')) - $start);
echo preg_replace('/\d+\.\d+(\.\d+)?/', 'V', $section), "\n";
var_dump(str_contains($info, 'SECRET'));
// INI validation: out-of-range values are refused, the old value stays.
var_dump(ini_set('mdsync.concurrency', '0'), ini_get('mdsync.concurrency'));
var_dump(ini_set('mdsync.users_path', 'no-slash'), ini_get('mdsync.users_path'));
var_dump(ini_set('mdsync.max_retries', '2'), ini_get('mdsync.max_retries'));
?>
--EXPECT--
mdsync

mdsync support => enabled
mdsync version => V

library => compiled => linked
libcurl => V => V
json-c => V => V

Directive => Local Value => Master Value
mdsync.ca_info => no value => no value
mdsync.concurrency => 4 => 4
mdsync.connect_timeout_ms => 5000 => 5000
mdsync.deadline_ms => 300000 => 300000
mdsync.django_url => http://django.example.edu => http://django.example.edu
mdsync.max_retries => 3 => 3
mdsync.page_size => 1000 => 1000
mdsync.timeout_ms => 30000 => 30000
mdsync.users_path => /api/user/ => /api/user/
bool(false)
bool(false)
string(1) "4"
bool(false)
string(10) "/api/user/"
string(1) "3"
string(1) "2"
