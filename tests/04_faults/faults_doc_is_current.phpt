--TEST--
docs/FAULTS.md is what scripts/faults-doc makes of the fault matrix (regenerate it when a row changes)
--FILE--
<?php
$root = dirname(__DIR__, 2);
exec(escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg("$root/scripts/faults-doc") . ' --check 2>&1', $out, $rc);
echo $rc === 0 ? "current\n" : implode("\n", $out) . "\n";
$doc = file_get_contents("$root/docs/FAULTS.md");
require __DIR__ . '/fault_matrix.inc';
$rows = mdsync_fault_matrix();
echo count($rows) >= 40 ? "at least 40 rows\n" : count($rows) . " rows\n";
echo count(array_unique(array_column($rows, 'id'))) === count($rows) ? "ids unique\n" : "duplicate ids\n";
?>
--EXPECT--
current
at least 40 rows
ids unique
