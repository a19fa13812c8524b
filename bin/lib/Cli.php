<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * bin/mdsync: command dispatch, usage, and the mapping of failures to exit
 * codes. Each command is a class with a name, a one-line summary, its option
 * spec and a run() method; adding one is adding it to COMMANDS.
 */
final class Cli
{
    /** @var array<string, class-string<Command>> */
    public const COMMANDS = [
        'plan' => PlanCommand::class,
        'apply' => ApplyCommand::class,
        'status' => StatusCommand::class,
    ];

    /** @var resource */
    private $out;
    /** @var resource */
    private $err;
    /** @var array<string, string> */
    private array $env;

    /**
     * @param resource $out
     * @param resource $err
     * @param array<string, string> $env
     */
    public function __construct($out, $err, array $env)
    {
        $this->out = $out;
        $this->err = $err;
        $this->env = $env;
    }

    /**
     * @param list<string> $args the arguments after the program name
     * @return int the exit code
     */
    public function run(array $args): int
    {
        $name = $args[0] ?? null;
        if ($name === null || $name === '-h' || $name === '--help') {
            fwrite($name === null ? $this->err : $this->out, $this->usage());
            return $name === null ? ExitCode::CONFIG : ExitCode::OK;
        }
        if (!isset(self::COMMANDS[$name])) {
            fwrite($this->err, ($name[0] === '-' ? "mdsync: expected a command before '$name'" : "mdsync: unknown command '$name'")
                . "\n\n" . $this->usage());
            return ExitCode::CONFIG;
        }
        $class = self::COMMANDS[$name];
        /** @var Command $command */
        $command = new $class($this->out, $this->err, $this->env);
        $config = null;
        try {
            $opts = Args::parse(array_slice($args, 1), $command::options());
            if (isset($opts['help'])) {
                fwrite($this->out, $command::help());
                return ExitCode::OK;
            }
            if (!extension_loaded('mdsync')) {
                $so = dirname(__DIR__, 2) . '/modules/mdsync.so';
                fwrite($this->err, "mdsync: the mdsync PHP extension is not loaded.\n"
                    . (is_file($so) ? '' : "Build it first: scripts/setup\n")
                    . "Then load it, for example: php -d extension=$so " . self::shellLine(array_merge(['bin/mdsync'], $args)) . "\n"
                    . "(or add extension=$so to php.ini)\n");
                return ExitCode::CONFIG;
            }
            $config = $command->configure($opts);
            return $command->run($opts, $config);
        } catch (UsageError $e) {
            fwrite($this->err, "mdsync $name: " . $this->clean($e->getMessage(), $config) . "\n"
                . "Try 'mdsync $name --help'.\n");
        } catch (ConfigError $e) {
            fwrite($this->err, "mdsync $name: " . $this->clean($e->getMessage(), $config) . "\n");
        } catch (\Mdsync\Exception $e) {
            // HttpException (the status and URL, never credentials), ConnectionException, ProtocolException.
            fwrite($this->err, "mdsync $name: " . $this->clean($e->getMessage(), $config) . "\n");
        } catch (\ValueError | \TypeError $e) {
            // The extension rejects a bad option value with PHP's own errors:
            // "mdsync_sync_users(): Argument #2 ($options) option "match" must be …".
            $message = (string) preg_replace('/^\w+\(\): Argument #\d+ \(\$\w+\) /', '', $e->getMessage());
            fwrite($this->err, "mdsync $name: invalid configuration: " . $this->clean($message, $config) . "\n");
        }
        return ExitCode::CONFIG;
    }

    public function usage(): string
    {
        $lines = ["Usage: mdsync COMMAND [OPTIONS]", '', 'Compare and sync Moodle users with a Django app.', '', 'Commands:'];
        foreach (self::COMMANDS as $name => $class) {
            $lines[] = sprintf('  %-8s %s', $name, $class::summary());
        }
        $lines[] = '';
        $lines[] = "Run 'mdsync COMMAND --help' for a command's options.";
        $lines[] = 'Exit codes: 0 done, 1 some users failed, 2 usage, configuration or connection error.';
        return implode("\n", $lines) . "\n";
    }

    /** @param list<string> $words */
    private static function shellLine(array $words): string
    {
        return implode(' ', array_map(
            static fn (string $w): string => preg_match('~^[\w./=,:@%+-]+$~', $w) ? $w : escapeshellarg($w),
            $words
        ));
    }

    private function clean(string $message, ?Config $config): string
    {
        foreach (Config::ENV_SECRETS as $var => $unused) {
            $secret = $this->env[$var] ?? '';
            if (strlen($secret) >= 4) {
                $message = str_replace($secret, '[secret]', $message);
            }
        }
        if ($config !== null) {
            $message = $config->scrub($message);
        }
        return Text::oneLine($message);
    }
}

/** A bin/mdsync command. */
abstract class Command
{
    /** @var resource */
    protected $out;
    /** @var resource */
    protected $err;
    /** @var array<string, string> */
    protected array $env;

    /**
     * @param resource $out
     * @param resource $err
     * @param array<string, string> $env
     */
    public function __construct($out, $err, array $env)
    {
        $this->out = $out;
        $this->err = $err;
        $this->env = $env;
    }

