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

use local_django_sync\fake_gateway;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/fake_gateway.php');

/**
 * Tests of the outbox drain: delivered, retry, rejected, backoff, out of attempts, the lock, order per cell.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\grade_delivery
 * @covers     \local_django_sync\task\push_grades
 * @covers     \local_django_sync\task\push_grades_safety_net
 */
final class grade_delivery_test extends \advanced_testcase {
    /**
     * Puts a row in the outbox as the observer would.
     *
     * @param int $userid
     * @param int $itemid
     * @param float|null $finalgrade
     * @param int $time
     * @return string its idempotency key
     */
    protected function add_row(int $userid, int $itemid, ?float $finalgrade, int $time = 1764000000): string {
        $key = "grade:$userid$itemid:$time:" . ($finalgrade === null ? 'null' : sprintf('%.5F', $finalgrade));
        grade_outbox::insert_if_absent(['userid' => $userid, 'djangoid' => (string)(100 + $userid),
            'email' => "u$userid@example.com",
            'courseid' => 2, 'courseshortname' => 'C', 'courseidnumber' => null, 'itemid' => $itemid, 'itemtype' => 'manual',
            'itemmodule' => null, 'itemname' => 'Item', 'grademax' => 100.0, 'finalgrade' => $finalgrade,
            'timemodified' => $time, 'gradeid' => (int)"$userid$itemid", 'idempotency_key' => $key]);
        return $key;
    }

    /**
     * Rows by key, delivered ones left out (they stay a few days as history).
     *
     * @return \stdClass[]
     */
    protected function rows(): array {
        global $DB;
        $rows = [];
        foreach ($DB->get_records_select(grade_outbox::TABLE, 'state <> ?', [grade_outbox::DELIVERED], 'id') as $row) {
            $rows[$row->idempotencykey] = $row;
        }
        return $rows;
    }

    public function test_delivered_rows_leave_the_queue_with_their_keys_sent_and_stay_as_history(): void {
        global $DB;
        $this->resetAfterTest();
        $keys = [$this->add_row(1, 1, 10), $this->add_row(2, 1, 20), $this->add_row(3, 1, null)];
        $gateway = new fake_gateway();
        $result = (new grade_delivery($gateway))->drain();
        $this->assertTrue($result->locked);
        $this->assertSame(3, $result->delivered);
        $this->assertSame(0, $result->remaining);
        $this->assertSame([], $this->rows());
        $this->assertSame($keys, array_column($gateway->pushed(), 'idempotency_key'));
        $this->assertSame([10.0, 20.0, null], array_column($gateway->pushed(), 'finalgrade'));

        // History: delivered, with the status Django answered; a second drain sends nothing again.
        $delivered = $DB->get_records(grade_outbox::TABLE, ['state' => grade_outbox::DELIVERED], 'id');
        $this->assertSame($keys, array_values(array_column($delivered, 'idempotencykey')));
        $this->assertEquals([201, 201, 201], array_values(array_column($delivered, 'lasthttpstatus')));
        $this->assertEquals([1, 1, 1], array_values(array_column($delivered, 'attempts')));
        $this->assertSame(3, grade_outbox::stats()->delivered);
        $gateway->pushcalls = [];
        (new grade_delivery($gateway))->drain();
        $this->assertSame([], $gateway->pushcalls);

        // The same change seen again while its history is kept is still one row, not a second delivery.
        $this->add_row(1, 1, 10);
        $this->assertSame(3, $DB->count_records(grade_outbox::TABLE));
    }

    public function test_delivered_history_is_kept_the_configured_days_then_cleaned(): void {
        global $DB;
        $this->resetAfterTest();
        $this->add_row(1, 1, 10);
        $this->add_row(2, 1, 20);
        $failed = $this->add_row(3, 1, 30);
        $pending = $this->add_row(4, 1, 40);
        (new grade_delivery(new fake_gateway()))->drain();
        $DB->set_field(grade_outbox::TABLE, 'state', grade_outbox::FAILED, ['idempotencykey' => $failed]);
        $DB->set_field(grade_outbox::TABLE, 'state', grade_outbox::PENDING, ['idempotencykey' => $pending]);
        $DB->set_field(grade_outbox::TABLE, 'timemodified', time() - 10 * DAYSECS, []);
        $DB->set_field(grade_outbox::TABLE, 'timemodified', time() - 2 * DAYSECS, ['userid' => 2]);

        $this->assertSame(grade_outbox::DEFAULT_KEEP_DAYS, grade_outbox::keep_days());
        set_config('grades_keep_days', 0, 'local_django_sync');
        $this->assertSame(1, grade_outbox::keep_days(), 'at least a day');
        set_config('grades_keep_days', 3, 'local_django_sync');

        $task = new \local_django_sync\task\cleanup_grades();
        $this->expectOutputRegex('/Deleted 1 delivered grade changes older than 3 days/');
        $task->execute();
        $left = $DB->get_records_menu(grade_outbox::TABLE, null, 'userid', 'userid, state');
        $this->assertSame(
            [2 => grade_outbox::DELIVERED, 3 => grade_outbox::FAILED, 4 => grade_outbox::PENDING],
            $left,
            'only delivered rows past the history are deleted; failed and pending rows never are'
        );
    }

