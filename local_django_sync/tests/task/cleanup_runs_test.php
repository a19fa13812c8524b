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
 * The cleanup of runs' per-user rows: old finished runs and replaced plans lose their rows, the latest plan and runs
 * still going on or held keep them, and every run stays in the history.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\task\cleanup_runs
 */
final class cleanup_runs_test extends \advanced_testcase {
    /**
     * A run with two rows, finished (or not) some days ago.
     *
     * @param string $mode
     * @param string $status
     * @param int|null $daysago when it finished (null: not finished)
     * @return int
     */
    protected function make_run(string $mode, string $status, ?int $daysago): int {
        global $DB;
        $id = run_log::start('task', $mode);
        $DB->update_record(run_log::TABLE, (object)['id' => $id, 'status' => $status,
            'timefinished' => $daysago === null ? null : time() - $daysago * DAYSECS]);
        foreach ([1, 2] as $i) {
            $DB->insert_record(run_store::TABLE, ['runid' => $id, 'category' => 'only_in_django', 'itemkey' => "k$i"]);
        }
        return $id;
    }

    public function test_old_runs_and_replaced_plans_lose_their_rows_and_stay_in_the_history(): void {
        global $DB;
        $this->resetAfterTest();
        set_config('runs_keep_days', 10, 'local_django_sync');
        $oldapply = $this->make_run('apply', 'success', 11);
        $newapply = $this->make_run('apply', 'partial', 9);
        $oldplan = $this->make_run('plan', 'success', 1);
        $held = $this->make_run('apply', run_log::HELD, null);
        $latestplan = $this->make_run('plan', 'success', 30);
        ob_start();
        (new cleanup_runs())->execute();
        $out = ob_get_clean();
        $this->assertStringContainsString('Deleted 4 per-user rows', $out);
        $rows = fn(int $id) => $DB->count_records(run_store::TABLE, ['runid' => $id]);
        $this->assertSame(0, $rows($oldapply));
        $this->assertSame(0, $rows($oldplan), 'replaced by a newer plan');
        $this->assertSame(2, $rows($newapply));
        $this->assertSame(2, $rows($held), 'a held run keeps what it would do');
        $this->assertSame(2, $rows($latestplan), 'the plan the sync page shows, however old');
        $this->assertSame(5, $DB->count_records(run_log::TABLE), 'every run stays in the history');
    }
}
