<?php
/*
 * A scripted HTTP peer for fault injection only (resets, stalls, garbage, loops, redirects,
 * oversized bodies): things a real Django does not do on demand. Everything else is tested
 * against the real Django peer (server.inc).
 *
 * php fault_server.php <script.json> <log file> <port file>
 * script.json: a list of steps, one per request, in order (the last one repeats). A step:
 *   {"status": 200, "headers": {...}, "body": "..."}     an answer (Connection: close)
 *   {"body_repeat": ["x", 1000000]}                      a body of "x" repeated n times
 *   {"body_base64": "..."}                               a body that is not UTF-8 (JSON cannot carry it)
 *   {"reset": true}                                      read the request, close without answering
 *   {"stall_ms": 3000}                                   read the request, wait, then close
 *   "{PORT}" in a body or header is replaced by the server's port.
 *   A step with "match" answers the first request whose request line contains that text;
 *   the others answer in order. Each step answers once, but the last one repeats.
 * Every request line and its headers go to the log as one JSON line.
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

$used = [];
$deadline = time() + 120; // never outlive a test run
while (time() < $deadline) {
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
    $request = ['line' => array_shift($lines), 'headers' => []];
    foreach ($lines as $l) {
        [$k, $v] = array_map('trim', explode(':', $l, 2)) + [1 => ''];
        $request['headers'][strtolower($k)] = $v;
    }
    if (isset($request['headers']['content-length'])) {
        $len = (int) $request['headers']['content-length'];
        $request['body'] = $len > 0 ? fread($conn, $len) : '';
    }
    file_put_contents($logFile, json_encode($request) . "\n", FILE_APPEND);

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
    if (!empty($step['reset'])) {
        fclose($conn);
        continue;
    }
    if (isset($step['stall_ms'])) {
        usleep($step['stall_ms'] * 1000);
        fclose($conn);
        continue;
    }
    $body = isset($step['body_repeat']) ? str_repeat($step['body_repeat'][0], $step['body_repeat'][1])
        : (isset($step['body_base64']) ? base64_decode($step['body_base64']) : ($step['body'] ?? ''));
    $body = str_replace('{PORT}', (string) $port, $body);
    $status = $step['status'] ?? 200;
    $out = "HTTP/1.1 $status X\r\nConnection: close\r\n";
    $headers = ($step['headers'] ?? []) + ['Content-Type' => 'application/json', 'Content-Length' => strlen($body)];
    foreach ($headers as $k => $v) {
        $out .= "$k: " . str_replace('{PORT}', (string) $port, (string) $v) . "\r\n";
    }
    @fwrite($conn, $out . "\r\n" . $body);
    fclose($conn);
}
