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

use local_django_sync\django_peer;
use local_django_sync\grade_item_fixture;
use local_django_sync\task\push_grades;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/django_peer.php');
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/grade_item_fixture.php');

/**
 * Grade delivery through the real extension to the reference Django peer: tasks as cron runs them.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\grade_delivery
 * @covers     \local_django_sync\local\grade_outbox
 * @covers     \local_django_sync\task\push_grades
 * @covers     \local_django_sync\local\notifier
 */
final class grade_peer_test extends \advanced_testcase {
    /** @var array the peer */
    protected $peer;
    /** @var \stdClass */
    protected $course;
    /** @var \grade_item */
    protected $item;

    /**
     * A peer, grade delivery on, a course with a manual item.
     */
    protected function setUp(): void {
        global $CFG;
        parent::setUp();
        require_once($CFG->libdir . '/gradelib.php');
        $this->resetAfterTest();
        grade_outbox::reset_caches();
        $this->peer = django_peer::start($this);
        set_config('grades_enabled', 1, 'local_django_sync');
        set_config('grades_items', 'course', 'local_django_sync');
        $this->course = $this->getDataGenerator()->create_course();
        $this->item = grade_item_fixture::settled($this->getDataGenerator(), $this->course->id, ['grademax' => 100]);
    }

    /**
     * Grades students: one course total row each (the setting sends course totals only).
     *
     * @param int $count
     * @return \stdClass[] the students
     */
    protected function grade_students(int $count): array {
        $students = [];
        for ($i = 1; $i <= $count; $i++) {
            $students[$i] = $this->getDataGenerator()->create_and_enrol(
                $this->course,
                'student',
                ['profile_field_djangoid' => (string)(500 + $i)]
            );
            $this->item->update_final_grade($students[$i]->id, 10 * $i, 'test');
        }
        return $students;
    }

    /**
     * Runs the next due delivery task as cron would (null if none is due at that time).
     *
     * @param int $time
     * @return string|null its output
     */
    protected function run_next_task(int $time): ?string {
        // Cron takes tasks whose next run time is strictly before its start.
        $task = \core\task\manager::get_next_adhoc_task($time + 1);
        if (!$task) {
            return null;
        }
        $this->assertInstanceOf(push_grades::class, $task);
        \core\task\manager::adhoc_task_starting($task);
        ob_start();
        $task->execute();
        $output = ob_get_clean();
        \core\task\manager::adhoc_task_complete($task);
        return $output;
    }

    public function test_grades_reach_django_a_rejected_one_stays_failed_and_alerts_once(): void {
        global $DB;
        $this->grade_students(3);
        $this->assertSame(3, grade_outbox::stats()->pending);
        django_peer::fault($this->peer, ['path' => '/api/grades/', 'method' => 'POST', 'status' => 400, 'times' => 1,
            'body' => '{"finalgrade": ["injected"]}']);
        $sink = $this->redirectMessages();

        $output = $this->run_next_task(time());
        $this->assertStringContainsString('3 sent in 1 batches, 2 delivered', $output);
        $failed = $DB->get_records(grade_outbox::TABLE, ['state' => grade_outbox::FAILED]);
        $this->assertCount(1, $failed);
        $failed = reset($failed);
        $this->assertEquals(400, $failed->lasthttpstatus);
        $this->assertStringContainsString('injected', $failed->lasterror);
        $delivered = $DB->get_fieldset_select(grade_outbox::TABLE, 'idempotencykey', 'state = ?', [grade_outbox::DELIVERED]);
        $this->assertCount(2, $delivered);
        $stored = django_peer::stored_grades($this->peer);
        sort($delivered);
        $keys = array_keys($stored);
        sort($keys);
        $this->assertSame($delivered, $keys, 'Django holds exactly the delivered rows');

        $messages = $sink->get_messages();
        $this->assertCount(1, $messages);
        $this->assertSame('gradesfailed', reset($messages)->eventtype);

        // The administrator retries it; Django takes it this time.
        grade_outbox::retry(null);
        $this->run_next_task(time());
        $this->assertSame(3, $DB->count_records(grade_outbox::TABLE, ['state' => grade_outbox::DELIVERED]));
        $this->assertCount(3, django_peer::stored_grades($this->peer));
    }

    public function test_a_retry_is_delivered_when_due_by_the_task_the_running_one_queued(): void {
        global $DB;
        $this->grade_students(2);
        // Django fails every grade request for now.
        django_peer::fault($this->peer, ['path' => '/api/grades/', 'method' => 'POST', 'status' => 503, 'times' => -1]);
        set_config('max_retries', 1, 'local_django_sync');

        $output = $this->run_next_task(time());
        $this->assertStringContainsString('2 to retry', $output);
        $due = (int)$DB->get_field_sql('SELECT MIN(nextattempt) FROM {' . grade_outbox::TABLE . '}');
        $this->assertGreaterThan(time(), $due);
        $waiting = \core\task\manager::get_adhoc_tasks(push_grades::class);
        $this->assertCount(1, $waiting, 'the running task queued its successor');
        $this->assertSame($due, (int)reset($waiting)->get_next_run_time());
        $this->assertNull(\core\task\manager::get_next_adhoc_task($due), 'nothing before the retry is due');

        // Django is back; the clock reaches the retry: cron's next task delivers, no safety net needed.
        \mdsync_test_peer_http('DELETE', $this->peer['url'] . '/_test/faults');
        $DB->set_field(grade_outbox::TABLE, 'nextattempt', time(), []);
        $output = $this->run_next_task($due);
        $this->assertStringContainsString('2 delivered', $output);
        $this->assertSame(0, grade_outbox::stats()->pending);
        $this->assertCount(2, django_peer::stored_grades($this->peer));
        $this->assertSame([], \core\task\manager::get_adhoc_tasks(push_grades::class));
    }
}