    public function test_retry_backs_off_and_rejected_fails_at_once(): void {
        $this->resetAfterTest();
        $ok = $this->add_row(1, 1, 10);
        $later = $this->add_row(2, 1, 20);
        $slow = $this->add_row(3, 1, 30);
        $bad = $this->add_row(4, 1, 40);
        $gateway = new fake_gateway();
        $gateway->gradeanswer = function (array $grade) use ($later, $slow, $bad): array {
            switch ($grade['idempotency_key']) {
                case $later:
                    return ['status' => 'retry', 'http_status' => 503, 'retry_after' => 0, 'message' => 'unavailable'];
                case $slow:
                    return ['status' => 'retry', 'http_status' => 429, 'retry_after' => 900, 'message' => 'slow down'];
                case $bad:
                    return ['status' => 'rejected', 'http_status' => 400, 'message' => 'bad request',
                        'answer' => ['finalgrade' => ['a number or null is required']]];
            }
            return ['status' => 'delivered', 'http_status' => 201];
        };
        $before = time();
        $result = (new grade_delivery($gateway))->drain();
        $this->assertSame([1, 2, 1, 0], [$result->delivered, $result->retry, $result->rejected, $result->failed]);
        $rows = $this->rows();
        $this->assertArrayNotHasKey($ok, $rows);
        $this->assertSame(grade_outbox::PENDING, $rows[$later]->state);
        $this->assertEquals(1, $rows[$later]->attempts);
        $this->assertGreaterThanOrEqual($before + 60, (int)$rows[$later]->nextattempt);
        $this->assertLessThanOrEqual(time() + 60, (int)$rows[$later]->nextattempt);
        $this->assertSame('HTTP 503: unavailable', $rows[$later]->lasterror);
        $this->assertGreaterThanOrEqual($before + 900, (int)$rows[$slow]->nextattempt, 'Retry-After is honoured');
        $this->assertSame(grade_outbox::FAILED, $rows[$bad]->state);
        $this->assertEquals(400, $rows[$bad]->lasthttpstatus);
        $this->assertStringContainsString('a number or null is required', $rows[$bad]->lasterror);

        // Not due yet: a second drain sends nothing.
        $gateway->pushcalls = [];
        (new grade_delivery($gateway))->drain();
        $this->assertSame([], $gateway->pushcalls);
    }

    public function test_backoff_doubles_up_to_an_hour(): void {
        $this->assertSame(60, grade_delivery::backoff(1));
        $this->assertSame(120, grade_delivery::backoff(2));
        $this->assertSame(1920, grade_delivery::backoff(6));
        $this->assertSame(3600, grade_delivery::backoff(7));
        $this->assertSame(3600, grade_delivery::backoff(500));
        $this->assertSame(7200, grade_delivery::backoff(1, 7200));
    }

    public function test_rows_fail_after_max_attempts_and_stay_visible(): void {
        global $DB;
        $this->resetAfterTest();
        $key = $this->add_row(1, 1, 10);
        $gateway = new fake_gateway(['grades_max_attempts' => 3]);
        $gateway->gradeanswer = fn() => ['status' => 'retry', 'http_status' => 0, 'retry_after' => 60,
            'message' => 'Connection refused'];
        $delivery = new grade_delivery($gateway);
        for ($i = 1; $i <= 3; $i++) {
            $DB->set_field(grade_outbox::TABLE, 'nextattempt', 0, []);
            $result = $delivery->drain();
        }
        $this->assertSame(1, $result->failed);
        $row = $this->rows()[$key];
        $this->assertSame(grade_outbox::FAILED, $row->state);
        $this->assertEquals(3, $row->attempts);
        $this->assertSame('Connection refused', $row->lasterror);
        $this->assertCount(3, $gateway->pushcalls);
        $DB->set_field(grade_outbox::TABLE, 'nextattempt', 0, []);
        $delivery->drain();
        $this->assertCount(3, $gateway->pushcalls, 'a failed row is not sent again by itself');

        // The administrator retries it; Django is back.
        grade_outbox::retry(null);
        $gateway->gradeanswer = null;
        $delivery->drain();
        $this->assertSame([], $this->rows());
    }

