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

namespace local_django_sync;

use local_django_sync\local\grade_outbox;

/**
 * Event observers: record grade changes in the outbox. No network, no mdsync call.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class observer {
    /**
     * A user's grade was set or changed (also cleared: then its final grade is null).
     *
     * @param \core\event\user_graded $event
     */
    public static function user_graded(\core\event\user_graded $event): void {
        if (!grade_outbox::enabled()) {
            return;
        }
        grade_outbox::record_grade($event->get_grade());
    }

    /**
     * A user's grade was deleted: Django gets the cell with a null final grade.
     *
     * @param \core\event\grade_deleted $event
     */
    public static function grade_deleted(\core\event\grade_deleted $event): void {
        if (!grade_outbox::enabled()) {
            return;
        }
        grade_outbox::record_grade($event->get_grade(), true);
    }
}
