<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/** SIGINT or SIGTERM arrived before anything was changed. */
final class Interrupted extends \RuntimeException
{
}
