--TEST--
Fault matrix, the status probe (mdsync_django_status): each row's outcome, time and peak RSS, no secret shown, nothing half-applied (docs/FAULTS.md)
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/fault_matrix_run.inc';
mdsync_fault_matrix_run('status');
?>
--EXPECT--
status: 12 rows, 12 as expected
