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
 * Tests of the grade observers and the outbox: the row is written in the grade change's transaction.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\grade_outbox
 * @covers     \local_django_sync\observer
 */
final class grade_outbox_test extends \advanced_testcase {
    /** @var \stdClass */
    protected $course;
    /** @var \stdClass */
    protected $student;
    /** @var \grade_item */
    protected $item;

    /**
     * A course with a manual grade item and a student with a Django id; grade delivery on.
     */
    protected function setUp(): void {
        global $CFG;
        parent::setUp();
        require_once($CFG->libdir . '/gradelib.php');
        $this->resetAfterTest();
        grade_outbox::reset_caches();
        set_config('grades_enabled', 1, 'local_django_sync');
        $this->course = $this->getDataGenerator()->create_course(['shortname' => 'C1', 'idnumber' => 'C-ONE']);
        $this->student = $this->getDataGenerator()->create_user(['email' => 'stu@example.com',
            'profile_field_djangoid' => '77']);
        $this->getDataGenerator()->enrol_user($this->student->id, $this->course->id, 'student');
        $this->item = grade_item_fixture::settled($this->getDataGenerator(), $this->course->id,
            ['itemname' => 'Essay', 'grademax' => 50]);
    }

    /**
     * Outbox rows for the manual item.
     *
     * @return \stdClass[]
     */
    protected function item_rows(): array {
        global $DB;
        return array_values($DB->get_records(grade_outbox::TABLE, ['itemid' => $this->item->id], 'id'));
    }

    public function test_grade_change_writes_one_row_with_a_snapshot_and_queues_delivery(): void {
        global $DB;
        $this->item->update_final_grade($this->student->id, 42.5, 'test');
        $rows = $this->item_rows();
        $this->assertCount(1, $rows);
        $grade = json_decode($rows[0]->payload, true);
        $gradeid = (int)$DB->get_field('grade_grades', 'id', ['itemid' => $this->item->id, 'userid' => $this->student->id]);
        $this->assertSame([
            'userid' => (int)$this->student->id, 'djangoid' => '77', 'email' => 'stu@example.com',
            'courseid' => (int)$this->course->id, 'courseshortname' => 'C1', 'courseidnumber' => 'C-ONE',
            'itemid' => (int)$this->item->id, 'itemtype' => 'manual', 'itemmodule' => null, 'itemname' => 'Essay',
            'grademax' => 50.0, 'finalgrade' => 42.5, 'timemodified' => $grade['timemodified'], 'gradeid' => $gradeid,
            'idempotency_key' => "grade:$gradeid:{$grade['timemodified']}:42.50000",
        ], $grade);
        $this->assertSame($grade['idempotency_key'], $rows[0]->idempotencykey);
        $this->assertSame(grade_outbox::PENDING, $rows[0]->state);
        $this->assertCount(1, \core\task\manager::get_adhoc_tasks(\local_django_sync\task\push_grades::class));

        // The course total changed with it (aggregation fires user_graded too); 'all items' sends it as well.
        $courseitem = \grade_item::fetch_course_item($this->course->id);
        $this->assertTrue($DB->record_exists(grade_outbox::TABLE, ['itemid' => $courseitem->id,
            'userid' => $this->student->id]));
    }

    public function test_the_same_change_twice_is_one_row(): void {
        global $DB;
        $this->item->update_final_grade($this->student->id, 30, 'test');
        $grade = \grade_grade::fetch(['itemid' => $this->item->id, 'userid' => $this->student->id]);
        $grade->grade_item = $this->item;
        // The same event observed again (a replayed event, a second observer call): still one row.
        \core\event\user_graded::create_from_grade($grade)->trigger();
        \core\event\user_graded::create_from_grade($grade)->trigger();
        $this->assertCount(1, $this->item_rows());
        $this->assertCount(1, \core\task\manager::get_adhoc_tasks(\local_django_sync\task\push_grades::class));

        // A different value in the same second is a different change: its own key, its own row.
        $this->item->update_final_grade($this->student->id, 31, 'test');
        $rows = $this->item_rows();
        $this->assertCount(2, $rows);
        $this->assertNotSame($rows[0]->idempotencykey, $rows[1]->idempotencykey);
        $this->assertSame(31.0, json_decode($rows[1]->payload, true)['finalgrade']);
    }

    public function test_row_commits_and_rolls_back_with_the_grade(): void {
        global $DB;
        $this->preventResetByRollback();
        $transaction = $DB->start_delegated_transaction();
        $this->item->update_final_grade($this->student->id, 10, 'test');
        $this->assertCount(1, $this->item_rows(), 'written inside the transaction');
        try {
            $transaction->rollback(new \moodle_exception('rolled back'));
        } catch (\moodle_exception $e) {
            $this->assertSame('rolled back', $e->errorcode);
        }
        $this->assertFalse($DB->record_exists('grade_grades', ['itemid' => $this->item->id, 'userid' => $this->student->id]));
        $this->assertCount(0, $this->item_rows(), 'a rolled-back grade leaves no row');
        $this->assertCount(0, \core\task\manager::get_adhoc_tasks(\local_django_sync\task\push_grades::class));

        $transaction = $DB->start_delegated_transaction();
        $this->item->update_final_grade($this->student->id, 11, 'test');
        $transaction->allow_commit();
        $this->assertCount(1, $this->item_rows(), 'a committed grade has its row');
    }

