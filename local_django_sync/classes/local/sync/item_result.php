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
 * What a side did with one work item.
 *
 * status: done (the change is made), exists (it was there already), failed (refused, with the reason), queued (held
 * for a file the side writes when the run finishes; {@see moodle_side::finish()} says whether it was written).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class item_result {
    /**
     * Constructor.
     *
     * @param string $status done, exists, failed or queued
     * @param string $message for people: the new id, or why it failed (the peer's own words)
     * @param int|null $moodleid the Moodle user made, when one was
     */
    public function __construct(
        /** @var string done, exists, failed or queued */
        public readonly string $status,
        /** @var string for people */
        public readonly string $message = '',
        /** @var int|null the Moodle user made */
        public readonly ?int $moodleid = null
    ) {
    }

    /**
     * A change made.
     *
     * @param string $message
     * @param int|null $moodleid
     * @return self
     */
    public static function done(string $message = '', ?int $moodleid = null): self {
        return new self('done', $message, $moodleid);
    }

    /**
     * A change refused, with the reason.
     *
     * @param string $message
     * @return self
     */
    public static function failed(string $message): self {
        return new self('failed', $message);
    }

    /**
     * A change held for a file written at the end of the run.
     *
     * @param string $message
     * @return self
     */
    public static function queued(string $message = ''): self {
        return new self('queued', $message);
    }
}
