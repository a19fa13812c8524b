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
 * Progress as mtrace lines: one per phase and one per batch, for the scheduled task's log and cli/sync.php.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class mtrace_progress implements progress {
    /** @var string */
    protected $phase = '';
    /** @var int|null */
    protected $total = null;
    /** @var int */
    protected $done = 0;

    /**
     * A phase begins.
     *
     * @param string $phase
     * @param int|null $total
     */
    public function start(string $phase, ?int $total): void {
        $this->phase = $phase;
        $this->total = $total;
        $this->done = 0;
        mtrace('  ' . $phase . ($total !== null ? " ($total)" : '') . '...');
    }

    /**
     * Items done.
     *
     * @param int $n
     * @param string $what
     */
    public function advance(int $n, string $what): void {
        $this->done += $n;
        if ($this->total !== null && $n > 0) {
            mtrace("  {$this->phase}: {$this->done}/{$this->total} ($what)");
        }
    }

    /**
     * A line worth showing.
     *
     * @param string $line
     */
    public function note(string $line): void {
        mtrace('  ' . $line);
    }

    /**
     * The phase is over.
     */
    public function finish(): void {
        $this->phase = '';
    }
}
