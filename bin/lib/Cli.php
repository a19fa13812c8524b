<?php

declare(strict_types=1);

namespace Mdsync\Cli;

use local_django_sync\local\sync\input_error;

/**
 * bin/mdsync: command dispatch, --version, help, and the mapping of every failure to a documented exit code
 * (0, 1, 2, 130): a PHP warning becomes an exception, an uncaught error a message and exit 2, a fatal error
 * (out of memory) too, through a shutdown function. With --json, an error is also a JSON object on stdout.
 */
final class Cli
{
    /** The command line's version: the project's release, which the extension shares. */
    public const VERSION = '0.2.0';

    /** @var array<string, class-string<Command>> */
    public const COMMANDS = [
        'plan' => PlanCommand::class,
        'apply' => ApplyCommand::class,
        'status' => StatusCommand::class,
    ];

    /** @var resource */
    private $in;
    /** @var resource */
    private $out;
    /** @var resource */
    private $err;
    /** @var array<string, string> */
    private array $env;
    private string $current = '';
    private bool $json = false;
    private ?Command $command = null;
    private bool $finished = false;

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

    /**
     * @param list<string> $args the arguments after the program name
     * @return int the exit code
     */
    public function main(array $args): int
    {
        set_error_handler(static function (int $severity, string $message, string $file, int $line): bool {
            if (($severity & (E_DEPRECATED | E_USER_DEPRECATED)) !== 0 || (error_reporting() & $severity) === 0) {
                return false;
            }
            throw new \ErrorException($message, 0, $severity, $file, $line);
        });
        register_shutdown_function(function (): void {
            $e = error_get_last();
            if ($this->finished || $e === null || !in_array($e['type'], [E_ERROR, E_CORE_ERROR, E_COMPILE_ERROR, E_PARSE], true)) {
                return;
            }
            $this->fail(ExitCode::CONFIG, 'internal', 'stopped by a PHP fatal error: ' . $e['message']
                . ' (nothing after it was done; run plan to see the state)');
            exit(ExitCode::CONFIG);
        });
        try {
            return $this->dispatch($args);
        } finally {
            $this->finished = true;
            restore_error_handler();
        }
    }

    /** @param list<string> $args */
    private function dispatch(array $args): int
    {
        $name = $args[0] ?? null;
        if ($name === null || $name === '-h' || $name === '--help') {
            fwrite($name === null ? $this->err : $this->out, $this->usage());
            return $name === null ? ExitCode::CONFIG : ExitCode::OK;
        }
        if ($name === '--version' || $name === 'version') {
            fwrite($this->out, self::version() . "\n");
            return ExitCode::OK;
        }
        if ($name === 'help') {
            $topic = $args[1] ?? null;
            if ($topic === null) {
                fwrite($this->out, $this->usage());
                return ExitCode::OK;
            }
            if (!isset(self::COMMANDS[$topic])) {
                fwrite($this->err, "mdsync help: unknown command '$topic'\n\n" . $this->usage());
                return ExitCode::CONFIG;
            }
            fwrite($this->out, self::COMMANDS[$topic]::help());
            return ExitCode::OK;
        }
        if (!isset(self::COMMANDS[$name])) {
            fwrite($this->err, ($name[0] === '-' ? "mdsync: expected a command before '$name'" : "mdsync: unknown command '$name'")
                . "\n\n" . $this->usage());
            return ExitCode::CONFIG;
        }
        $this->current = $name;
        $rest = array_slice($args, 1);
        $this->json = in_array('--json', $rest, true);
        $class = self::COMMANDS[$name];
        $this->command = new $class($this->in, $this->out, $this->err, $this->env);
        try {
            $opts = OptionTable::parse($rest, $name);
            if (isset($opts['help'])) {
                fwrite($this->out, $class::help());
                return ExitCode::OK;
            }
            if (!extension_loaded('mdsync')) {
                $so = dirname(__DIR__, 2) . '/modules/mdsync.so';
                return $this->fail(ExitCode::CONFIG, 'config', "the mdsync PHP extension is not loaded.\n"
                    . (is_file($so) ? '' : "Build it first: scripts/setup\n")
                    . "Then load it, for example: php -d extension=$so " . self::shellLine(array_merge(['bin/mdsync'], $args)) . "\n"
                    . "(or add extension=$so to php.ini)", [], false, false);
            }
            return $this->command->run($opts);
        } catch (UsageError $e) {
            return $this->fail(ExitCode::CONFIG, 'usage', $e->getMessage(), [], true);
        } catch (ConfigError | input_error $e) {
            return $this->fail(ExitCode::CONFIG, 'input', $e->getMessage());
        } catch (Interrupted $e) {
            return $this->fail(ExitCode::INTERRUPTED, 'interrupted', 'interrupted by ' . $e->getMessage());
        } catch (\Mdsync\Exception $e) {
            // HttpException (the status and URL, never credentials), ConnectionException, ProtocolException, MoodleException.
            $config = $this->command->config;
            return $this->fail(ExitCode::CONFIG, 'connection', $config?->translate($e->getMessage()) ?? $e->getMessage(),
                $config !== null ? Hints::for($e, $config, $this->env) : []);
        } catch (\ValueError | \TypeError $e) {
            if (preg_match('/^\w+\(\): Argument #\d+ \(\$moodle_users\) (.*)$/s', $e->getMessage(), $m)) {
                // A Moodle user the extension refuses (an id given twice, a control character in a fact): the data,
                // not the configuration.
                return $this->fail(ExitCode::CONFIG, 'input', "Moodle's users cannot be planned: {$m[1]}");
            }
            // The extension refuses a bad option value with PHP's own errors, naming the option key.
            $config = $this->command->config;
            $message = $config !== null ? $config->translate($e->getMessage())
                : (string) preg_replace('/^\w+\(\): Argument #\d+ \(\$\w+\) /', '', $e->getMessage());
            return $this->fail(ExitCode::CONFIG, 'config', "invalid configuration: $message");
        } catch (\Throwable $e) {
            return $this->fail(ExitCode::CONFIG, 'internal', 'internal error (' . get_class($e) . '): ' . $e->getMessage()
                . ' at ' . basename($e->getFile()) . ':' . $e->getLine() . '; nothing after it was done');
        }
    }

