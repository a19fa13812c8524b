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

use local_django_sync\local\run_log;
use local_django_sync\local\run_store;

/**
 * Deletes the per-user rows (plan and report) of runs that ended more than runs_keep_days ago, and of plans that a
 * newer plan replaced. The runs themselves stay in the history, with their counts and first failures.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class cleanup_runs extends \core\task\scheduled_task {
    /** Days the rows stay when the setting is empty. */
    public const DEFAULT_KEEP_DAYS = 30;

    /**
     * Name shown in the scheduled tasks list.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_cleanup_runs', 'local_django_sync');
    }

    /**
     * Deletes what is old.
     */
    public function execute() {
        global $DB;
        $days = (int)get_config('local_django_sync', 'runs_keep_days');
        $days = $days > 0 ? $days : self::DEFAULT_KEEP_DAYS;
        [$final, $params] = $DB->get_in_or_equal(run_log::FINAL, SQL_PARAMS_NAMED);
        $params['before'] = time() - $days * DAYSECS;
        $old = $DB->get_fieldset_select(run_log::TABLE, 'id', "status $final AND timefinished < :before", $params);
        $latestplan = run_log::latest_plan();
        $replaced = $latestplan ? $DB->get_fieldset_select(run_log::TABLE, 'id', "mode = 'plan' AND id < ?",
            [$latestplan->id]) : [];
        $ids = array_unique(array_merge($old, $replaced));
        if ($latestplan) {
            $ids = array_diff($ids, [$latestplan->id]);
        }
        $deleted = 0;
        foreach ($ids as $id) {
            $n = $DB->count_records(run_store::TABLE, ['runid' => $id]);
            if ($n > 0) {
                run_store::delete((int)$id);
                $deleted += $n;
            }
        }
        mtrace(get_string('cleanupruns', 'local_django_sync', (object)['rows' => $deleted, 'days' => $days]));
    }
}