    public function test_rows_of_one_cell_go_in_order_and_django_back_brings_retries_forward(): void {
        global $DB;
        $this->resetAfterTest();
        $first = $this->add_row(1, 1, 10, 1764000000);
        $second = $this->add_row(1, 1, 11, 1764000001);
        $other = $this->add_row(2, 1, 5);
        $gateway = new fake_gateway(['grades_batch_size' => 100]);
        $down = true;
        $gateway->gradeanswer = function () use (&$down): array {
            return $down ? ['status' => 'retry', 'http_status' => 0, 'retry_after' => 60, 'message' => 'down']
                : ['status' => 'delivered', 'http_status' => 201];
        };
        $delivery = new grade_delivery($gateway);
        $delivery->drain();
        $this->assertSame(
            [$first, $other],
            array_column($gateway->pushed(), 'idempotency_key'),
            'the newer row of a cell waits behind the older one'
        );
        $this->assertCount(3, $this->rows());

        // Django is back; a new grade arrives and is delivered; the rows in backoff are brought forward.
        $down = false;
        $gateway->pushcalls = [];
        $new = $this->add_row(3, 1, 7);
        $delivery->drain();
        $this->assertSame([$new], array_column($gateway->pushed(), 'idempotency_key'));
        $this->assertSame(0, $DB->count_records_select(grade_outbox::TABLE, 'nextattempt > ?', [time()]));
        $gateway->pushcalls = [];
        $delivery->drain();
        $this->assertSame([$first, $other, $second], array_column($gateway->pushed(), 'idempotency_key'));
        $this->assertSame([], $this->rows());
    }

    public function test_batches_and_djangoid_filled_since_recording(): void {
        global $DB;
        $this->resetAfterTest();
        for ($i = 1; $i <= 5; $i++) {
            $this->add_row($i, 9, $i);
        }
        $user = $this->getDataGenerator()->create_user(['profile_field_djangoid' => '555']);
        $payload = json_decode($DB->get_field(grade_outbox::TABLE, 'payload', ['userid' => 1]), true);
        $payload['djangoid'] = null;
        $payload['userid'] = (int)$user->id;
        $DB->set_field(grade_outbox::TABLE, 'payload', json_encode($payload), ['userid' => 1]);
        $DB->set_field(grade_outbox::TABLE, 'userid', $user->id, ['userid' => 1]);
        grade_outbox::reset_caches();
        $gateway = new fake_gateway(['grades_batch_size' => 2]);
        $result = (new grade_delivery($gateway))->drain();
        $this->assertSame(3, $result->batches);
        $this->assertSame([2, 2, 1], array_map('count', $gateway->pushcalls));
        $this->assertSame('555', $gateway->pushed()[0]['djangoid']);
    }

    public function test_no_djangoid_waits_when_the_url_needs_it(): void {
        global $DB;
        $this->resetAfterTest();
        $user = $this->getDataGenerator()->create_user();
        $key = $this->add_row((int)$user->id, 1, 10);
        $payload = json_decode($DB->get_field(grade_outbox::TABLE, 'payload', ['idempotencykey' => $key]), true);
        $payload['djangoid'] = null;
        $DB->set_field(grade_outbox::TABLE, 'payload', json_encode($payload), ['idempotencykey' => $key]);
        $gateway = new fake_gateway(['grades_url_template' => '/api/gradebook/cell/{djangoid}/{itemid}/',
            'grades_method' => 'PATCH']);
        (new grade_delivery($gateway))->drain();
        $this->assertSame([], $gateway->pushcalls);
        $row = $this->rows()[$key];
        $this->assertSame(grade_outbox::PENDING, $row->state);
        $this->assertEquals(0, $row->attempts);
        $this->assertSame(get_string('error_nodjangoid', 'local_django_sync'), $row->lasterror);
    }

    public function test_a_second_drain_while_one_runs_sends_nothing(): void {
        global $CFG;
        $this->resetAfterTest();
        // A lock factory that refuses a second holder even in the same process, like a second cron node.
        $CFG->lock_factory = '\core\lock\db_record_lock_factory';
        for ($i = 1; $i <= 4; $i++) {
            $this->add_row($i, 1, $i);
        }
        $gateway = new fake_gateway();
        $inner = null;
        $first = new grade_delivery($gateway);
        $first->beforesend = function () use ($gateway, &$inner): void {
            if ($inner === null) {
                // Another node starts draining while this one is about to send.
                $inner = (new grade_delivery($gateway))->drain(0);
            }
        };
        $result = $first->drain(0);
        $this->assertFalse($inner->locked);
        $this->assertSame(0, $inner->sent);
        $this->assertSame(4, $result->delivered);
        $keys = array_column($gateway->pushed(), 'idempotency_key');
        $this->assertCount(4, $keys);
        $this->assertSame($keys, array_unique($keys), 'each row sent once');

        // Held by "another node": this drain gives up and sends nothing; released, the next one proceeds.
        $this->add_row(9, 1, 9);
        $lock = \core\lock\lock_config::get_lock_factory('local_django_sync')->get_lock(grade_delivery::LOCK, 0);
        $this->assertNotFalse($lock);
        $this->assertFalse((new grade_delivery($gateway))->drain(0)->locked);
        $lock->release();
        $this->assertSame(1, (new grade_delivery($gateway))->drain(0)->delivered);
    }