    /**
     * Reports a failure: one line on stderr (and hints), a JSON error object on stdout with --json.
     *
     * @param list<string> $hints
     */
    private function fail(int $exit, string $kind, string $message, array $hints = [], bool $usage = false,
        bool $oneLine = true): int
    {
        $config = $this->command?->config;
        if ($config !== null) {
            $message = $config->translate($message);
        }
        $clean = static function (string $s) use ($config, $oneLine): string {
            $s = $config !== null ? $config->scrub($s) : $s;
            return $oneLine ? Text::oneLine($s) : $s;
        };
        $prefix = 'mdsync' . ($this->current !== '' ? " {$this->current}" : '') . ': ';
        $text = $prefix . $clean($message) . "\n";
        foreach ($hints as $hint) {
            $text .= $clean("hint: $hint") . "\n";
        }
        if ($usage) {
            $text .= "Try 'mdsync {$this->current} --help'.\n";
        }
        fwrite($this->err, $text);
        if ($this->json) {
            fwrite($this->out, Json::encode(Json::error($this->current, $exit, $kind, $clean($message),
                array_map($clean, $hints))));
        }
        return $exit;
    }

    public function usage(): string
    {
        $lines = ['Usage: mdsync COMMAND [OPTIONS]', '', 'Compare and sync Moodle users with a Django app.', '', 'Commands:'];
        foreach (self::COMMANDS as $name => $class) {
            $lines[] = sprintf('  %-8s %s', $name, $class::summary());
        }
        $lines[] = sprintf('  %-8s %s', 'help', "a command's options: mdsync help COMMAND (or mdsync COMMAND --help)");
        $lines[] = '';
        $lines[] = '  --version  the versions of mdsync, its extension and libraries';
        $lines[] = '';
        $lines[] = 'Exit codes: 0 done, 1 some users failed, 2 usage, configuration or connection error,';
        $lines[] = '130 interrupted (SIGINT, SIGTERM).';
        return implode("\n", $lines) . "\n";
    }

    /** "mdsync 0.2.0 (extension 0.1.0, libcurl 7.88.1, json-c 0.16, PHP 8.2.36)" */
    public static function version(): string
    {
        if (!extension_loaded('mdsync')) {
            return 'mdsync ' . self::VERSION . ' (command line; the mdsync extension is not loaded, PHP ' . PHP_VERSION . ')';
        }
        $libs = self::libraryVersions();
        return 'mdsync ' . self::VERSION . ' (extension ' . (string) phpversion('mdsync') . ($libs !== '' ? ", $libs" : '')
            . ', PHP ' . PHP_VERSION . ')';
    }

    /** "libcurl 7.88.1, json-c 0.16" from the extension's phpinfo() section. */
    public static function libraryVersions(): string
    {
        ob_start();
        (new \ReflectionExtension('mdsync'))->info();
        $text = (string) ob_get_clean();
        $parts = [];
        foreach (['libcurl', 'json-c'] as $lib) {
            if (preg_match('/^' . preg_quote($lib, '/') . ' => \S+ => (\S+)/m', $text, $m)) {
                $parts[] = "$lib {$m[1]}";
            }
        }
        return implode(', ', $parts);
    }

    /** @param list<string> $words */
    private static function shellLine(array $words): string
    {
        return implode(' ', array_map(
            static fn (string $w): string => preg_match('~^[\w./=,:@%+-]+$~', $w) ? $w : escapeshellarg($w),
            $words
        ));
    }
}
