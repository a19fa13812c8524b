--TEST--
Fault matrix, the plan (mdsync_sync_users): no plan on a broken answer: each row's outcome, time and peak RSS, no secret shown, nothing half-applied (docs/FAULTS.md)
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/fault_matrix_run.inc';
mdsync_fault_matrix_run('sync');
?>
--EXPECT--
sync: 3 rows, 3 as expected
