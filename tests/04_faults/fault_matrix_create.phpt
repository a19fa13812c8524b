--TEST--
Fault matrix, creating users (mdsync_create_django_users): per-user results: each row's outcome, time and peak RSS, no secret shown, nothing half-applied (docs/FAULTS.md)
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/fault_matrix_run.inc';
mdsync_fault_matrix_run('create');
?>
--EXPECT--
create: 15 rows, 15 as expected
