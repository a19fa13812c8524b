<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

namespace local_django_sync\local;

use local_django_sync\local\sync\progress;

/**
 * A run's progress on Moodle's stored progress bar (polled by the sync page), and in the task's log.
 *
 * The engine reports phases (reading Moodle users, asking Django, applying) and items; the runner adds storing the
 * plan and where the current chunk starts. One bar covers the whole run: each phase has its share of it (planning
 * is most of a plan run, applying most of an apply run), and the bar reaches 100% only when the run has ended, as
 * the page stops polling then. The bar's record is written at most once a second.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_progress implements progress {
    /** Share of the bar per phase and mode: [from, to] percent. */
    protected const SHARES = [
        'plan' => ['reading' => [0, 40], 'django' => [40, 50], 'storing' => [50, 99], 'applying' => [99, 99]],
        'apply' => ['reading' => [0, 8], 'django' => [8, 10], 'storing' => [10, 15], 'applying' => [15, 99]],
        'undo' => ['reading' => [0, 0], 'django' => [0, 0], 'storing' => [0, 5], 'applying' => [5, 99]],
    ];

    /** @var \core\output\stored_progress_bar|null */
    protected $bar;
    /** @var progress|null another progress to tell the same (the task's log) */
    protected $inner;
    /** @var string the run's mode */
    protected $mode;
    /** @var int Moodle users the plan is expected to read */
    protected $expected = 0;
    /** @var string the engine's current phase */
    protected $phase = '';
    /** @var int items done in the phase */
    protected $done = 0;
    /** @var int|null items in the phase */
    protected $total = null;
    /** @var int work items done before the current chunk */
    protected $chunkfrom = 0;
    /** @var int work items of the run */
    protected $worktotal = 0;
    /** @var float when the bar was last written */
    protected $written = 0.0;
    /** @var string what the engine said it does now ("create in Moodle") */
    protected $what = '';

    /**
     * Constructor.
     *
     * @param \core\output\stored_progress_bar|null $bar
     * @param progress|null $inner
     * @param string $mode plan, apply or undo
     */
    public function __construct($bar, ?progress $inner, string $mode) {
        $this->bar = $bar;
        $this->inner = $inner;
        $this->mode = isset(self::SHARES[$mode]) ? $mode : 'apply';
        $this->bar?->auto_update(false);
    }

    /**
     * How many Moodle users the plan will read (for the bar while it reads them).
     *
     * @param int $n
     */
    public function expect(int $n): void {
        $this->expected = $n;
    }

    /**
     * A phase begins.
     *
     * @param string $phase
     * @param int|null $total
     */
    public function start(string $phase, ?int $total): void {
        $this->inner?->start($phase, $total);
        $this->phase = $phase;
        $this->total = $total;
        $this->done = 0;
        $this->show(true);
    }

    /**
     * Items done in the phase.
     *
     * @param int $n
     * @param string $what
     */
    public function advance(int $n, string $what): void {
        $this->inner?->advance($n, $what);
        $this->done += $n;
        $this->what = $what;
        // at most a write a second, but the phase's last step is always shown (the pages' "3 of 3")
        $this->show($this->total !== null && $this->done >= $this->total);
    }

    /**
     * A line worth showing.
     *
     * @param string $line
     */
    public function note(string $line): void {
        $this->inner?->note($line);
    }

    /**
     * The phase is over.
     */
    public function finish(): void {
        $this->inner?->finish();
    }

    /**
     * Rows of the plan stored so far.
     *
     * @param int $done
     * @param int $total
     */
    public function storing(int $done, int $total): void {
        if ($this->phase !== 'storing') {
            $this->inner?->start('storing the plan', $total);
        }
        $this->phase = 'storing';
        $this->done = $done;
        $this->total = $total;
        $this->show($done === 0 || $done >= $total);
        if ($done >= $total) {
            $this->inner?->finish();
        }
    }

    /**
     * A chunk of the work begins.
     *
     * @param int $from work items done before it
     * @param int $total work items of the run
     */
    public function chunk(int $from, int $total): void {
        $this->chunkfrom = $from;
        $this->worktotal = $total;
    }

    /**
     * The run has ended (or waits for approval): the bar says how, at 100% (the page stops polling).
     *
     * @param string $message
     * @param bool $error the run failed
     */
    public function ended(string $message, bool $error = false): void {
        if ($this->bar === null) {
            return;
        }
        if ($error) {
            $this->bar->error(\core_text::substr($message, 0, 255));
        } else {
            $this->bar->update_full(100, \core_text::substr($message, 0, 255));
        }
    }

    /**
     * Writes the bar (at most once a second unless $force).
     *
     * @param bool $force
     */
    protected function show(bool $force): void {
        if ($this->bar === null) {
            return;
        }
        $now = microtime(true);
        if (!$force && $now - $this->written < 1.0) {
            return;
        }
        $this->written = $now;
        [$key, $fraction, $message] = $this->where($this->what);
        [$from, $to] = self::SHARES[$this->mode][$key];
        $this->bar->update_full(min(99.0, $from + ($to - $from) * max(0.0, min(1.0, $fraction))),
            \core_text::substr($message, 0, 255));
    }

    /**
     * The phase's share of the bar, how far into it, and the message.
     *
     * @param string $what
     * @return array{0: string, 1: float, 2: string}
     */
    protected function where(string $what): array {
        $a = (object)['done' => number_format($this->done), 'total' => number_format((int)$this->total), 'what' => $what];
        switch ($this->phase) {
            case 'reading Moodle users':
                $a->total = number_format($this->expected);
                return ['reading', $this->expected > 0 ? $this->done / $this->expected : 0.0,
                    get_string('progress_reading', 'local_django_sync', $a)];
            case 'asking Django for its users':
                // pages read, once page one has told how many there are
                return $this->total ? ['django', min(1.0, $this->done / $this->total),
                    get_string('progress_django_pages', 'local_django_sync', $a)]
                    : ['django', 0.0, get_string('progress_django', 'local_django_sync')];
            case 'storing':
                return ['storing', $this->total ? $this->done / $this->total : 1.0,
                    get_string('progress_storing', 'local_django_sync', $a)];
            case 'applying':
                $done = $this->chunkfrom + $this->done;
                $a->done = number_format($done);
                $a->total = number_format($this->worktotal);
                return ['applying', $this->worktotal > 0 ? $done / $this->worktotal : 1.0,
                    get_string($what === '' ? 'progress_applying_start' : 'progress_applying', 'local_django_sync', $a)];
        }
        return ['reading', 0.0, $this->phase];
    }
}
