<?php

declare(strict_types=1);

namespace Mdsync\Cli;

use local_django_sync\local\sync\extension_django;
use local_django_sync\local\sync\moodle_side;
use local_django_sync\local\sync\moodle_username;
use local_django_sync\local\sync\option_error;
use local_django_sync\local\sync\options;
use local_django_sync\local\sync\side\csv_side;
use local_django_sync\local\sync\side\ws_side;

/** A bin/mdsync command: its help comes from its description and the option table. */
abstract class Command
{
    /** @var resource */
    protected $in;
    /** @var resource */
    protected $out;
    /** @var resource */
    protected $err;
    /** @var array<string, string> */
    protected array $env;
    /** The configuration, once built (for scrubbing secrets out of messages). */
    public ?Config $config = null;

    /**
     * @param resource $in
     * @param resource $out
     * @param resource $err
     * @param array<string, string> $env
     */
    public function __construct($in, $out, $err, array $env)
    {
        $this->in = $in;
        $this->out = $out;
        $this->err = $err;
        $this->env = $env;
    }

    /** The command's name. */
    abstract public static function name(): string;

    /** One line for the command list. */
    abstract public static function summary(): string;

    /** The usage line and a paragraph on what it does. */
    abstract protected static function description(): string;

    /** The exit codes it uses, for its help. */
    abstract protected static function exitCodes(): string;

    /**
     * @param array<string, string|true> $opts
     * @return int the exit code
     */
    abstract public function run(array $opts): int;

    /** --help: the description, then every option of the table this command takes, then the exit codes. */
    public static function help(): string
    {
        return static::description() . "\n" . OptionTable::help(static::name())
            . "The Django API token is read only from the environment variable MDSYNC_DJANGO_TOKEN or from\n"
            . "the config file, never from the command line.\n\n"
            . 'Exit codes: ' . static::exitCodes() . "\n";
    }

    /**
     * The configuration: the --config file, then the options of the command line that set option keys.
     *
     * @param array<string, string|true> $opts
     * @throws UsageError|ConfigError
     */
    protected function config(array $opts): Config
    {
        $over = [];
        foreach (OptionTable::forCommand(static::name()) as $name => $option) {
            if ($option->config === null || !isset($opts[$name])) {
                continue;
            }
            $value = (string) $opts[$name];
            if (in_array($option->config, ['page_size', 'timeout_ms', 'deadline_ms'], true)) {
                if (!preg_match('/^[1-9][0-9]{0,8}$/', $value)) {
                    throw new UsageError("--$name must be a positive whole number, not '$value'");
                }
                $over[$option->config] = [(int) $value, "--$name"];
            } else {
                $over[$option->config] = [$value, "--$name"];
            }
        }
        return $this->config = Config::load(isset($opts['config']) ? (string) $opts['config'] : null, $over, $this->env);
    }

    /** @throws UsageError|ConfigError when Django cannot be asked */
    protected function requireDjango(Config $config): void
    {
        if ($config->string('django_url') === '') {
            throw new UsageError('no Django URL: give --django-url URL, or django_url in the --config file');
        }
        if (!$config->hasSecret('django_token')) {
            throw new ConfigError('no Django API token: set MDSYNC_DJANGO_TOKEN in the environment, '
                . 'or django_token in a --config file that only you can read (chmod 600)');
        }
    }

    protected function django(Config $config): extension_django
    {
        return new extension_django($config->djangoOptions(), $config->usersUrl());
    }

    /**
     * The apply options from the command line (plus what the command fixes), checked by the engine's table.
     *
     * @param array<string, string|true> $opts
     * @param array<string, mixed> $fixed engine keys the command sets itself
     * @throws UsageError naming the option as typed
     */
    protected function engineOptions(array $opts, array $fixed = []): options
    {
        $values = $fixed;
        foreach (OptionTable::forCommand(static::name()) as $name => $option) {
            if ($option->engine !== null && isset($opts[$name])) {
                $values[$option->engine] = $opts[$name];
            }
        }
        try {
            return options::from_array($values);
        } catch (option_error $e) {
            $option = OptionTable::byEngineKey($e->key);
            throw new UsageError(($option !== null ? '--' . $option->name : $e->key) . ': ' . $e->getMessage());
        }
    }

