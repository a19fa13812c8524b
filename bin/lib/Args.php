<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * Strict command-line option parsing.
 *
 * PHP's getopt() silently ignores what it does not know; this parser rejects
 * unknown options, missing values, repeats and stray arguments, so a typo never
 * turns into a run with a default the user did not ask for.
 *
 * A spec maps a long option name to its value placeholder ('URL', 'FILE', …)
 * or to null for a flag. `-h` is an alias of `--help`, which every spec has.
 */
final class Args
{
    /**
     * @param list<string> $argv arguments after the command name
     * @param array<string, ?string> $spec long option name => value placeholder, or null for a flag
     * @return array<string, string|true> option name => value (true for a flag)
     * @throws UsageError
     */
    public static function parse(array $argv, array $spec): array
    {
        $spec['help'] = null;
        $opts = [];
        $n = count($argv);
        for ($i = 0; $i < $n; $i++) {
            $arg = $argv[$i];
            if ($arg === '-h') {
                $arg = '--help';
            }
            if ($arg === '--') {
                if ($i + 1 < $n) {
                    throw new UsageError("unexpected argument '{$argv[$i + 1]}'");
                }
                break;
            }
            if (strncmp($arg, '--', 2) !== 0 || strlen($arg) === 2) {
                throw new UsageError($arg !== '' && $arg[0] === '-'
                    ? "unknown option '$arg'"
                    : "unexpected argument '$arg'");
            }
            $eq = strpos($arg, '=');
            $name = substr($arg, 2, $eq === false ? null : $eq - 2);
            if (!array_key_exists($name, $spec)) {
                throw new UsageError("unknown option '--$name'");
            }
            if (isset($opts[$name])) {
                throw new UsageError("option '--$name' given twice");
            }
            if ($spec[$name] === null) {
                if ($eq !== false) {
                    throw new UsageError("option '--$name' takes no value");
                }
                $opts[$name] = true;
                continue;
            }
            if ($eq !== false) {
                $value = substr($arg, $eq + 1);
            } elseif ($i + 1 < $n && ($argv[$i + 1] === '' || $argv[$i + 1][0] !== '-')) {
                $value = $argv[++$i];
            } else {
                // A value that starts with '-' must be given as --name=VALUE, so a
                // forgotten value never swallows the next option.
                throw new UsageError("option '--$name' needs a value ({$spec[$name]})");
            }
            if ($value === '') {
                throw new UsageError("option '--$name' needs a non-empty value ({$spec[$name]})");
            }
            $opts[$name] = $value;
        }
        return $opts;
    }
}
