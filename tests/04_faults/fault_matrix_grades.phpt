--TEST--
Fault matrix, grade events (mdsync_push_grades): delivered, retry or rejected: each row's outcome, time and peak RSS, no secret shown, nothing half-applied (docs/FAULTS.md)
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/fault_matrix_run.inc';
mdsync_fault_matrix_run('grades');
?>
--EXPECT--
grades: 15 rows, 15 as expected
