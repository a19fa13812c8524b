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

use local_django_sync\grade_item_fixture;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/grade_item_fixture.php');

/**
 * Tests of the reconciliation: grade changes that reached the database without their outbox row are queued.
 *
 * A grade written by grade_grade::update() fires no event: exactly what a crash between the grade and its row
 * leaves behind in autocommit code.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\grade_reconciler
 * @covers     \local_django_sync\task\reconcile_grades
 */
final class grade_reconciler_test extends \advanced_testcase {
    /** @var \stdClass */
    protected $course;
    /** @var \stdClass */
    protected $student;
    /** @var \grade_item */
    protected $item;

    /**
     * A course with a manual grade item and a student with a Django id; grade delivery on, reconciled a while ago.
     */
    protected function setUp(): void {
        global $CFG;
        parent::setUp();
        require_once($CFG->libdir . '/gradelib.php');
        $this->resetAfterTest();
        grade_outbox::reset_caches();
        set_config('grades_enabled', 1, 'local_django_sync');
        $this->course = $this->getDataGenerator()->create_course(['shortname' => 'C1']);
        $this->student = $this->getDataGenerator()->create_user(['profile_field_djangoid' => '77']);
        $this->getDataGenerator()->enrol_user($this->student->id, $this->course->id, 'student');
        $this->item = grade_item_fixture::settled($this->getDataGenerator(), $this->course->id,
            ['itemname' => 'Essay', 'grademax' => 50]);
        set_config(grade_reconciler::LASTRUN, time() - 900, 'local_django_sync');
    }

    /**
     * Writes a grade the way a crash would leave it: the grade and its history, no event, no outbox row.
     *
     * @param int $userid
     * @param float|null $finalgrade
     * @param int|null $timemodified
     * @return \grade_grade
     */
    protected function write_without_event(int $userid, ?float $finalgrade, ?int $timemodified = null): \grade_grade {
        $grade = \grade_grade::fetch(['itemid' => $this->item->id, 'userid' => $userid]);
        if (!$grade) {
            $grade = new \grade_grade(['itemid' => $this->item->id, 'userid' => $userid], false);
            $grade->finalgrade = $finalgrade;
            $grade->timemodified = $timemodified ?? time();
            $grade->insert('test');
            return $grade;
        }
        $grade->finalgrade = $finalgrade;
        $grade->timemodified = $timemodified ?? time();
        $grade->update('test');
        return $grade;
    }

    /**
     * Outbox rows of the manual item.
     *
     * @return \stdClass[]
     */
    protected function item_rows(): array {
        global $DB;
        return array_values($DB->get_records(grade_outbox::TABLE, ['itemid' => $this->item->id], 'id'));
    }

    public function test_first_run_and_grades_off(): void {
        unset_config(grade_reconciler::LASTRUN, 'local_django_sync');
        $reconciler = new grade_reconciler();
        $this->assertSame('first', $reconciler->run()->status);
        $this->assertNotFalse(get_config('local_django_sync', grade_reconciler::LASTRUN));
        set_config('grades_enabled', 0, 'local_django_sync');
        $this->assertSame('disabled', $reconciler->run()->status);
        $this->assertFalse(get_config('local_django_sync', grade_reconciler::LASTRUN), 'switched on again: starts afresh');
    }

    public function test_a_grade_without_its_row_is_queued_as_the_observer_would_have(): void {
        global $DB;
        // What the observer writes for this change, for comparison, then forgotten (the crash).
        $this->item->update_final_grade($this->student->id, 42, 'test');
        $observed = $this->item_rows()[0];
        $DB->delete_records(grade_outbox::TABLE, ['itemid' => $this->item->id]);
        $DB->delete_records('task_adhoc', ['classname' => '\\' . \local_django_sync\task\push_grades::class]);
        grade_outbox::reset_caches();

        $task = new \local_django_sync\task\reconcile_grades();
        ob_start();
        $task->execute();
        $log = ob_get_clean();
        $this->assertMatchesRegularExpression('/1 missing rows queued/', $log);
        $rows = $this->item_rows();
        $this->assertCount(1, $rows);
        $this->assertSame($observed->idempotencykey, $rows[0]->idempotencykey);
        $this->assertSame(json_decode($observed->payload, true), json_decode($rows[0]->payload, true));
        $this->assertSame(grade_outbox::PENDING, $rows[0]->state);
        $this->assertCount(
            1,
            \core\task\manager::get_adhoc_tasks(\local_django_sync\task\push_grades::class),
            'delivery is queued'
        );

        // Counted in the run log.
        $run = $DB->get_record_select(run_log::TABLE, 'mode = ?', ['reconcile'], '*', MUST_EXIST);
        $this->assertSame('task', $run->origin);
        $this->assertSame('success', $run->status);
        $counts = json_decode($run->counts, true);
        $this->assertSame(1, $counts['missing']);
        $this->assertGreaterThanOrEqual(1, $counts['checked']);

        // Nothing is missing any more: no second row, no second run log entry.
        $again = (new grade_reconciler())->run();
        $this->assertSame(0, $again->missing);
        $this->assertGreaterThanOrEqual(1, $again->present);
        $this->assertCount(1, $this->item_rows());
        $this->assertSame(1, $DB->count_records(run_log::TABLE, ['mode' => 'reconcile']));
        $this->assertSame(0, (new grade_reconciler())->run()->missing);
    }

