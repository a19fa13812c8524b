<?php

declare(strict_types=1);

/*
 * bin/mdsync's autoloader: one class per file.
 *  - Mdsync\Cli\Foo           -> bin/lib/Foo.php
 *  - local_django_sync\local\sync\...\bar -> local_django_sync/classes/local/sync/.../bar.php: the apply engine,
 *    the same files the Moodle plugin autoloads (Moodle's classes/ layout). Only that namespace: the rest of the
 *    plugin needs Moodle.
 */
spl_autoload_register(static function (string $class): void {
    $root = dirname(__DIR__, 2);
    if (str_starts_with($class, 'Mdsync\\Cli\\')) {
        $file = __DIR__ . '/' . substr($class, strlen('Mdsync\\Cli\\')) . '.php';
    } elseif (str_starts_with($class, 'local_django_sync\\local\\sync\\')) {
        $file = $root . '/local_django_sync/classes/' . str_replace('\\', '/', substr($class, strlen('local_django_sync\\'))) . '.php';
    } else {
        return;
    }
    if (is_file($file)) {
        require $file;
    }
});
