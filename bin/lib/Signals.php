<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * SIGINT and SIGTERM while a command works: the first one asks the run to stop after the requests in flight (the
 * engine checks between batches), then files and the report are written and bin/mdsync exits 130. A second one
 * ends the process at once. Without the pcntl extension, signals keep their default (the process ends).
 */
final class Signals
{
    private static ?string $received = null;
    private static bool $installed = false;

    /** Starts catching SIGINT and SIGTERM. */
    public static function install(): void
    {
        if (self::$installed || !function_exists('pcntl_signal') || !function_exists('pcntl_async_signals')) {
            return;
        }
        pcntl_async_signals(true);
        foreach ([SIGINT => 'SIGINT', SIGTERM => 'SIGTERM'] as $signo => $name) {
            pcntl_signal($signo, static function (int $signo) use ($name): void {
                self::$received = $name;
                // The next one is not caught: a second Ctrl-C ends the process at once.
                pcntl_signal(SIGINT, SIG_DFL);
                pcntl_signal(SIGTERM, SIG_DFL);
            });
        }
        self::$installed = true;
    }

    /** Back to the default (before a prompt: Ctrl-C there ends the process, nothing having been changed). */
    public static function uninstall(): void
    {
        if (!self::$installed) {
            return;
        }
        pcntl_signal(SIGINT, SIG_DFL);
        pcntl_signal(SIGTERM, SIG_DFL);
        self::$installed = false;
    }

    /** The signal received, if any: "SIGINT" or "SIGTERM". */
    public static function received(): ?string
    {
        return self::$received;
    }

    /** @throws Interrupted when a signal arrived */
    public static function check(string $when): void
    {
        if (self::$received !== null) {
            throw new Interrupted(self::$received . " $when: nothing has been changed");
        }
    }
}
