--TEST--
Fault matrix, Moodle web services (mdsync_moodle_call): each row's outcome, time and peak RSS, no secret shown, nothing half-applied (docs/FAULTS.md)
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/fault_matrix_run.inc';
mdsync_fault_matrix_run('moodle');
?>
--EXPECT--
moodle: 17 rows, 17 as expected
