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

/**
 * Runs whose process is gone: a run whose lock can be had and whose adhoc task neither waits for cron nor is held by
 * a live cron process is resumed from its last committed chunk in a new task, or abandoned once it was taken up
 * runner::MAX_ATTEMPTS times (the scheduled task resume_runs, every minute).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_recovery {
    /** @var runner queues the new task, abandons */
    protected $runner;

    /**
     * Constructor.
     *
     * @param runner|null $runner
     */
    public function __construct(?runner $runner = null) {
        $this->runner = $runner ?? new runner();
    }

    /**
     * Finds active runs whose process is gone (their lock can be had): resumes each in a new adhoc task, or abandons
     * it once it was taken up runner::MAX_ATTEMPTS times. A run queued for a task that is waiting for cron is left alone.
     *
     * @return array<int, string> run id => what was done (resumed, abandoned)
     */
    public function recover(): array {
        global $DB;
        $done = [];
        [$states, $params] = $DB->get_in_or_equal(run_log::ACTIVE, SQL_PARAMS_NAMED);
        [$modes, $mparams] = $DB->get_in_or_equal(run_log::SYNC_MODES, SQL_PARAMS_NAMED, 'md');
        $ids = $DB->get_fieldset_select(run_log::TABLE, 'id', "status $states AND mode $modes", $params + $mparams);
        foreach ($ids as $id) {
            $lock = run_log::try_run_lock((int)$id);
            if (!$lock) {
                continue;
            }
            try {
                $run = run_log::get((int)$id);
                if (!in_array($run->status, run_log::ACTIVE, true) || $this->task_pending($run)) {
                    continue;
                }
                if ($run->attempts >= runner::MAX_ATTEMPTS) {
                    $this->runner->abandon($run, get_string('abandoned_attempts', 'local_django_sync', runner::MAX_ATTEMPTS));
                    $done[(int)$id] = 'abandoned';
                    continue;
                }
                $this->runner->queue_task((int)$id, get_string('progress_resuming', 'local_django_sync', (object)[
                    'done' => number_format((int)$run->position), 'total' => number_format((int)$run->total)]));
                run_log::update((int)$id, ['message' => trim($run->message . "\n" . get_string('resumed_message',
                    'local_django_sync', (object)['host' => (string)$run->hostname, 'pid' => (int)$run->pid,
                    'position' => (int)$run->position]))]);
                $done[(int)$id] = 'resumed';
            } finally {
                $lock->release();
            }
        }
        return $done;
    }

    /**
     * Whether a run's adhoc task is still to run or running (so the run is not lost): the task exists and either
     * no cron process took it yet or the one that did still holds it.
     *
     * @param \stdClass $run
     * @return bool
     */
    protected function task_pending(\stdClass $run): bool {
        global $DB;
        if (empty($run->taskid)) {
            return false;
        }
        $task = $DB->get_record('task_adhoc', ['id' => $run->taskid], 'id, timestarted');
        if (!$task) {
            return false;
        }
        if (empty($task->timestarted)) {
            return true;
        }
        $cronlock = \core\lock\lock_config::get_lock_factory('cron')->get_lock('adhoc_' . $task->id, 0);
        if (!$cronlock) {
            return true;
        }
        // Its cron process is gone; Moodle retries the task itself an hour later, and finds the run taken care of.
        $cronlock->release();
        return false;
    }
}
