<?php

declare(strict_types=1);

namespace Mdsync\Cli;

use local_django_sync\local\sync\options;

/**
 * Every option of every command, in one table: the parser reads it, and each command's help is generated from it.
 *
 * The apply options (what to do, batching, users who leave, an empty Django) come from the engine's own table
 * (local_django_sync\local\sync\options::TABLE), which the Moodle plugin reads too; the rest are the command
 * line's (where Moodle's users come from, files, Django's address and time limits, output).
 *
 * Parsing is strict, unlike getopt(): unknown options, missing values, repeats and stray arguments are refused, so
 * a typo never turns into a run with a default the user did not ask for.
 */
final class OptionTable
{
    /** Headings, in the order help lists them. */
    public const GROUPS = [
        'moodle' => 'Moodle (one of)',
        'files' => 'Offline files (with --moodle-csv)',
        'what' => 'What to do',
        'leavers' => 'Users who leave (a Moodle site only)',
        'django' => 'Django',
        'output' => 'Output',
    ];

    /** Engine options and the commands that take them (the rest: apply only). */
    private const ENGINE_COMMANDS = ['auth' => ['plan', 'apply'], 'allow_empty' => ['plan', 'apply', 'status']];

    /** Engine options listed under another heading than the engine's. */
    private const ENGINE_GROUPS = ['allow_empty' => 'django'];

    /** @var ?list<Option> */
    private static ?array $all = null;

    /** @return list<Option> */
    public static function all(): array
    {
        if (self::$all !== null) {
            return self::$all;
        }
        $all = [
            new Option('moodle-url', 'URL', 'the Moodle site (or moodle_url in the config file), read and written through its '
                . 'REST web services; its token comes from MDSYNC_MOODLE_TOKEN or moodle_token in a chmod 600 --config file, '
                . 'never from the command line', 'moodle', ['plan', 'apply', 'status'], 'moodle_url'),
            new Option('moodle-csv', 'FILE', 'offline: the CSV from Site administration → Users → Bulk user actions → '
                . 'Download (CSV UTF-8); its profile_field_edeboid, _iasid and _djangoid columns are the identifiers',
                'moodle', ['plan', 'apply']),
            new Option('allow-empty-moodle', null, 'accept a Moodle CSV that has a header and no users', 'moodle',
                ['plan', 'apply']),
            new Option('write-upload-csv', 'FILE', 'write the users to create in Moodle to FILE, for Site administration → '
                . 'Users → Upload users (no password column); needed for to-moodle with --moodle-csv', 'files',
                ['plan', 'apply']),
            new Option('write-update-csv', 'FILE', 'write identifier updates of existing users (and the Django ids of users '
                . 'created in Django) to FILE, for Upload users with "Update existing users only"; needed for identifiers '
                . 'and to-django with --moodle-csv', 'files', ['apply']),
            new Option('csv-bom', null, 'start the files with a UTF-8 byte order mark (Excel reads UTF-8 only with one)',
                'files', ['plan', 'apply']),
        ];
        foreach (options::TABLE as $key => $decl) {
            if (($decl['cli'] ?? true) === false) {
                continue;
            }
            $all[] = new Option(
                str_replace('_', '-', $key),
                array_key_exists('arg', $decl) ? $decl['arg'] : null,
                (string) $decl['help'],
                self::ENGINE_GROUPS[$key] ?? (string) $decl['group'],
                self::ENGINE_COMMANDS[$key] ?? ['apply'],
                null,
                $key
            );
        }
        array_push(
            $all,
            new Option('config', 'FILE', 'an INI file of option keys (django_url, users_path, page_size, match, timeout_ms, '
                . 'max_retries, ca_info, verify_tls, field_map, ...); may hold django_token or moodle_token only if chmod 600',
                'django', ['plan', 'apply', 'status']),
            new Option('django-url', 'URL', 'the base URL of the Django app (or django_url in the config file, or '
                . 'mdsync.django_url in php.ini); the users path is added to it', 'django', ['plan', 'apply', 'status'],
                'django_url'),
            new Option('users-path', 'PATH', 'the users endpoint (default /api/user/)', 'django',
                ['plan', 'apply', 'status'], 'users_path'),
            new Option('page-size', 'N', 'users to ask for a page (default 1000; the server may give fewer)', 'django',
                ['plan', 'apply', 'status'], 'page_size'),
            new Option('match', 'MODE', 'email (default: trimmed, case-insensitive) or djangoid,email (Moodle\'s djangoid '
                . 'first)', 'django', ['plan', 'apply'], 'match'),
            new Option('timeout-ms', 'MS', 'time limit of one request attempt (default 30000)', 'django',
                ['plan', 'apply', 'status'], 'timeout_ms'),
            new Option('deadline-ms', 'MS', 'time limit of one whole call to Django or Moodle, retries included '
                . '(default 300000)', 'django', ['plan', 'apply', 'status'], 'deadline_ms'),
            new Option('yes', null, 'do not ask before changing anything (needed when stdin is not a terminal)', 'output',
                ['apply']),
            new Option('json', null, 'print JSON (docs/JSON.md) instead of text, errors included', 'output',
                ['plan', 'apply', 'status']),
            new Option('help', null, 'this help (also: -h, mdsync help COMMAND)', 'output', ['plan', 'apply', 'status']),
        );
        return self::$all = $all;
    }