    /** One line for the command list. */
    abstract public static function summary(): string;

    /** @return array<string, ?string> option name => value placeholder, or null for a flag */
    abstract public static function options(): array;

    /** The text for --help. */
    abstract public static function help(): string;

    /**
     * Builds the configuration from the parsed options.
     *
     * @param array<string, string|true> $opts
     * @throws UsageError|ConfigError
     */
    abstract public function configure(array $opts): Config;

    /**
     * @param array<string, string|true> $opts
     * @return int the exit code
     */
    abstract public function run(array $opts, Config $config): int;

    /** Options that reach Django, shared by every command that talks to it. */
    protected static function djangoOptions(): array
    {
        return [
            'config' => 'FILE',
            'django-url' => 'URL',
            'users-path' => 'PATH',
            'page-size' => 'N',
            'match' => 'email|djangoid,email',
        ];
    }

    protected static function djangoHelp(): string
    {
        return <<<TXT
            Django:
              --config FILE         INI file of option keys (django_url, users_path, page_size,
                                    match, timeout_ms, max_retries, ca_info, verify_tls, …);
                                    may hold django_token only if chmod 600
              --django-url URL      base URL of the Django app (or django_url in the config file,
                                    or mdsync.django_url in php.ini)
              --users-path PATH     users endpoint (default /api/user/)
              --page-size N         users to ask for a page (the server may give fewer)
              --match MODE          email (default) or djangoid,email (djangoid first)

            The Django API token is read only from the environment variable
            MDSYNC_DJANGO_TOKEN or from the config file, never from the command line.

            TXT;
    }

    /**
     * The Django part of the configuration: config file, then command-line options.
     *
     * @param array<string, string|true> $opts
     * @throws UsageError|ConfigError
     */
    protected function djangoConfig(array $opts): Config
    {
        $over = [];
        if (isset($opts['django-url'])) {
            $over['django_url'] = (string) $opts['django-url'];
        }
        if (isset($opts['users-path'])) {
            $over['users_path'] = (string) $opts['users-path'];
        }
        if (isset($opts['page-size'])) {
            if (!preg_match('/^[1-9][0-9]{0,6}$/', (string) $opts['page-size'])) {
                throw new UsageError("--page-size must be a positive whole number, not '{$opts['page-size']}'");
            }
            $over['page_size'] = (int) $opts['page-size'];
        }
        if (isset($opts['match'])) {
            $over['match'] = (string) $opts['match'];
        }
        if (isset($opts['moodle-url'])) {
            $over['moodle_url'] = (string) $opts['moodle-url'];
        }
        $config = Config::load(isset($opts['config']) ? (string) $opts['config'] : null, $over, $this->env);
        if ((string) $config->get('django_url') === '') {
            throw new UsageError('no Django URL: give --django-url URL, or django_url in the --config file');
        }
        if (!$config->hasSecret('django_token')) {
            throw new ConfigError('no Django API token: set MDSYNC_DJANGO_TOKEN in the environment, '
                . 'or django_token in a --config file that only you can read (chmod 600)');
        }
        return $config;
    }
}

/**
 * Where a command's Moodle users come from: a Moodle site through its web
 * services (--moodle-url, or moodle_url in the config file), or offline the
 * CSV of Moodle's bulk user download (--moodle-csv).
 */
trait MoodleSource
{
    /** @return array<string, string> */
    protected static function moodleSourceOptions(): array
    {
        return ['moodle-url' => 'URL', 'moodle-csv' => 'FILE'];
    }

    protected static function moodleSourceHelp(): string
    {
        return <<<TXT
            Moodle (one of):
              --moodle-url URL      the Moodle site (or moodle_url in the config file), read
                                    through its REST web services; the token comes from
                                    MDSYNC_MOODLE_TOKEN or moodle_token in a chmod 600 --config
                                    file, never from the command line
              --moodle-csv FILE     offline: the CSV from Site administration → Users → Bulk
                                    user actions → Download (CSV); custom profile fields
                                    edeboid, iasid and djangoid come from its profile_field_*
                                    columns

            TXT;
    }

    /**
     * 'csv' or 'site'; checks that the chosen source is usable.
     *
     * @param array<string, string|true> $opts
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
            return 'csv';
        }
        if ((string) $config->get('moodle_url') === '') {
            throw new UsageError('no Moodle users: give --moodle-url URL (a Moodle site) or --moodle-csv FILE (its bulk-download CSV)');
        }
        if (!$config->hasSecret('moodle_token')) {
            throw new ConfigError('no Moodle web service token: set MDSYNC_MOODLE_TOKEN in the environment, '
                . 'or moodle_token in a --config file that only you can read (chmod 600)');
        }
        return 'site';
    }
}

/** Text helpers for terminal output of data that came from elsewhere. */
final class Text
{
    /** Control characters (terminal escapes included) become '?', and everything fits one line. */
    public static function oneLine(string $s): string
    {
        return (string) preg_replace('/[\x00-\x1F\x7F]|\xC2[\x80-\x9F]/', '?', $s);
    }
}
