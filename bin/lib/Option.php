<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/** One command-line option: its name, value placeholder, help, and what it sets. */
final class Option
{
    /**
     * @param string $name without the leading dashes: "batch-size"
     * @param ?string $arg the value placeholder ("N", "FILE"), or null for a flag
     * @param string $help one sentence (or two)
     * @param string $group the heading it is listed under (OptionTable::GROUPS)
     * @param list<string> $commands the commands that take it
     * @param ?string $config the option key it sets in the extension's options (django_url, timeout_ms, ...)
     * @param ?string $engine the apply option it sets (local_django_sync\local\sync\options::TABLE)
     */
    public function __construct(
        public readonly string $name,
        public readonly ?string $arg,
        public readonly string $help,
        public readonly string $group,
        public readonly array $commands,
        public readonly ?string $config = null,
        public readonly ?string $engine = null,
    ) {
    }

    /** "--batch-size N" */
    public function usage(): string
    {
        return '--' . $this->name . ($this->arg === null ? '' : ' ' . $this->arg);
    }
}
