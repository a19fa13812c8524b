--TEST--
bin/mdsync --version names its own, the extension's and the libraries' versions (and works without the extension); `mdsync help COMMAND` is `mdsync COMMAND --help`; each command's help lists exactly the options its parser takes, from the one option table (which includes the engine's apply options); unknown help topics exit 2
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/cli.inc';
require dirname(__DIR__, 2) . '/bin/lib/autoload.php';
[$rc, $out] = mdsync_cli(['--version']);
echo "--version: exit $rc: ", preg_replace('/\d+\.\d+(\.\d+)?/', 'V', $out);
[$rc, $out] = mdsync_cli(['--version'], [], false);
echo "--version without the extension: exit $rc: ", preg_replace('/\d+\.\d+(\.\d+)?/', 'V', $out);
foreach (['plan', 'apply', 'status'] as $command) {
    [$rc1, $help] = mdsync_cli(['help', $command]);
    [$rc2, $help2] = mdsync_cli([$command, '--help']);
    [$rc3, $help3] = mdsync_cli([$command, '-h'], [], false);
    echo "$command: exit $rc1 $rc2 $rc3, ", $help === $help2 && $help === $help3 ? 'same text' : 'DIFFERENT', ', ';
    preg_match_all('/^  --([a-z-]+)/m', $help, $m);
    $listed = $m[1];
    $parsed = array_keys(Mdsync\Cli\OptionTable::forCommand($command));
    sort($listed);
    sort($parsed);
    echo $listed === $parsed ? count($listed) . " options, as parsed\n" : "listed and parsed differ\n";
    // Every option the help lists is accepted by the parser (with a value when it takes one).
    foreach (Mdsync\Cli\OptionTable::forCommand($command) as $name => $o) {
        Mdsync\Cli\OptionTable::parse($o->arg === null ? ["--$name"] : ["--$name", 'x'], $command);
    }
}
[, $help] = mdsync_cli(['help', 'apply']);
foreach (local_django_sync\local\sync\options::TABLE as $key => $decl) {
    $flag = '--' . str_replace('_', '-', $key);
    if (($decl['cli'] ?? true) && !str_contains($help, "  $flag")) {
        echo "apply help lacks $flag\n";
    }
}
echo str_contains($help, 'Exit codes: 0 all done, 1 some users failed') ? "apply help has its exit codes\n" : "no exit codes\n";
[$rc, , $err] = mdsync_cli(['help', 'sync']);
echo "help sync: exit $rc: ", strtok($err, "\n"), "\n";
[$rc, $out] = mdsync_cli(['help']);
echo "help: exit $rc: ", strtok($out, "\n"), "\n";
?>
--EXPECT--
--version: exit 0: mdsync V (extension V, libcurl V, json-c V, PHP V)
--version without the extension: exit 0: mdsync V (command line; the mdsync extension is not loaded, PHP V)
plan: exit 0 0 0, same text, 16 options, as parsed
apply: exit 0 0 0, same text, 25 options, as parsed
status: exit 0 0 0, same text, 10 options, as parsed
apply help has its exit codes
help sync: exit 2: mdsync help: unknown command 'sync'
help: exit 0: Usage: mdsync COMMAND [OPTIONS]
