<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/** Configuration or input that cannot be used (config file, CSV, permissions): nothing was done. */
final class ConfigError extends \RuntimeException
{
}
