--TEST--
A connection reset is retried; a stalled peer times out; the overall deadline bounds retries; a 404 is not retried
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
$ok = ['body' => json_encode(['count' => 1, 'next' => null, 'previous' => null, 'results' => [['id' => 7, 'username' => 'a', 'email' => 'a@b.c', 'first_name' => 'A', 'last_name' => 'B', 'is_active' => true]]])];
$opts = fn($srv, $more = []) => $more + ['django_url' => $srv['url'], 'django_token' => 't0k'];
$msg = fn($e) => get_class($e) . ': ' . preg_replace(['/:\d+/', '/after \d+ ms/', '/ \d+ milliseconds/'], [':PORT', 'after N ms', ' N milliseconds'], $e->getMessage());

$srv = mdsync_fault_server([['reset' => true], $ok]);
echo "reset then ok: ", count(mdsync_django_users($opts($srv))), " user, ", count(mdsync_fault_requests($srv)), " requests\n";

$srv = mdsync_fault_server([['reset' => true]]);
try { mdsync_django_users($opts($srv, ['max_retries' => 2])); } catch (Mdsync\Exception $e) { echo "always reset: ", $msg($e), "\n"; }
echo count(mdsync_fault_requests($srv)), " requests\n";

$srv = mdsync_fault_server([['stall_ms' => 3000]]);
try { mdsync_django_users($opts($srv, ['timeout_ms' => 300, 'max_retries' => 0])); } catch (Mdsync\ConnectionException $e) { echo "stall: ", $msg($e), "\n"; }

$srv = mdsync_fault_server([['stall_ms' => 3000]]);
$t = microtime(true);
try { mdsync_django_users($opts($srv, ['timeout_ms' => 400, 'max_retries' => 20, 'deadline_ms' => 1000])); } catch (Mdsync\ConnectionException $e) { echo "deadline: ", get_class($e), "\n"; }
$elapsed = microtime(true) - $t;
echo "deadline respected: ", $elapsed < 2.5 ? 'yes' : "no ($elapsed s)", "\n";

$srv = mdsync_fault_server([['status' => 404, 'body' => '{"detail":"Not found."}']]);
try { mdsync_django_users($opts($srv)); } catch (Mdsync\HttpException $e) { echo "404: ", $msg($e), "\n"; }
echo count(mdsync_fault_requests($srv)), " request\n";

$srv = mdsync_fault_server([['status' => 429, 'headers' => ['Retry-After' => '1'], 'body' => '{"detail":"Request was throttled."}'], $ok]);
$t = microtime(true);
echo "429 then ok: ", count(mdsync_django_users($opts($srv))), " user\n";
echo "waited for Retry-After: ", microtime(true) - $t >= 0.95 ? 'yes' : 'no', "\n";

$srv = mdsync_fault_server([['status' => 401, 'body' => '{"detail":"Invalid token tok-SECRET-9."}']]);
try { mdsync_django_users($opts($srv, ['django_token' => 'tok-SECRET-9'])); } catch (Mdsync\HttpException $e) { echo "echoed token: ", $msg($e), "\n"; }
?>
--EXPECT--
reset then ok: 1 user, 2 requests
always reset: Mdsync\ConnectionException: could not reach Django: GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: Empty reply from server (after retries)
3 requests
stall: Mdsync\ConnectionException: could not reach Django: GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: Operation timed out after N milliseconds with 0 bytes received
deadline: Mdsync\ConnectionException
deadline respected: yes
404: Mdsync\HttpException: Django answered HTTP 404 to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: Not found.
1 request
429 then ok: 1 user
waited for Retry-After: yes
echoed token: Mdsync\HttpException: Django answered HTTP 401 to GET http://127.0.0.1:PORT/api/user/?page_size=1000&limit=1000: (the answer echoed a secret; not shown)
