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


namespace local_django_sync\local\sync;

/**
 * Where an engine says how far it got: a terminal line in bin/mdsync, mtrace in a task, a stored progress bar.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
interface progress {
    /**
     * A phase begins: "reading Moodle users", "asking Django", "applying".
     *
     * @param string $phase
     * @param int|null $total items in it, when known
     */
    public function start(string $phase, ?int $total): void;

    /**
     * Items done in the current phase.
     *
     * @param int $n
     * @param string $what what is being done now
     */
    public function advance(int $n, string $what): void;

    /**
     * A line worth showing now (a retry, a field check).
     *
     * @param string $line
     */
    public function note(string $line): void;

    /**
     * The phase is over.
     */
    public function finish(): void;
}
