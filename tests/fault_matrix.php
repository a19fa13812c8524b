<?php
/*
 * One row of the fault matrix (tests/04_faults/fault_matrix.inc), in a process of its own so
 * that the peak RSS it reports is the row's: php fault_matrix.php <row id> <url>.
 * Prints one JSON line: the outcome (result or exception), the time taken and the process's
 * RSS before the call and its peak (VmHWM) after: the kernel's count, not PHP's allocator's.
 */
require __DIR__ . '/04_faults/fault_matrix.inc';

function fm_status_kb(string $field): int
{
    return preg_match("/^$field:\\s+(\\d+) kB/m", (string) file_get_contents('/proc/self/status'), $m) ? (int) $m[1] : -1;
}

[$_, $id, $url] = $argv;
$rows = array_column(mdsync_fault_matrix(), null, 'id');
$call = mdsync_fault_matrix_call($rows[$id], $url);
$out = ['rss_before_kb' => fm_status_kb('VmRSS')];
$t = hrtime(true);
try {
    $out['result'] = $call();
} catch (Throwable $e) {
    $out['class'] = get_class($e);
    $out['message'] = $e->getMessage();
    $out['http'] = method_exists($e, 'getStatusCode') ? $e->getStatusCode() : null;
    $out['extra'] = [method_exists($e, 'getUrl') ? $e->getUrl() : '', method_exists($e, 'getErrorCode') ? $e->getErrorCode() : '', (string) $e];
}
$out['ms'] = (hrtime(true) - $t) / 1e6;
$out['hwm_kb'] = fm_status_kb('VmHWM');
echo "\n", json_encode($out, JSON_INVALID_UTF8_SUBSTITUTE | JSON_UNESCAPED_SLASHES), "\n";
