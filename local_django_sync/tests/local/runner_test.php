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

use core\output\stored_progress_bar;
use local_django_sync\django_peer;
use local_django_sync\task\resume_runs;
use local_django_sync\task\run_sync;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/django_peer.php');

/**
 * Runs in the background, with the real extension against the real reference Django peer: queued from the page and
 * carried by the adhoc task in chunks with a stored progress bar; one at a time; resumed after their process died or
 * abandoned; the plan kept as rows; mass changes held, approved (if still current) or rejected; failures and holds
 * told to the alert recipients; suspensions in-process and their undo.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\runner
 * @covers     \local_django_sync\local\run_log
 * @covers     \local_django_sync\local\run_store
 * @covers     \local_django_sync\local\run_guard
 * @covers     \local_django_sync\local\run_progress
 * @covers     \local_django_sync\task\run_sync
 * @covers     \local_django_sync\task\resume_runs
 */
final class runner_test extends \advanced_testcase {
    /** @var array|null the peer of the running test */
    protected $peer = null;

    protected function setUp(): void {
        parent::setUp();
        $why = django_peer::skip_reason();
        if ($why !== null) {
            $this->markTestSkipped($why);
        }
        $this->resetAfterTest();
        $this->preventResetByRollback(); // Runs commit their chunks in transactions.
        profile_fields::ensure();
        $this->setAdminUser();
    }

    protected function tearDown(): void {
        if ($this->peer !== null) {
            django_peer::kill($this->peer);
            $this->peer = null;
        }
        parent::tearDown();
    }

    /**
     * Runs the queued adhoc tasks of the plugin, returns what they printed.
     *
     * @return string
     */
    protected function run_tasks(): string {
        ob_start();
        try {
            $this->runAdhocTasks(run_sync::class);
        } finally {
            $out = ob_get_clean();
        }
        return $out;
    }

    /**
     * Statuses of a run's work items, in order: "status action username".
     *
     * @param int $runid
     * @return string[]
     */
    protected function items(int $runid): array {
        global $DB;
        return array_values(array_map(static fn($r) => trim("{$r->status} {$r->action} {$r->username}"),
            $DB->get_records_select(run_store::TABLE, 'runid = ? AND position IS NOT NULL', [$runid], 'position',
            'id, status, action, username')));
    }

