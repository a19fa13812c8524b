<?php
/*
 * A scripted HTTP peer for fault injection only: things a real Django does not do on demand
 * (resets, stalls, garbage, loops, redirects, bombs, endless bodies, echoed secrets). Everything
 * else is tested against the real Django peer (server.inc).
 *
 * php fault_server.php <script.json> <log file> <port file>
 * script.json: a list of steps, one per request, in order (the last one repeats). A step:
 *   {"status": 200, "headers": {...}, "body": "..."}     an answer (Connection: close)
 *   {"body_repeat": ["x", 1000000]}                      a body of "x" repeated n times
 *   {"body_base64": "..."}                               a body that is not UTF-8 (JSON cannot carry it)
 *   {"reset": true}                                      read the request, close without answering
 *   {"stall_ms": 3000}                                   read the request, wait, then close
 *   {"partial": 100}                                     promise the whole body, send 100 bytes, close
 *   {"slow_headers_ms": 200}                             send the head a byte at a time, this far apart
 *   {"chunked_forever": 65536}                           a chunked body that never ends (chunks of n bytes)
 *   {"gzip_bomb_mb": 256}                                n MiB of zeros, gzip-encoded (~1 KB on the wire per MiB)
 *   {"header_repeat": ["X-Pad", "value", 10000]}         one header line sent n times
 *   {"no_length": true}                                  no Content-Length (with "body": "": an empty 204)
 *   "{PORT}" in a body or header is replaced by the server's port, and in a body
 *   "{ECHO:auth}", "{ECHO:body}", "{ECHO:sig}", "{ECHO:line}" by what the request carried
 *   (Authorization, its body, X-Mdsync-Signature, the request line), escaped for a JSON string;
 *   "{ECHO:auth:ctl}" likewise with a control character (U+0007) in its middle.
 *   A step with "match" answers the first request whose request line contains that text;
 *   the others answer in order. Each step answers once, but the last one repeats.
 * Every request goes to the log as one JSON line: its line, headers, body and, base64, the
 * bytes of its head exactly as they came (to show what reached the wire).
 */
[$_, $scriptFile, $logFile, $portFile] = $argv;
$steps = json_decode(file_get_contents($scriptFile), true, 512, JSON_THROW_ON_ERROR);
$server = stream_socket_server('tcp://127.0.0.1:0', $errno, $errstr);
if (!$server) {
    fwrite(STDERR, "fault server: $errstr\n");
    exit(1);
}
$port = (int) substr(strrchr(stream_socket_get_name($server, false), ':'), 1);
file_put_contents($portFile . '.tmp', (string) $port);
rename($portFile . '.tmp', $portFile);

/* JSON-string-escaped text (no quotes), to echo inside a JSON body. */
function fault_json_text(string $s): string
{
    return substr(json_encode($s, JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE), 1, -1);
}

/* Writes all of $data, or gives up when the client has gone. */
function fault_write($conn, string $data): bool
{
    while ($data !== '') {
        $n = @fwrite($conn, $data);
        if ($n === false || $n === 0) {
            return false;
        }
        $data = substr($data, $n);
    }
    return true;
}

