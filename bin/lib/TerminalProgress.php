<?php

declare(strict_types=1);

namespace Mdsync\Cli;

use local_django_sync\local\sync\progress;

/**
 * Progress on stderr when stderr is a terminal (one line, rewritten in place); silent otherwise, so logs and pipes
 * get only the report.
 *
 *     mdsync plan: reading Moodle users: 12,500
 *     mdsync apply: 150/420 (create in Moodle)
 */
final class TerminalProgress implements progress
{
    /** @var resource */
    private $err;
    private bool $on;
    private string $prefix;
    private string $phase = '';
    private ?int $total = null;
    private int $done = 0;
    private bool $shown = false;
    private float $last = 0.0;

    /** @param resource $err */
    public function __construct($err, string $command, ?bool $force = null)
    {
        $this->err = $err;
        $this->on = $force ?? stream_isatty($err);
        $this->prefix = "mdsync $command";
    }

    public function start(string $phase, ?int $total): void
    {
        $this->phase = $phase;
        $this->total = $total;
        $this->done = 0;
        $this->draw(true);
    }

    public function advance(int $n, string $what): void
    {
        $this->done += $n;
        $this->draw($this->total !== null && $this->done >= $this->total, $what);
    }

    public function note(string $line): void
    {
        if (!$this->on) {
            return;
        }
        $this->clear();
        fwrite($this->err, Text::oneLine("{$this->prefix}: $line") . "\n");
        $this->draw(true);
    }

    public function finish(): void
    {
        $this->clear();
        $this->phase = '';
    }

    private function draw(bool $force, string $what = ''): void
    {
        if (!$this->on || $this->phase === '') {
            return;
        }
        $now = microtime(true);
        if (!$force && $now - $this->last < 0.1) {
            return;
        }
        $this->last = $now;
        if ($this->total !== null) {
            $text = sprintf('%s: %s/%s', $this->phase, number_format($this->done), number_format($this->total))
                . ($what !== '' ? " ($what)" : '');
        } else {
            $text = $this->phase . ($this->done > 0 ? ': ' . number_format($this->done) : '...');
        }
        fwrite($this->err, "\r\033[K" . Text::oneLine("{$this->prefix}: $text"));
        $this->shown = true;
    }

    private function clear(): void
    {
        if ($this->shown) {
            fwrite($this->err, "\r\033[K");
            $this->shown = false;
        }
    }
}
