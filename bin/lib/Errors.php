<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/** Exit codes of bin/mdsync. */
final class ExitCode
{
    /** The command did what was asked. */
    public const OK = 0;
    /** Some users failed while others went through (reserved for commands that change things). */
    public const PARTIAL = 1;
    /** Bad usage or configuration, unreadable input, or Django could not be used: nothing was done. */
    public const CONFIG = 2;
}

/** The command line is wrong: the message is shown with a pointer to --help. */
class UsageError extends \RuntimeException
{
}

/** Configuration or input that cannot be used (config file, CSV, permissions). */
class ConfigError extends \RuntimeException
{
}
