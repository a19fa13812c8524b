--TEST--
Fault matrix, the users list (mdsync_django_users): each row's outcome, time and peak RSS, no secret shown, nothing half-applied (docs/FAULTS.md)
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/fault_matrix_run.inc';
mdsync_fault_matrix_run('users');
?>
--EXPECT--
users: 32 rows, 32 as expected
