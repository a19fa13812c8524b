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

namespace local_django_sync\task;

/**
 * Safety net of the grade outbox: every few minutes, sends what is due (retries, rows whose adhoc task was lost).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class push_grades_safety_net extends \core\task\scheduled_task {
    use grade_drainer;

    /**
     * Name shown in the scheduled tasks list.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_push_grades_safety_net', 'local_django_sync');
    }

    /**
     * Drains the outbox if grade delivery is on and anything is waiting.
     */
    public function execute() {
        global $DB;
        if (
            !\local_django_sync\local\grade_outbox::enabled()
                && !$DB->record_exists(\local_django_sync\local\grade_outbox::TABLE, ['state' => 'pending'])
        ) {
            return;
        }
        $this->drain();
    }
}