    /**
     * Whether the Moodle side is a site or offline files, checked before anything is asked of anyone.
     *
     * @param array<string, string|true> $opts
     * @return 'site'|'csv'
     * @throws UsageError|ConfigError
     */
    protected function moodleMode(array $opts, Config $config): string
    {
        if (isset($opts['moodle-csv'])) {
            if (isset($opts['moodle-url'])) {
                throw new UsageError('give either --moodle-url or --moodle-csv, not both');
            }
            $csv = (string) $opts['moodle-csv'];
            if (!is_file($csv) || !is_readable($csv)) {
                throw new ConfigError("Moodle CSV '$csv' does not exist or is not readable");
            }
            $outputs = [];
            foreach (['write-upload-csv', 'write-update-csv'] as $o) {
                if (!isset($opts[$o])) {
                    continue;
                }
                $path = self::canonicalPath((string) $opts[$o]);
                if ($path === self::canonicalPath($csv)) {
                    throw new UsageError("--$o is the same file as --moodle-csv: mdsync would write over its own input; "
                        . 'give another file');
                }
                if (isset($outputs[$path])) {
                    throw new UsageError("--$o is the same file as --{$outputs[$path]}; give two files");
                }
                $outputs[$path] = $o;
                $dir = dirname((string) $opts[$o]);
                if (!is_dir($dir) || !is_writable($dir)) {
                    throw new ConfigError("cannot write '{$opts[$o]}': directory '$dir' does not exist or is not writable");
                }
            }
            return 'csv';
        }
        foreach (['write-upload-csv', 'write-update-csv', 'csv-bom', 'allow-empty-moodle'] as $o) {
            if (isset($opts[$o])) {
                throw new UsageError("--$o is for --moodle-csv (offline); with a Moodle site, "
                    . (static::name() === 'apply' ? 'apply writes to Moodle itself' : 'use apply to create the users'));
            }
        }
        if ($config->string('moodle_url') === '') {
            throw new UsageError('no Moodle users: give --moodle-url URL (a Moodle site) or --moodle-csv FILE (its bulk-download CSV)');
        }
        if (!$config->hasSecret('moodle_token')) {
            throw new ConfigError('no Moodle web service token: set MDSYNC_MOODLE_TOKEN in the environment, '
                . 'or moodle_token in a --config file that only you can read (chmod 600)');
        }
        return 'site';
    }

    /**
     * The Moodle side for the mode.
     *
     * @param array<string, string|true> $opts
     */
    protected function moodleSide(array $opts, Config $config, string $mode): moodle_side
    {
        // Usernames are lower-cased as the site stores them: with extended characters, as core_text::strtolower().
        $extended = (bool) $config->get('extended_username_chars');
        if (!moodle_username::supported($extended)) {
            throw new ConfigError('extended_username_chars (' . $config->origin('extended_username_chars') . ') needs '
                . "PHP's mbstring extension to lower-case usernames as Moodle does: install it (Debian: php-mbstring)");
        }
        if ($mode === 'site') {
            return new ws_side($config->moodleOptions(), $extended);
        }
        return new csv_side(
            (string) $opts['moodle-csv'],
            isset($opts['write-upload-csv']) ? (string) $opts['write-upload-csv'] : null,
            isset($opts['write-update-csv']) ? (string) $opts['write-update-csv'] : null,
            isset($opts['csv-bom']),
            isset($opts['allow-empty-moodle']),
            'give --allow-empty-moodle',
            $extended
        );
    }

    /**
     * What the Moodle side says of how it read the users (a site without the paged users function), for people.
     *
     * @return list<string>
     */
    protected function moodleNotes(moodle_side $side): array
    {
        return $side instanceof ws_side ? $side->notes() : [];
    }

    /**
     * The "moodle" object of --json: the mode and source, and for a site how its users were listed.
     *
     * @return array<string, mixed>
     */
    protected function moodleJson(string $mode, moodle_side $side): array
    {
        $out = ['mode' => $mode, 'source' => $side->describe()];
        if ($side instanceof ws_side) {
            $out['listing'] = $side->listing();
            $out['pages'] = $side->pages();
            $out['notes'] = array_map(fn (string $n): string => $this->clean($n), $side->notes());
        }
        return $out;
    }

    /** A path as the file system names it, for "same file" checks, whether or not the file exists yet. */
    protected static function canonicalPath(string $path): string
    {
        $real = realpath($path);
        if ($real !== false) {
            return $real;
        }
        $dir = realpath(dirname($path));
        return ($dir === false ? dirname($path) : $dir) . '/' . basename($path);
    }

    /** Writes to stdout. */
    protected function say(string $text): void
    {
        fwrite($this->out, $text);
    }

    /** A line for people, with secrets scrubbed and control characters out. */
    protected function clean(string $line): string
    {
        return Text::oneLine($this->config !== null ? $this->config->scrub($line) : $line);
    }
}
