<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/** The command line is wrong: the message is shown with a pointer to the command's help. */
final class UsageError extends \RuntimeException
{
}
