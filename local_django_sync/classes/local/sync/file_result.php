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
 * A file a side wrote (or failed to write) when the run finished, and the work items whose changes it holds.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class file_result {
    /**
     * Constructor.
     *
     * @param string $kind upload (users to create) or update (identifiers of existing users)
     * @param string $path where
     * @param list<string> $keys work items whose rows are in it (or would have been)
     * @param int $rows rows written
     * @param string|null $error why it was not written; null when it was
     * @param string $howto what to do with it, for people
     */
    public function __construct(
        /** @var string upload or update */
        public readonly string $kind,
        /** @var string where */
        public readonly string $path,
        /** @var list<string> work items in it */
        public readonly array $keys,
        /** @var int rows written */
        public readonly int $rows,
        /** @var string|null why it was not written */
        public readonly ?string $error,
        /** @var string what to do with it */
        public readonly string $howto = ''
    ) {
    }
}