    public function test_a_page_run_is_an_adhoc_task_in_chunks_with_a_stored_progress_bar_and_a_report(): void {
        global $DB, $USER;
        $this->peer = django_peer::start($this, ['users' => 5], ['chunk_size' => 2]);
        $runner = new runner();
        $runid = $runner->queue('apply', (int)$USER->id, ['only' => ['to-moodle']]);

        $run = run_log::get($runid);
        $this->assertSame('queued', $run->status);
        $this->assertSame('page', $run->origin);
        $task = $DB->get_record('task_adhoc', ['id' => $run->taskid], '*', MUST_EXIST);
        $this->assertSame('\\' . run_sync::class, $task->classname);
        $this->assertSame($runid, (int)json_decode($task->customdata)->runid);
        // The bar exists before cron takes the task up, under the name the task's trait gives it.
        $this->assertSame(stored_progress_bar::convert_to_idnumber(run_sync::class . '_' . $run->taskid), $run->progressbar);
        $bar = stored_progress_bar::get_by_idnumber($run->progressbar);
        $this->assertSame(0.0, (float)$bar->get_percent());
        $recordid = $DB->get_field('stored_progress', 'id', ['idnumber' => $run->progressbar]);

        $out = $this->run_tasks();
        $run = run_log::get($runid);
        $this->assertSame('success', $run->status, $run->message);
        $this->assertSame(5, (int)$run->position);
        $this->assertSame(5, (int)$run->total);
        $this->assertSame(3, substr_count($out, 'applying ('), 'three chunks of at most 2: ' . $out);
        $this->assertSame([
            'done create_in_moodle student00001', 'done create_in_moodle student00002', 'done create_in_moodle student00003',
            'done create_in_moodle student00004', 'done create_in_moodle student00005',
        ], $this->items($runid));
        $this->assertSame(5, (int)$run->counts['done']);
        // The task took over the page's bar (same record, which the page polls) and left it at 100%.
        $this->assertEquals($recordid, $DB->get_field('stored_progress', 'id', ['idnumber' => $run->progressbar]));
        $this->assertSame(100.0, (float)stored_progress_bar::get_by_idnumber($run->progressbar)->get_percent());
        // The report as one piece is the engine's report, with the new Moodle ids.
        $report = run_store::report($run);
        $this->assertCount(5, $report->with_status('done'));
        $new = $DB->get_field('user', 'id', ['username' => 'student00003']);
        $this->assertSame((int)$new, $report->entries()[2]['moodle_id']);
        $this->assertSame(['edeboid' => 'EDEBO00003', 'iasid' => 'IAS00003', 'djangoid' => '4'],
            $DB->get_records_sql_menu('SELECT f.shortname, d.data FROM {user_info_data} d
                JOIN {user_info_field} f ON f.id = d.fieldid WHERE d.userid = ? ORDER BY f.id', [$new]));
    }

    public function test_a_plan_run_keeps_its_plan_as_rows_and_only_the_latest_plan_is_kept(): void {
        global $DB, $USER;
        $this->peer = django_peer::start($this, ['users' => 3]);
        $this->getDataGenerator()->create_user(['username' => 'student00001', 'email' => 'student00001@example.edu']);
        $this->getDataGenerator()->create_user(['username' => 'ann', 'email' => 'ann@example.com']);
        $runner = new runner();
        $first = $runner->queue('plan', (int)$USER->id);
        $this->run_tasks();
        $run = run_log::latest_plan();
        $this->assertSame($first, (int)$run->id);
        // The site admin is out of scope (and listed as such); ann is only in Moodle.
        $this->assertEquals(['only_in_django' => 2, 'only_in_moodle' => 1, 'moodle_updates' => 1, 'excluded' => 1],
            array_intersect_key($run->plan['categories'], array_flip(['only_in_django', 'only_in_moodle', 'moodle_updates',
            'excluded'])));
        $this->assertSame(2, $DB->count_records(run_store::TABLE, ['runid' => $first, 'category' => 'only_in_django']));
        $row = $DB->get_record(run_store::TABLE, ['runid' => $first, 'category' => 'moodle_updates']);
        $this->assertSame('student00001', $row->username, 'names of users the plan gives by id are stored for the page');
        $this->assertSame(0, $DB->count_records('user', ['username' => 'student00002']), 'a plan changes nothing');

        $second = $runner->queue('plan', (int)$USER->id);
        $this->run_tasks();
        $this->assertSame($second, (int)run_log::latest_plan()->id);
        $this->assertSame(0, $DB->count_records(run_store::TABLE, ['runid' => $first]), 'the older plan\'s rows are gone');
        $this->assertGreaterThan(0, $DB->count_records(run_store::TABLE, ['runid' => $second]));
    }

    public function test_one_run_at_a_time_with_a_message_naming_the_run_going_on(): void {
        global $USER;
        $this->peer = django_peer::start($this, ['users' => 1]);
        $runner = new runner();
        $runid = $runner->queue('apply', (int)$USER->id, ['only' => ['to-moodle']]);
        try {
            $runner->queue('plan', (int)$USER->id);
            $this->fail('a second run started');
        } catch (run_busy $e) {
            $this->assertSame($runid, (int)$e->run->id);
            $this->assertStringContainsString("Run $runid (Apply, started by " . fullname($USER), $e->getMessage());
            $this->assertStringContainsString('one run at a time', $e->getMessage());
        }
        // The command line and the scheduled task are refused the same way.
        $this->expectException(run_busy::class);
        (new sync_service())->run('cli', true);
    }

    public function test_a_run_whose_process_died_resumes_from_its_last_chunk(): void {
        global $DB, $USER;
        $this->peer = django_peer::start($this, ['users' => 5], ['chunk_size' => 2]);
        $service = new sync_service();
        $runid = run_log::start('cli', 'apply', 0, ['only' => ['to-moodle']]);
        // The process "dies" right after its first chunk was committed (an exception nothing catches).
        try {
            (new runner($service))->execute($runid, null, null, null, function () {
                throw new \RuntimeException('the process died');
            });
            $this->fail('the process did not die');
        } catch (\RuntimeException $e) {
            $this->assertSame('the process died', $e->getMessage());
        }
        $run = run_log::get($runid);
        $this->assertSame('running', $run->status, 'not finished, and not marked finished');
        $this->assertSame(2, (int)$run->position);
        $this->assertSame(['done create_in_moodle student00001', 'done create_in_moodle student00002',
            'create_in_moodle student00003', 'create_in_moodle student00004', 'create_in_moodle student00005'],
            $this->items($runid));
        // The chunk in flight had made student00003 before the process died.
        $made = $this->getDataGenerator()->create_user(['username' => 'student00003', 'email' => 'student00003@example.edu',
            'profile_field_djangoid' => '4']);

        ob_start();
        (new resume_runs())->execute();
        $out = ob_get_clean();
        $this->assertStringContainsString("Run $runid: its process is gone: resumed in a new task.", $out);
        $run = run_log::get($runid);
        $this->assertNotEmpty($run->taskid, 'a new adhoc task carries it');
        $this->assertStringContainsString('resumed from change 2', $run->message);

        $this->run_tasks();
        $run = run_log::get($runid);
        $this->assertSame('success', $run->status, $run->message);
        $this->assertSame(2, (int)$run->attempts);
        $this->assertSame(['done create_in_moodle student00001', 'done create_in_moodle student00002',
            'exists create_in_moodle student00003', 'done create_in_moodle student00004', 'done create_in_moodle student00005'],
            $this->items($runid));
        $this->assertSame((int)$made->id, (int)$DB->get_field(run_store::TABLE, 'moodleid', ['runid' => $runid,
            'position' => 2]));
        foreach (['student00001', 'student00002', 'student00003'] as $username) {
            $this->assertSame(1, $DB->count_records('user', ['username' => $username]), "$username made once");
        }
    }

    public function test_a_run_whose_process_keeps_dying_is_abandoned_with_what_it_did_and_someone_is_told(): void {
        global $DB;
        $this->peer = django_peer::start($this, ['users' => 5], ['chunk_size' => 2]);
        $runid = run_log::start('task', 'apply', 0, ['only' => ['to-moodle']]);
        try {
            (new runner())->execute($runid, null, null, null, function () {
                throw new \RuntimeException('the process died');
            });
        } catch (\RuntimeException $e) {
            $this->assertSame('the process died', $e->getMessage());
        }
        run_log::update($runid, ['attempts' => runner::MAX_ATTEMPTS]);
        $sink = $this->redirectMessages();
        ob_start();
        (new resume_runs())->execute();
        $out = ob_get_clean();
        $this->assertStringContainsString("Run $runid: its process is gone and it was taken up too often: abandoned.", $out);
        $run = run_log::get($runid);
        $this->assertSame('abandoned', $run->status);
        $this->assertNotEmpty($run->timefinished);
        $this->assertStringContainsString('2 of 5 changes were done', $run->message);
        $this->assertSame(2, (int)$run->counts['done']);
        $this->assertSame(3, (int)$run->counts['not_done']);
        $this->assertSame('not done: the run was abandoned before it', $DB->get_field(run_store::TABLE, 'message',
            ['runid' => $runid, 'position' => 4]));
        $messages = $sink->get_messages();
        $this->assertCount(1, $messages);
        $this->assertSame('syncfailed', $messages[0]->eventtype);
        $this->assertStringContainsString("run $runid", $messages[0]->fullmessage);
    }

    public function test_a_run_waiting_for_cron_or_held_by_a_live_process_is_left_alone(): void {
        global $CFG, $DB, $USER;
        $this->peer = django_peer::start($this, ['users' => 1]);
        $runner = new runner();
        $runid = $runner->queue('apply', (int)$USER->id, ['only' => ['to-moodle']]);
        $this->assertSame([], (new run_recovery($runner))->recover(), 'its task waits for cron');
        if ($DB->get_dbfamily() !== 'postgres') {
            return;
        }
        // A process that took the run up holds its lock: from another connection, as another process would.
        run_log::update($runid, ['status' => 'running', 'attempts' => 1]);
        $DB->delete_records('task_adhoc', ['id' => run_log::get($runid)->taskid]);
        $other = \moodle_database::get_driver_instance($CFG->dbtype, $CFG->dblibrary);
        $other->connect($CFG->dbhost, $CFG->dbuser, $CFG->dbpass, $CFG->dbname, $CFG->prefix, $CFG->dboptions);
        $saved = $DB;
        $DB = $other;
        try {
            $lock = \core\lock\lock_config::get_lock_factory(run_log::LOCK_TYPE)->get_lock('run_' . $runid, 0);
        } finally {
            $DB = $saved;
        }
        $this->assertNotFalse($lock);
        try {
            $this->assertSame([], (new run_recovery($runner))->recover(), 'its process is alive');
            $this->assertSame('running', run_log::get($runid)->status);
        } finally {
            $DB = $other;
            $lock->release();
            $DB = $saved;
            $other->dispose();
        }
        $this->assertSame([$runid => 'resumed'], (new run_recovery($runner))->recover(), 'now its process is gone');
    }

    public function test_a_mass_change_is_held_the_admins_are_told_and_approval_applies_it(): void {
        global $DB, $USER;
        $this->peer = django_peer::start($this, ['users' => 4], ['hold_create' => 3]);
        $sink = $this->redirectMessages();
        $runner = new runner();
        $runid = $runner->queue('apply', (int)$USER->id, ['only' => ['to-moodle']]);
        $this->run_tasks();
        $run = run_log::get($runid);
        $this->assertSame(run_log::HELD, $run->status);
        $this->assertSame('it would create 4 users, more than 3', $run->message);
        $this->assertSame(0, $DB->count_records_select('user', "username LIKE 'student%'"), 'nothing done while held');
        $this->assertNull(run_log::active(), 'a held run does not block others');
        $messages = $sink->get_messages();
        $this->assertCount(1, $messages);
        $this->assertSame('runheld', $messages[0]->eventtype);
        $this->assertStringContainsString('create: 4', $messages[0]->fullmessage);
        $this->assertStringContainsString('it would create 4 users, more than 3', $messages[0]->fullmessage);
        $sink->clear();

        $runner->approve($runid, (int)$USER->id);
        $run = run_log::get($runid);
        $this->assertSame('queued', $run->status);
        $this->assertSame((int)$USER->id, (int)$run->decidedby);
        $this->run_tasks();
        $run = run_log::get($runid);
        $this->assertSame('success', $run->status, $run->message);
        $this->assertSame(4, $DB->count_records_select('user', "username LIKE 'student%'"));
        $this->assertStringContainsString('Approved by ' . fullname($USER), $run->message);
        $this->assertSame([], $sink->get_messages(), 'an approved run is not held again');
    }

    public function test_approval_applies_exactly_the_held_plan_or_asks_to_plan_again(): void {
        global $DB, $USER;
        $this->peer = django_peer::start($this, ['users' => 3], ['hold_create' => 2]);
        $runner = new runner();
        // Held, then Django gains a user: the held changes are all still current; only they are applied.
        $first = $runner->queue('apply', (int)$USER->id, ['only' => ['to-moodle']]);
        $this->run_tasks();
        $this->assertSame(run_log::HELD, run_log::get($first)->status);
        \mdsync_test_peer_manage($this->peer, 'seed_users', '--count', '1', '--start', '4');
        $runner->approve($first, (int)$USER->id);
        $this->run_tasks();
        $run = run_log::get($first);
        $this->assertSame('success', $run->status, $run->message);
        $this->assertStringContainsString('1 changes appeared after the run was held', $run->message);
        $this->assertSame(3, $DB->count_records_select('user', "username LIKE 'student%'"));
        $this->assertFalse($DB->record_exists('user', ['username' => 'student00004']), 'not part of the held plan');

        // Held, then a held user changes in Django: the plan is stale and nothing is applied.
        \mdsync_test_peer_manage($this->peer, 'seed_users', '--count', '2', '--start', '5');
        $second = $runner->queue('apply', (int)$USER->id, ['only' => ['to-moodle']]);
        $this->run_tasks();
        $this->assertSame(run_log::HELD, run_log::get($second)->status);
        \mdsync_test_peer_manage($this->peer, 'shell', '-c', 'from django.contrib.auth.models import User; '
            . 'User.objects.filter(username="student00005").update(first_name="Changed")');
        $runner->approve($second, (int)$USER->id);
        $this->run_tasks();
        $run = run_log::get($second);
        $this->assertSame('stale', $run->status);
        $this->assertStringContainsString('1 of its 3 changes are no longer what a new plan would do', $run->message);
        $this->assertFalse($DB->record_exists('user', ['username' => 'student00004']));

        // Rejected: nothing of it is done, and it cannot be approved any more.
        $third = $runner->queue('apply', (int)$USER->id, ['only' => ['to-moodle']]);
        $this->run_tasks();
        $runner->reject($third, (int)$USER->id);
        $run = run_log::get($third);
        $this->assertSame('rejected', $run->status);
        $this->assertStringContainsString('Rejected by ' . fullname($USER), $run->message);
        $this->expectException(\moodle_exception::class);
        $runner->approve($third, (int)$USER->id);
    }

    public function test_a_failed_run_tells_the_alert_recipients(): void {
        global $USER;
        $this->peer = django_peer::start($this, ['users' => 1]);
        django_peer::kill($this->peer);
        $this->peer = null;
        set_config('max_retries', 0, 'local_django_sync');
        $sink = $this->redirectMessages();
        $runid = (new runner())->queue('plan', (int)$USER->id);
        $this->run_tasks();
        $run = run_log::get($runid);
        $this->assertSame('failed', $run->status);
        $this->assertStringContainsString('Mdsync\\', $run->message);
        $messages = $sink->get_messages();
        $this->assertCount(1, $messages);
        $this->assertSame('syncfailed', $messages[0]->eventtype);
        $this->assertSame((int)get_admin()->id, (int)$messages[0]->useridto);
        $this->assertStringContainsString('/local/django_sync/runs.php?id=' . $runid, $messages[0]->fullmessage);
        $bar = stored_progress_bar::get_by_idnumber($run->progressbar);
        $this->assertTrue($bar->get_haserrored(), 'the page\'s bar shows the failure');
    }

    public function test_suspensions_in_process_write_suspendedat_and_the_last_runs_can_be_undone(): void {
        global $DB, $USER;
        // Django: student00001 active, student00002 and student00003 inactive; Moodle: all three linked.
        $this->peer = django_peer::start($this, ['load' => [
            ['username' => 's1', 'email' => 's1@example.edu', 'first_name' => 'S', 'last_name' => 'One'],
            ['username' => 's2', 'email' => 's2@example.edu', 'first_name' => 'S', 'last_name' => 'Two', 'is_active' => false],
            ['username' => 's3', 'email' => 's3@example.edu', 'first_name' => 'S', 'last_name' => 'Three', 'is_active' => false],
        ]], ['suspend' => 1, 'suspend_max_percent' => 100, 'hold_suspend' => 0, 'hold_percent' => 0]);
        $ids = [];
        foreach (django_peer::users($this->peer) as $username => [$did]) {
            $ids[$username] = (int)$this->getDataGenerator()->create_user(['username' => $username,
                'email' => "$username@example.edu", 'profile_field_djangoid' => $did])->id;
        }
        $DB->set_field('user', 'email', 'admin@example.org', ['id' => get_admin()->id]);
        $runner = new runner();
        $before = time();
        $runid = $runner->queue('apply', (int)$USER->id, ['only' => ['suspend']]);
        $this->run_tasks();
        $run = run_log::get($runid);
        $this->assertSame('success', $run->status, $run->message);
        $this->assertSame(['done suspend s2', 'done suspend s3'], $this->items($runid));
        $fieldid = $DB->get_field('user_info_field', 'id', ['shortname' => 'suspendedat']);
        foreach (['s2', 's3'] as $username) {
            $this->assertSame('1', $DB->get_field('user', 'suspended', ['id' => $ids[$username]]));
            $at = (int)$DB->get_field('user_info_data', 'data', ['userid' => $ids[$username], 'fieldid' => $fieldid]);
            $this->assertGreaterThanOrEqual($before, $at, 'suspendedat holds the time, as bin/mdsync writes it');
        }
        $this->assertSame('0', $DB->get_field('user', 'suspended', ['id' => $ids['s1']]));

        // The undo: one action revives exactly the users that run suspended (one revived by hand is left alone).
        $this->assertSame($runid, (int)run_log::last_suspensions()->id);
        $DB->set_field('user', 'suspended', 0, ['id' => $ids['s3']]);
        $undo = $runner->undo($runid, (int)$USER->id);
        $this->run_tasks();
        $run = run_log::get($undo);
        $this->assertSame('success', $run->status, $run->message);
        $this->assertSame($runid, (int)$run->parentid);
        $this->assertSame(['done revive s2', 'skipped revive s3'], $this->items($undo));
        $this->assertSame('0', $DB->get_field('user', 'suspended', ['id' => $ids['s2']]));
        $this->assertSame('', $DB->get_field('user_info_data', 'data', ['userid' => $ids['s2'], 'fieldid' => $fieldid]));
        $this->assertNull(run_log::last_suspensions(), 'undone once');
        $this->expectException(\moodle_exception::class);
        $runner->undo($runid, (int)$USER->id);
    }

    public function test_the_bar_counts_the_pages_django_sends(): void {
        global $USER;
        $this->peer = django_peer::start($this, ['users' => 5], ['page_size' => 2]);
        $runid = run_log::start('cli', 'plan', (int)$USER->id);
        $bar = new class(stored_progress_bar::convert_to_idnumber(self::class)) extends stored_progress_bar {
            /** @var string[] what the bar said, in order */
            public $said = [];

            protected function update_raw($percent, $msg): void {
                $this->said[] = $msg;
                parent::update_raw($percent, $msg);
            }
        };
        $bar->create();
        $bar->start();
        $run = (new runner())->execute($runid, $bar);
        $this->assertSame('success', $run->status, $run->message);
        // Page one tells how many there are (5 users, 2 a page); the phase ends on its last page, shown.
        $pages = array_values(preg_grep('/^Asking Django for its users: page/', $bar->said));
        $this->assertSame('Asking Django for its users: page 0 of 3', $pages[0], implode(' | ', $bar->said));
        $this->assertSame('Asking Django for its users: page 3 of 3', end($pages), implode(' | ', $bar->said));
    }
}
