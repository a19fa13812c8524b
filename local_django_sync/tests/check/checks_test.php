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

namespace local_django_sync\check;

use core\check\result;
use local_django_sync\django_peer;
use local_django_sync\fake_gateway;
use local_django_sync\local\gateway;
use local_django_sync\local\grade_outbox as outbox;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/fake_gateway.php');
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/django_peer.php');

/**
 * Tests of the status checks: Django within 5 s whatever it does, and the grade outbox.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\check\connection
 * @covers     \local_django_sync\check\grade_outbox
 */
final class checks_test extends \advanced_testcase {
    public function test_both_checks_are_on_system_status(): void {
        $classes = array_map('get_class', \core\check\manager::get_checks('status'));
        $this->assertContains(connection::class, $classes);
        $this->assertContains(grade_outbox::class, $classes);
    }

    public function test_the_probe_asks_with_short_limits_whatever_the_settings(): void {
        $this->resetAfterTest();
        $gateway = new fake_gateway(['timeout_ms' => 30000, 'connect_timeout_ms' => 1000, 'max_retries' => 5]);
        $gateway->djangousers = [fake_gateway::django_user('1', 'a@example.com')];
        $result = (new connection($gateway))->get_result();
        $this->assertSame(result::OK, $result->get_status());
        $this->assertSame(
            ['connect_timeout_ms' => 1000, 'timeout_ms' => 4000, 'deadline_ms' => 4500, 'max_retries' => 0],
            $gateway->statuslimits,
            'a lower setting is kept; nothing may add up to more than 5 s'
        );
    }

    public function test_django_answers_through_the_extension(): void {
        $this->resetAfterTest();
        django_peer::start($this, ['users' => 25]);
        $result = (new connection())->get_result();
        $this->assertSame(result::OK, $result->get_status(), $result->get_summary());
        $this->assertStringContainsString('Django answered with 25 users', $result->get_summary());
    }

    public function test_a_django_that_never_answers_is_an_error_within_5_seconds(): void {
        $this->resetAfterTest();
        $peer = django_peer::start($this);
        // The peer accepts the connection and then says nothing for a minute.
        django_peer::fault($peer, ['path' => '/api/user/', 'status' => 0, 'delay_ms' => 60000, 'times' => -1]);
        set_config('timeout_ms', 30000, 'local_django_sync');
        set_config('max_retries', 3, 'local_django_sync');
        $started = microtime(true);
        $result = (new connection())->get_result();
        $elapsed = microtime(true) - $started;
        $this->assertSame(result::ERROR, $result->get_status());
        $this->assertLessThan(5.0, $elapsed, 'System status must not hang on a stalled Django');
        $this->assertGreaterThan(3.5, $elapsed, 'it waited for the timeout, not less');
        $this->assertStringContainsString('Django did not answer as expected', $result->get_summary());
    }

    public function test_a_django_nobody_listens_on_fails_fast(): void {
        $this->resetAfterTest();
        if (!extension_loaded('mdsync')) {
            $this->markTestSkipped('the mdsync extension is not loaded in this PHP');
        }
        // A port that was free a moment ago: connection refused, no retry.
        $socket = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int)substr(strrchr(stream_socket_get_name($socket, false), ':'), 1);
        fclose($socket);
        set_config('curlsecurityblockedhosts', '');
        set_config('curlsecurityallowedport', '');
        $started = microtime(true);
        $result = (new connection(new gateway((object)['django_url' => "http://127.0.0.1:$port", 'django_token' => 't',
            'max_retries' => 5])))->get_result();
        $this->assertSame(result::ERROR, $result->get_status());
        $this->assertLessThan(1.0, microtime(true) - $started, 'no retries with backoff');
    }

    public function test_grade_outbox_check(): void {
        global $DB;
        $this->resetAfterTest();
        $check = new grade_outbox();
        $this->assertSame(result::NA, $check->get_result()->get_status(), 'grades off and nothing waiting');

        set_config('grades_enabled', 1, 'local_django_sync');
        $this->assertSame(result::OK, $check->get_result()->get_status());
        $this->assertSame(get_string('checkgrades_empty', 'local_django_sync'), $check->get_result()->get_summary());

        foreach ([1, 2] as $i) {
            outbox::insert_if_absent(['userid' => $i, 'courseid' => 2, 'itemid' => 5, 'gradeid' => $i,
                'finalgrade' => 1.0, 'idempotency_key' => "grade:$i:1764000000:1.00000"]);
        }
        $result = $check->get_result();
        $this->assertSame(result::OK, $result->get_status());
        $this->assertStringContainsString('2 grade changes pending', $result->get_summary());

        $DB->set_field(outbox::TABLE, 'timecreated', time() - 2 * HOURSECS, ['userid' => 1]);
        $result = $check->get_result();
        $this->assertSame(result::WARNING, $result->get_status());
        $this->assertStringContainsString('the oldest has waited 2 hours', $result->get_summary());

        $DB->set_field(outbox::TABLE, 'timecreated', time() - 2 * DAYSECS, ['userid' => 1]);
        $this->assertSame(result::ERROR, $check->get_result()->get_status());

        $DB->set_field(outbox::TABLE, 'timecreated', time(), []);
        $DB->set_field(outbox::TABLE, 'state', outbox::FAILED, ['userid' => 2]);
        $result = $check->get_result();
        $this->assertSame(result::ERROR, $result->get_status());
        $this->assertStringContainsString('1 grade changes failed', $result->get_summary());

        // Switched off with a failed row left: still an error until someone retries or discards it.
        set_config('grades_enabled', 0, 'local_django_sync');
        $this->assertSame(result::ERROR, $check->get_result()->get_status());
        $this->assertNotEmpty($check->get_action_link());
    }
}
