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

use core\output\stored_progress_bar;
use local_django_sync\local\mtrace_progress;
use local_django_sync\local\run_log;
use local_django_sync\local\runner;
use local_django_sync\local\sync_service;

/**
 * A user sync run started from the sync page (or resumed after its process died), carried out in the background.
 *
 * The run says what to do (run_log); the runner does it chunk by chunk and commits each chunk with the run's new
 * position, so a retry of this task (Moodle retries a task that failed, and the recovery task queues a new one for
 * a run whose process is gone) continues from the last chunk. The progress bar is the one the page created when it
 * queued the task (the name stored_progress_task_trait gives it), or a new one.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_sync extends \core\task\adhoc_task {
    use \core\task\stored_progress_task_trait;

    /** @var sync_service|null a service to use instead of the default one (tests) */
    protected $service = null;

    /**
     * Uses this service instead of the default one.
     *
     * @param sync_service $service
     */
    public function set_service(sync_service $service): void {
        $this->service = $service;
    }

    /**
     * Name shown in the task lists.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_run_sync', 'local_django_sync');
    }

    /**
     * Works on the run. An exception (the database failing mid-chunk) fails the task, and Moodle retries it.
     */
    public function execute() {
        $runid = (int)($this->get_custom_data()->runid ?? 0);
        $run = run_log::get($runid, IGNORE_MISSING);
        if (!$run) {
            mtrace(get_string('run_missing', 'local_django_sync', $runid));
            return;
        }
        $service = $this->service ?? new sync_service();
        $runner = new runner($service);
        if (!$service->gateway()->available() && in_array($run->status, run_log::ACTIVE, true)) {
            $runner->abandon($run, get_string('extensionmissing', 'local_django_sync'));
            mtrace(get_string('extensionmissing', 'local_django_sync'));
            return;
        }
        $idnumber = stored_progress_bar::convert_to_idnumber(get_class($this) . '_' . $this->get_id());
        $this->progress = stored_progress_bar::get_by_idnumber($idnumber);
        if ($this->progress === null) {
            $this->start_stored_progress();
        }
        $this->progress->auto_update(false);
        $run = $runner->execute($runid, $this->progress, new mtrace_progress());
        mtrace(get_string('run_state', 'local_django_sync', (object)['id' => $runid,
            'status' => get_string('status_' . $run->status, 'local_django_sync'), 'message' => $run->message]));
    }
}