/* Sends a step's answer (in a child process when pcntl is there, so a stall holds up no one). */
function fault_respond($conn, array $step, array $request, int $port): void
{
    if (!empty($step['reset'])) {
        return;
    }
    if (isset($step['stall_ms'])) {
        usleep($step['stall_ms'] * 1000);
        return;
    }
    if (isset($step['body_repeat'])) {
        $body = str_repeat($step['body_repeat'][0], $step['body_repeat'][1]);
    } elseif (isset($step['body_base64'])) {
        $body = base64_decode($step['body_base64']);
    } else {
        $body = $step['body'] ?? '';
        $auth = $request['headers']['authorization'] ?? '';
        $body = strtr($body, [
            '{ECHO:auth:ctl}' => fault_json_text(substr($auth, 0, 16) . "\x07" . substr($auth, 16)),
            '{ECHO:auth}' => fault_json_text($auth),
            '{ECHO:body}' => fault_json_text($request['body'] ?? ''),
            '{ECHO:sig}' => fault_json_text($request['headers']['x-mdsync-signature'] ?? ''),
            '{ECHO:line}' => fault_json_text($request['line']),
        ]);
    }
    $body = str_replace('{PORT}', (string) $port, $body);
    $status = $step['status'] ?? 200;
    $headers = $step['headers'] ?? [];
    if (isset($step['chunked_forever']) || isset($step['gzip_bomb_mb'])) {
        $headers += ['Content-Type' => 'application/json', 'Transfer-Encoding' => 'chunked'];
        if (isset($step['gzip_bomb_mb'])) {
            $headers += ['Content-Encoding' => 'gzip'];
        }
    } elseif (!empty($step['no_length'])) {
        $headers += ['Content-Type' => 'application/json'];
    } else {
        $headers += ['Content-Type' => 'application/json', 'Content-Length' => strlen($body)];
    }
    $out = "HTTP/1.1 $status X\r\nConnection: close\r\n";
    foreach ($headers as $k => $v) {
        $out .= "$k: " . str_replace('{PORT}', (string) $port, (string) $v) . "\r\n";
    }
    if (isset($step['header_repeat'])) {
        [$name, $value, $n] = $step['header_repeat'];
        $out .= str_repeat("$name: $value\r\n", $n);
    }
    $out .= "\r\n";

    if (isset($step['slow_headers_ms'])) {
        // Slowloris from the server's side: the head trickles in, a byte at a time.
        for ($i = 0; $i < strlen($out) && fault_write($conn, $out[$i]); $i++) {
            usleep($step['slow_headers_ms'] * 1000);
        }
        return;
    }
    if (isset($step['partial'])) {
        // The head promises the whole body; the connection drops partway through it.
        fault_write($conn, $out . substr($body, 0, $step['partial']));
        return;
    }
    if (isset($step['gzip_bomb_mb'])) {
        // Compressed as it is sent, so only what the client reads is ever made.
        $z = deflate_init(ZLIB_ENCODING_GZIP, ['level' => 9]);
        $zeros = str_repeat('0', 1 << 20);
        $ok = fault_write($conn, $out);
        for ($i = 0; $ok && $i <= $step['gzip_bomb_mb']; $i++) {
            $data = $i < $step['gzip_bomb_mb'] ? deflate_add($z, $zeros, ZLIB_NO_FLUSH) : deflate_add($z, '', ZLIB_FINISH);
            $ok = $data === '' || fault_write($conn, dechex(strlen($data)) . "\r\n$data\r\n");
        }
        $ok && fault_write($conn, "0\r\n\r\n");
        return;
    }
    if (isset($step['chunked_forever'])) {
        fault_write($conn, $out);
        $chunk = dechex($step['chunked_forever']) . "\r\n" . str_repeat(' ', $step['chunked_forever']) . "\r\n";
        for ($until = time() + 60; time() < $until && fault_write($conn, $chunk); ) {
        }
        return;
    }
    fault_write($conn, $out . $body);
}

$used = [];
$forks = function_exists('pcntl_fork');
$deadline = time() + 120; // never outlive a test run
while (time() < $deadline) {
    if ($forks) {
        while (pcntl_waitpid(-1, $st, WNOHANG) > 0) {
        }
    }
    $conn = @stream_socket_accept($server, 1);
    if (!$conn) {
        continue;
    }
    stream_set_timeout($conn, 5);
    $head = '';
    while (!str_contains($head, "\r\n\r\n") && ($line = fgets($conn)) !== false) {
        $head .= $line;
    }
    $lines = explode("\r\n", trim($head));
    $request = ['line' => array_shift($lines), 'headers' => [], 'raw' => base64_encode($head)];
    foreach ($lines as $l) {
        [$k, $v] = array_map('trim', explode(':', $l, 2)) + [1 => ''];
        $request['headers'][strtolower($k)] = $v;
    }
    if (isset($request['headers']['content-length'])) {
        $len = (int) $request['headers']['content-length'];
        $body = '';
        while (strlen($body) < $len && !feof($conn) && ($chunk = fread($conn, $len - strlen($body))) !== false && $chunk !== '') {
            $body .= $chunk;
        }
        $request['body'] = $body;
    }
    // Logged before any answer: when the client is done, every request it made is in the log.
    file_put_contents($logFile, json_encode($request, JSON_INVALID_UTF8_SUBSTITUTE) . "\n", FILE_APPEND | LOCK_EX);

    $step = null;
    foreach ($steps as $i => $candidate) {
        if (!isset($used[$i]) && (!isset($candidate['match']) || str_contains($request['line'], $candidate['match']))) {
            $step = $candidate;
            if ($i !== count($steps) - 1) {
                $used[$i] = true;
            }
            break;
        }
    }
    $step ??= ['status' => 599, 'body' => 'no step left for this request'];
    $pid = $forks ? pcntl_fork() : -1;
    if ($pid === 0) {
        fault_respond($conn, $step, $request, $port);
        fclose($conn);
        exit(0);
    }
    if ($pid < 0) {
        fault_respond($conn, $step, $request, $port);
    }
    fclose($conn);
}