    public function test_changes_written_without_an_event(): void {
        $other = $this->getDataGenerator()->create_user();
        $this->getDataGenerator()->enrol_user($other->id, $this->course->id, 'student');
        $third = $this->getDataGenerator()->create_user();

        // Observed normally, then only the time changed (hidden, locked...): Django has that value already.
        $this->item->update_final_grade($this->student->id, 30, 'test');
        $this->write_without_event($this->student->id, 30, time() + 5);
        // A grade lost in a crash.
        $lost = $this->write_without_event($other->id, 12.5);
        // An empty grade made at enrolment: never graded, nothing to tell Django.
        $this->write_without_event($third->id, null);

        $result = (new grade_reconciler())->run();
        $this->assertSame([1, 1, 1], [$result->unchanged, $result->missing, $result->nograde]);
        $rows = $this->item_rows();
        $this->assertCount(2, $rows);
        $this->assertSame(grade_outbox::key(
            (int)$lost->id,
            (int)$other->id,
            (int)$this->item->id,
            12.5,
            (int)$lost->timemodified
        ), $rows[1]->idempotencykey);
        $this->assertSame(12.5, json_decode($rows[1]->payload, true)['finalgrade']);
    }

    public function test_a_cleared_grade_whose_history_was_cleaned_is_sent_as_null(): void {
        global $DB;
        $this->item->update_final_grade($this->student->id, 20, 'test');
        // Its rows forgotten (the course total's row stays: it is not what this test is about).
        $DB->delete_records(grade_outbox::TABLE, ['itemid' => $this->item->id]);
        $this->write_without_event($this->student->id, null, time() + 1);
        $result = (new grade_reconciler())->run();
        $this->assertSame(1, $result->missing, 'it had a grade once: Django may still show it');
        $rows = $this->item_rows();
        $this->assertNull(json_decode(end($rows)->payload, true)['finalgrade']);
    }

    public function test_the_window_is_the_last_run_minus_the_overlap(): void {
        global $DB;
        $now = time();
        set_config(grade_reconciler::LASTRUN, $now - 600, 'local_django_sync');
        $late = $this->write_without_event($this->student->id, 33);
        // Written within the overlap before the last run (a transaction that committed late): found.
        $DB->set_field(
            'grade_grades_history',
            'timemodified',
            $now - 600 - grade_reconciler::OVERLAP + 60,
            ['oldid' => $late->id]
        );
        $result = (new grade_reconciler())->run($now);
        $this->assertSame($now - 600 - grade_reconciler::OVERLAP, $result->since);
        $this->assertSame(1, $result->missing);

        // Older than that: not this run's business.
        $other = $this->getDataGenerator()->create_user();
        $old = $this->write_without_event($other->id, 44);
        $DB->set_field(
            'grade_grades_history',
            'timemodified',
            $now - 2 * grade_reconciler::OVERLAP,
            ['oldid' => $old->id]
        );
        $this->assertSame(0, (new grade_reconciler())->run($now + 60)->missing);

        // Never further back than the delivered history is kept.
        set_config(grade_reconciler::LASTRUN, $now - 30 * DAYSECS, 'local_django_sync');
        set_config('grades_keep_days', 2, 'local_django_sync');
        $this->assertSame($now - 2 * DAYSECS + grade_reconciler::OVERLAP, (new grade_reconciler())->run($now)->since);
    }

    public function test_course_totals_only_leaves_activity_grades_alone(): void {
        set_config('grades_items', 'course', 'local_django_sync');
        $this->write_without_event($this->student->id, 25);
        $result = (new grade_reconciler())->run();
        $this->assertSame(0, $result->missing);
        $this->assertSame([], $this->item_rows());
    }
}