    public function test_deleted_and_cleared_grades_are_sent_as_null(): void {
        $this->item->update_final_grade($this->student->id, 20, 'test');
        $this->item->update_final_grade($this->student->id, null, 'test');
        $grade = \grade_grade::fetch(['itemid' => $this->item->id, 'userid' => $this->student->id]);
        $grade->grade_item = $this->item;
        $grade->delete('test');
        $rows = $this->item_rows();
        $this->assertCount(3, $rows);
        $this->assertNull(json_decode($rows[1]->payload, true)['finalgrade']);
        $this->assertStringEndsWith(':null', $rows[1]->idempotencykey);
        $this->assertNull(json_decode($rows[2]->payload, true)['finalgrade']);
        $this->assertStringContainsString(':deleted:', $rows[2]->idempotencykey);
    }

    public function test_settings_decide_what_is_recorded(): void {
        global $DB;
        set_config('grades_items', 'course', 'local_django_sync');
        $this->item->update_final_grade($this->student->id, 40, 'test');
        $this->assertCount(0, $this->item_rows(), 'course total only: the activity grade is not sent');
        $courseitem = \grade_item::fetch_course_item($this->course->id);
        $this->assertSame(1, $DB->count_records(grade_outbox::TABLE, ['itemid' => $courseitem->id]));

        set_config('grades_enabled', 0, 'local_django_sync');
        $DB->delete_records(grade_outbox::TABLE);
        $this->item->update_final_grade($this->student->id, 41, 'test');
        $this->assertSame(0, $DB->count_records(grade_outbox::TABLE));
    }

    public function test_user_without_django_id_is_recorded_with_null(): void {
        $other = $this->getDataGenerator()->create_user(['email' => 'nodj@example.com']);
        $this->item->update_final_grade($other->id, 5, 'test');
        $grade = json_decode($this->item_rows()[0]->payload, true);
        $this->assertNull($grade['djangoid']);
        $this->assertSame('nodj@example.com', $grade['email']);
    }

    public function test_activity_grading_is_recorded(): void {
        global $CFG, $DB;
        $assign = $this->getDataGenerator()->create_module('assign', ['course' => $this->course->id, 'grade' => 100]);
        $teacher = $this->getDataGenerator()->create_and_enrol($this->course, 'editingteacher');
        $this->setUser($teacher);
        require_once($CFG->dirroot . '/mod/assign/locallib.php');
        [$course, $cm] = get_course_and_cm_from_instance($assign->id, 'assign');
        $assignment = new \assign(\context_module::instance($cm->id), $cm, $course);
        $assignment->save_grade($this->student->id, (object)['grade' => 88, 'attemptnumber' => -1,
            'applytoall' => 0, 'addattempt' => 0, 'workflowstate' => '', 'sendstudentnotifications' => false]);
        $item = \grade_item::fetch(['itemtype' => 'mod', 'itemmodule' => 'assign', 'iteminstance' => $assign->id]);
        $row = $DB->get_record(grade_outbox::TABLE, ['itemid' => $item->id, 'userid' => $this->student->id], '*', MUST_EXIST);
        $grade = json_decode($row->payload, true);
        $this->assertSame('assign', $grade['itemmodule']);
        $this->assertSame(88.0, $grade['finalgrade']);
    }

    public function test_admin_retry_and_discard(): void {
        global $DB;
        $this->item->update_final_grade($this->student->id, 1, 'test');
        $this->item->update_final_grade($this->student->id, 2, 'test');
        $rows = $this->item_rows();
        $DB->set_field(grade_outbox::TABLE, 'state', grade_outbox::FAILED, ['itemid' => $this->item->id]);
        $DB->set_field(grade_outbox::TABLE, 'attempts', 30, ['itemid' => $this->item->id]);
        $this->assertSame(2, grade_outbox::stats()->failed);
        $this->assertCount(2, grade_outbox::problems(grade_outbox::FAILED));

        $this->assertSame(1, grade_outbox::retry((int)$rows[0]->id));
        $row = $DB->get_record(grade_outbox::TABLE, ['id' => $rows[0]->id]);
        $this->assertSame(grade_outbox::PENDING, $row->state);
        $this->assertEquals(0, $row->attempts);
        $this->assertSame(0, grade_outbox::retry((int)$rows[0]->id), 'only failed rows are retried');
        $this->assertSame(0, grade_outbox::discard((int)$rows[0]->id), 'only failed rows are discarded');

        $this->assertSame(1, grade_outbox::discard(null));
        $this->assertFalse($DB->record_exists(grade_outbox::TABLE, ['id' => $rows[1]->id]));
        $this->assertTrue($DB->record_exists(grade_outbox::TABLE, ['id' => $rows[0]->id]));
    }
}
