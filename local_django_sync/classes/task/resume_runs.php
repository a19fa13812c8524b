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

use local_django_sync\local\run_recovery;

/**
 * Runs whose process is gone (a killed cron, a crashed worker, a CLI run cut off): each is resumed from its last
 * finished chunk in a new adhoc task, or, once it was taken up three times, marked abandoned with what it did and
 * reported to the alert recipients. Runs whose adhoc task is waiting for cron are left alone.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class resume_runs extends \core\task\scheduled_task {
    /**
     * Name shown in the scheduled tasks list.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_resume_runs', 'local_django_sync');
    }

    /**
     * Looks at every active run.
     */
    public function execute() {
        foreach ((new run_recovery())->recover() as $runid => $what) {
            mtrace(get_string('recover_' . $what, 'local_django_sync', $runid));
        }
    }
}