    public function test_a_running_delivery_task_queues_the_next_one_at_the_earliest_due_row(): void {
        global $DB;
        $this->resetAfterTest();
        $this->add_row(1, 1, 10);
        $this->add_row(2, 1, 20);
        $DB->set_field(grade_outbox::TABLE, 'nextattempt', time() + 7200, ['userid' => 2]);
        grade_outbox::queue_delivery();

        // Cron picks the task up: from now on it is running (timestarted set, still in task_adhoc).
        $running = \core\task\manager::get_next_adhoc_task(time() + 1);
        $this->assertInstanceOf(\local_django_sync\task\push_grades::class, $running);
        \core\task\manager::adhoc_task_starting($running);
        // Moodle's de-duplication matches the running task itself: this is what kept retries waiting for the
        // safety net (TOOLCHAIN: queue_adhoc_task($task, true)).
        $this->assertFalse(\core\task\manager::queue_adhoc_task(new \local_django_sync\task\push_grades(), true));

        $gateway = new fake_gateway();
        $gateway->gradeanswer = fn() => ['status' => 'retry', 'http_status' => 503, 'retry_after' => 0,
            'message' => 'unavailable'];
        $running->set_delivery(new grade_delivery($gateway));
        ob_start();
        $running->execute();
        $log = ob_get_clean();
        $due = (int)$DB->get_field(grade_outbox::TABLE, 'nextattempt', ['userid' => 1]);
        $this->assertGreaterThanOrEqual(time() + 59, $due);
        $this->assertStringContainsString('Delivery queued again', $log);

        // While it still runs, the next task waits in the queue for the earliest due row (not the 2-hour one).
        $waiting = \core\task\manager::get_adhoc_tasks(\local_django_sync\task\push_grades::class, false, true);
        $this->assertCount(1, $waiting);
        $this->assertSame($due, (int)reset($waiting)->get_next_run_time());
        \core\task\manager::adhoc_task_complete($running);

        // Cron gives it out when the row is due, not before.
        $this->assertNull(\core\task\manager::get_next_adhoc_task($due));
        $next = \core\task\manager::get_next_adhoc_task($due + 1);
        $this->assertInstanceOf(\local_django_sync\task\push_grades::class, $next);
        \core\task\manager::adhoc_task_complete($next);

        // One waiting task is enough: asking again for that time or later queues nothing; earlier queues one.
        $this->assertTrue(grade_outbox::schedule_delivery($due));
        $this->assertFalse(grade_outbox::schedule_delivery($due));
        $this->assertFalse(grade_outbox::schedule_delivery($due + 600));
        $this->assertTrue(grade_outbox::schedule_delivery(time()));
        $this->assertCount(2, \core\task\manager::get_adhoc_tasks(\local_django_sync\task\push_grades::class));
    }

    public function test_tasks_drain_log_and_requeue_retries(): void {
        $this->resetAfterTest();
        $this->add_row(1, 1, 10);
        $gateway = new fake_gateway();
        $gateway->gradeanswer = fn() => ['status' => 'retry', 'http_status' => 503, 'retry_after' => 0, 'message' => 'x'];
        $task = new \local_django_sync\task\push_grades();
        $task->set_delivery(new grade_delivery($gateway));
        $this->expectOutputRegex('/1 sent in 1 batches, 0 delivered, 1 to retry.*1 pending/');
        $task->execute();
        $retries = \core\task\manager::get_adhoc_tasks(\local_django_sync\task\push_grades::class);
        $this->assertCount(1, $retries);
        $this->assertGreaterThan(time() + 30, reset($retries)->get_next_run_time());

        $gateway->canpush = false;
        $safety = new \local_django_sync\task\push_grades_safety_net();
        $safety->set_delivery(new grade_delivery($gateway));
        $safety->execute();
        $this->assertCount(1, $gateway->pushcalls, 'without mdsync_push_grades nothing is sent, nothing is lost');
        $this->assertCount(1, $this->rows());
    }
}
