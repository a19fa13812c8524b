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

use local_django_sync\django_peer;
use local_django_sync\fake_gateway;
use local_django_sync\local\profile_fields;
use local_django_sync\local\sync_service;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/django_peer.php');
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/fake_gateway.php');

/**
 * Tests of the scheduled sync task, against the real reference Django peer.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\task\sync_users
 */
final class sync_users_test extends \advanced_testcase {
    /** @var array|null */
    protected $peer = null;

    protected function tearDown(): void {
        if ($this->peer !== null) {
            django_peer::kill($this->peer);
            $this->peer = null;
        }
        parent::tearDown();
    }

    public function test_task_is_disabled_by_default(): void {
        $this->resetAfterTest();
        $task = \core\task\manager::get_scheduled_task(sync_users::class);
        $this->assertTrue($task->get_disabled());
    }

    public function test_missing_extension_logs_and_returns(): void {
        $this->resetAfterTest();
        $gateway = new fake_gateway();
        $gateway->loaded = false;
        $task = new sync_users();
        $task->set_service(new sync_service($gateway));
        $this->expectOutputRegex('/mdsync PHP extension is not loaded/');
        $task->execute();
    }

    public function test_task_syncs_logs_djangos_reasons_and_throws_when_the_run_fails(): void {
        global $DB;
        $why = django_peer::skip_reason();
        if ($why !== null) {
            $this->markTestSkipped($why);
        }
        $this->resetAfterTest();
        $this->preventResetByRollback();
        profile_fields::ensure();
        $this->peer = django_peer::start($this, ['users' => 1]);
        // Django keeps edeboid in 64 characters: a refusal no plan can see.
        $this->getDataGenerator()->create_user(['username' => 'longid', 'email' => 'longid@example.com',
            'profile_field_edeboid' => str_repeat('E', 70)]);
        $task = new sync_users();
        ob_start();
        $task->execute();
        $out = ob_get_clean();
        $this->assertMatchesRegularExpression('/ok +create in Moodle +student00001 <student00001@example.edu>: Moodle id \d+/', $out);
        $this->assertMatchesRegularExpression('/FAILED +create in Django +longid <longid@example.com>: Django answered HTTP 400 .*'
            . 'edeboid: Ensure this field has no more than 64 characters\./', $out);
        $this->assertMatchesRegularExpression('/applying: (\d+)\/\1 \(create in Django\)/', $out);
        // Counts and the outcome in words; a user to create in Django has no Django id to name yet.
        $this->assertStringContainsString('  Create in Moodle: Done: 1', $out);
        $this->assertMatchesRegularExpression('/  django: Moodle user \d+, longid <longid@example.com>: Django answered HTTP 400/', $out);
        $this->assertStringNotContainsString('Django user ,', $out);
        $this->assertStringContainsString('Sync run finished: Partly failed', $out);
        $this->assertTrue($DB->record_exists('user', ['email' => 'student00001@example.edu']));
        $this->assertSame('task', $DB->get_field('local_django_sync_runs', 'origin', [], IGNORE_MULTIPLE));

        django_peer::kill($this->peer);
        $this->expectException(\moodle_exception::class);
        ob_start();
        try {
            $task->execute();
        } finally {
            ob_end_clean();
        }
    }

    public function test_while_a_run_waits_for_approval_the_task_starts_nothing_new(): void {
        global $DB;
        $this->resetAfterTest();
        $held = \local_django_sync\local\run_log::start('task', 'apply');
        $DB->set_field('local_django_sync_runs', 'status', 'held', ['id' => $held]);
        $task = new sync_users();
        $task->set_service(new sync_service(new fake_gateway()));
        ob_start();
        $task->execute();
        $out = ob_get_clean();
        $this->assertStringContainsString("Run $held waits for approval on the sync page", $out);
        $this->assertSame(1, $DB->count_records('local_django_sync_runs'), 'no new run');
    }
}
