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
use local_django_sync\fake_gateway;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/django_peer.php');
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/fake_gateway.php');

/**
 * Tests of the CLI helper behind cli/sync.php, against the real reference Django peer.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\cli_helper
 */
final class cli_helper_test extends \advanced_testcase {
    /** @var array|null */
    protected $peer = null;

    protected function tearDown(): void {
        if ($this->peer !== null) {
            django_peer::kill($this->peer);
            $this->peer = null;
        }
        parent::tearDown();
    }

    /**
     * Runs the helper, returns [exit code, output].
     *
     * @param sync_service $service
     * @param array $options
     * @param array $unrecognised
     * @return array
     */
    protected function run_cli(sync_service $service, array $options, array $unrecognised = []): array {
        $out = fopen('php://memory', 'w+');
        $options += cli_helper::option_definitions()[0];
        $code = (new cli_helper($service, $out))->execute($options, $unrecognised);
        rewind($out);
        return [$code, stream_get_contents($out)];
    }

    /**
     * A peer, or the test is skipped.
     *
     * @param array $opts
     * @return array
     */
    protected function peer(array $opts): array {
        $why = django_peer::skip_reason();
        if ($why !== null) {
            $this->markTestSkipped($why);
        }
        $this->preventResetByRollback();
        profile_fields::ensure();
        return $this->peer = django_peer::start($this, $opts);
    }

    public function test_bad_command_lines_exit_2(): void {
        $this->resetAfterTest();
        $service = new sync_service(new fake_gateway());
        [$code, $out] = $this->run_cli($service, [], ['--token=abc']);
        $this->assertSame(2, $code);
        $this->assertStringContainsString('Unknown option', $out);
        $this->assertSame(2, $this->run_cli($service, ['plan' => true, 'apply' => true])[0]);
        $this->assertSame(2, $this->run_cli($service, ['apply' => true, 'only' => 'up'])[0]);
        [$code, $out] = $this->run_cli($service, ['help' => true]);
        $this->assertSame(0, $code);
        $this->assertStringContainsString('--only', $out);
        $this->assertStringContainsString('130 interrupted', $out);
    }

    public function test_missing_extension_or_settings_exit_2(): void {
        $this->resetAfterTest();
        $gateway = new fake_gateway();
        $gateway->loaded = false;
        [$code, $out] = $this->run_cli(new sync_service($gateway), ['plan' => true]);
        $this->assertSame(2, $code);
        $this->assertStringContainsString('mdsync', $out);
        [$code] = $this->run_cli(new sync_service(new fake_gateway(['django_url' => ''])), ['plan' => true]);
        $this->assertSame(2, $code);
    }

    public function test_plan_as_json_changes_nothing_and_has_one_id_type(): void {
        global $DB;
        $this->resetAfterTest();
        $peer = $this->peer(['users' => 1]);
        $users = $DB->count_records('user');
        [$code, $out] = $this->run_cli(new sync_service(), ['plan' => true, 'json' => true]);
        $this->assertSame(0, $code, $out);
        $json = json_decode($out, true);
        $this->assertSame(1, $json['mdsync']);
        $this->assertSame('plan', $json['command']);
        $this->assertSame(1, $json['counts']['only_in_django']);
        $this->assertSame('2', $json['plan']['only_in_django'][0]['djangoid']);
        $this->assertSame($users, $DB->count_records('user'));
        $this->assertStringNotContainsString($peer['token'], $out);
    }

    public function test_apply_prints_the_engines_report_and_exits_1_when_a_user_failed(): void {
        global $DB;
        $this->resetAfterTest();
        $this->peer(['users' => 1]);
        // Django keeps edeboid in 64 characters: a refusal no plan can see.
        $this->getDataGenerator()->create_user(['username' => 'longid', 'email' => 'longid@example.com',
            'profile_field_edeboid' => str_repeat('E', 70)]);
        [$code, $out] = $this->run_cli(new sync_service(), ['apply' => true, 'only' => 'to-moodle,to-django']);
        $this->assertSame(1, $code, $out);
        $this->assertMatchesRegularExpression('/^ok +create in Moodle +student00001 <student00001@example.edu>: Moodle id \d+/m', $out);
        $this->assertMatchesRegularExpression('/^FAILED +create in Django +longid <longid@example.com>: Django answered HTTP 400 .*'
            . 'edeboid: Ensure this field has no more than 64 characters\./m', $out);
        $this->assertMatchesRegularExpression('/local_django_sync: \d+ done, 1 failed/', $out);
        $this->assertTrue($DB->record_exists('user', ['email' => 'student00001@example.edu']));
        [$code, $out] = $this->run_cli(new sync_service(), ['apply' => true, 'only' => 'to-moodle,to-django', 'json' => true]);
        $json = json_decode($out, true);
        $this->assertSame(1, $code);
        $this->assertSame(['failed' => 1], $json['report']['counts'], 'nothing done twice: only the refused user is left');
    }

    public function test_a_mass_change_is_held_exit_3_and_another_run_going_on_exit_2(): void {
        global $DB;
        $this->resetAfterTest();
        $this->peer(['users' => 3]);
        set_config('hold_create', 2, 'local_django_sync');
        [$code, $out] = $this->run_cli(new sync_service(), ['apply' => true, 'only' => 'to-moodle']);
        $this->assertSame(3, $code, $out);
        $this->assertStringContainsString('it would create 3 users, more than 2', $out);
        $this->assertMatchesRegularExpression('/Run \d+ is held for approval: nothing was changed/', $out);
        $this->assertFalse($DB->record_exists('user', ['username' => 'student00001']));
        // Its progress is on the sync page as a background run's is.
        $run = \local_django_sync\local\run_log::recent(1)[0];
        $this->assertSame('cli', $run->origin);
        $bar = \core\output\stored_progress_bar::get_by_idnumber($run->progressbar);
        $this->assertSame(100.0, (float)$bar->get_percent());
        $this->assertSame('Held for approval', $bar->get_message());

        $active = \local_django_sync\local\run_log::start('page', 'apply', 0, [], 0, 'queued');
        [$code, $out] = $this->run_cli(new sync_service(), ['plan' => true]);
        $this->assertSame(2, $code);
        $this->assertStringContainsString("Run $active (Apply", $out);
        $this->assertStringContainsString('one run at a time', $out);
    }
}
