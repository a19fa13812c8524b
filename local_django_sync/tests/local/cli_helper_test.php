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
 * Tests of the CLI helper behind cli/sync.php.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\cli_helper
 */
final class cli_helper_test extends \advanced_testcase {
    /**
     * Runs the helper, returns [exit code, output].
     *
     * @param fake_gateway $gateway
     * @param array $options
     * @param array $unrecognised
     * @return array
     */
    protected function run_cli(fake_gateway $gateway, array $options, array $unrecognised = []): array {
        $out = fopen('php://memory', 'w+');
        $options += cli_helper::option_definitions()[0];
        $code = (new cli_helper(new sync_runner($gateway), $out))->execute($options, $unrecognised);
        rewind($out);
        return [$code, stream_get_contents($out)];
    }

    public function test_bad_command_lines(): void {
        $this->resetAfterTest();
        [$code, $out] = $this->run_cli(new fake_gateway(), [], ['--token=abc']);
        $this->assertSame(cli_helper::EXIT_USAGE, $code);
        $this->assertStringContainsString('Unknown option', $out);
        $this->assertSame(cli_helper::EXIT_USAGE, $this->run_cli(new fake_gateway(), ['plan' => true, 'apply' => true])[0]);
        $this->assertSame(cli_helper::EXIT_USAGE, $this->run_cli(new fake_gateway(), ['apply' => true, 'only' => 'up'])[0]);
        [$code, $out] = $this->run_cli(new fake_gateway(), ['help' => true]);
        $this->assertSame(cli_helper::EXIT_OK, $code);
        $this->assertStringContainsString('--only', $out);
    }

    public function test_missing_extension_or_settings_exit_2(): void {
        $this->resetAfterTest();
        $gateway = new fake_gateway();
        $gateway->loaded = false;
        [$code, $out] = $this->run_cli($gateway, ['plan' => true]);
        $this->assertSame(cli_helper::EXIT_UNAVAILABLE, $code);
        $this->assertStringContainsString('mdsync', $out);
        [$code] = $this->run_cli(new fake_gateway(['django_url' => '']), ['plan' => true]);
        $this->assertSame(cli_helper::EXIT_UNAVAILABLE, $code);
    }

    public function test_plan_as_json_changes_nothing(): void {
        global $DB;
        $this->resetAfterTest();
        $gateway = new fake_gateway();
        $gateway->djangousers = [fake_gateway::django_user('5', 'five@example.com')];
        $users = $DB->count_records('user');
        [$code, $out] = $this->run_cli($gateway, ['plan' => true, 'json' => true]);
        $this->assertSame(cli_helper::EXIT_OK, $code, $out);
        $json = json_decode($out, true);
        $this->assertSame('plan', $json['mode']);
        $this->assertSame(1, $json['counts']['only_in_django']);
        $this->assertSame('five@example.com', $json['plan']['only_in_django'][0]['email']);
        $this->assertSame($users, $DB->count_records('user'));
        $this->assertStringNotContainsString('secret-token', $out);
    }

    public function test_apply_only_to_moodle(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        $gateway = new fake_gateway();
        $gateway->djangousers = [fake_gateway::django_user('5', 'five@example.com')];
        [$code, $out] = $this->run_cli($gateway, ['apply' => true, 'only' => 'to-moodle']);
        $this->assertSame(cli_helper::EXIT_OK, $code, $out);
        $this->assertMatchesRegularExpression('/created_in_moodle\s+1/', $out);
        $this->assertTrue($DB->record_exists('user', ['email' => 'five@example.com']));
        $this->assertSame([], $gateway->createdindjango, 'to-django was not asked for');
    }
}