    /** @return array<string, Option> the options a command takes, by name */
    public static function forCommand(string $command): array
    {
        $out = [];
        foreach (self::all() as $o) {
            if (in_array($command, $o->commands, true)) {
                $out[$o->name] = $o;
            }
        }
        return $out;
    }

    /** The option that sets an extension option key, if any. */
    public static function byConfigKey(string $key): ?Option
    {
        foreach (self::all() as $o) {
            if ($o->config === $key) {
                return $o;
            }
        }
        return null;
    }

    /** The option that sets an engine option key. */
    public static function byEngineKey(string $key): ?Option
    {
        foreach (self::all() as $o) {
            if ($o->engine === $key) {
                return $o;
            }
        }
        return null;
    }

    /**
     * @param list<string> $argv arguments after the command name
     * @return array<string, string|true> option name => value (true for a flag)
     * @throws UsageError
     */
    public static function parse(array $argv, string $command): array
    {
        $spec = self::forCommand($command);
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
                throw new UsageError($arg !== '' && $arg[0] === '-' ? "unknown option '$arg'" : "unexpected argument '$arg'");
            }
            $eq = strpos($arg, '=');
            $name = $eq === false ? substr($arg, 2) : substr($arg, 2, $eq - 2);
            if (!isset($spec[$name])) {
                throw new UsageError("unknown option '--$name'");
            }
            if (isset($opts[$name])) {
                throw new UsageError("option '--$name' given twice");
            }
            $placeholder = $spec[$name]->arg;
            if ($placeholder === null) {
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
                // A value that starts with '-' must be given as --name=VALUE, so a forgotten value never
                // swallows the next option.
                throw new UsageError("option '--$name' needs a value ($placeholder)");
            }
            if ($value === '') {
                throw new UsageError("option '--$name' needs a non-empty value ($placeholder)");
            }
            $opts[$name] = $value;
        }
        return $opts;
    }

    /** The options part of a command's help, grouped, generated from the table. */
    public static function help(string $command): string
    {
        $byGroup = [];
        foreach (self::forCommand($command) as $o) {
            $byGroup[$o->group][] = $o;
        }
        $out = '';
        foreach (self::GROUPS as $group => $heading) {
            if (empty($byGroup[$group])) {
                continue;
            }
            $out .= "$heading:\n";
            foreach ($byGroup[$group] as $o) {
                $usage = $o->usage();
                $help = Text::wrap($o->help, 100, 26);
                $out .= strlen($usage) <= 21
                    ? sprintf("  %-22s  %s\n", $usage, $help)
                    : sprintf("  %s\n%s%s\n", $usage, str_repeat(' ', 26), $help);
            }
            $out .= "\n";
        }
        return $out;
    }
}
