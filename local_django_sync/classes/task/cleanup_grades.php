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

use local_django_sync\local\grade_outbox;

/**
 * Deletes delivered grade rows older than the delivered history keeps them.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class cleanup_grades extends \core\task\scheduled_task {
    /**
     * Name shown in the scheduled tasks list.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_cleanup_grades', 'local_django_sync');
    }

    /**
     * Deletes old delivered rows; pending and failed rows are never touched.
     */
    public function execute() {
        $count = grade_outbox::cleanup();
        mtrace(get_string('cleanupresult', 'local_django_sync', (object)['count' => $count, 'days' => grade_outbox::keep_days()]));
    }
}
