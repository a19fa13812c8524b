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

use local_django_sync\local\grade_reconciler;

/**
 * Finds grade changes that have no outbox row (a crash between the grade and its row) and queues them.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class reconcile_grades extends \core\task\scheduled_task {
    /**
     * Name shown in the scheduled tasks list.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_reconcile_grades', 'local_django_sync');
    }

    /**
     * Compares recent grade changes with the outbox; writes and queues what is missing.
     */
    public function execute() {
        $result = (new grade_reconciler())->run();
        $a = clone $result;
        $a->since = $result->since === null ? '' : userdate($result->since);
        mtrace(get_string('reconcile_' . $result->status, 'local_django_sync', $a));
    }
}
