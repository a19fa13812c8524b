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
 * Tests of the sync runner, with a fake gateway in place of the network.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\sync_runner
 * @covers     \local_django_sync\local\moodle_users
 * @covers     \local_django_sync\local\run_log
 */
final class sync_runner_test extends \advanced_testcase {
    /**
     * Profile field data of a user.
     *
     * @param int $userid
     * @return array shortname => value
     */
    protected function identifiers(int $userid): array {
        global $DB;
        return $DB->get_records_sql_menu('SELECT f.shortname, d.data
                                            FROM {user_info_data} d
                                            JOIN {user_info_field} f ON f.id = d.fieldid
                                           WHERE d.userid = ?', [$userid]);
    }

    public function test_moodle_users_are_streamed_with_their_identifiers(): void {
        global $CFG;
        $this->resetAfterTest();
        $user = $this->getDataGenerator()->create_user(['email' => 'ann@example.com',
            'profile_field_edeboid' => 'E1', 'profile_field_djangoid' => '7']);
        $gateway = new fake_gateway();
        (new sync_runner($gateway))->plan();

        $this->assertTrue($gateway->gotgenerator);
        $byid = array_column($gateway->receivedmoodleusers, null, 'id');
        $this->assertArrayHasKey($user->id, $byid);
        $this->assertSame('E1', $byid[$user->id]['edeboid']);
        $this->assertSame('7', $byid[$user->id]['djangoid']);
        $this->assertSame('', $byid[$user->id]['iasid']);
        $this->assertSame('moodle', $byid[$user->id]['source']);
        // The guest user is never offered to Django; the admin is a real user.
        $this->assertArrayNotHasKey($CFG->siteguest, $byid);
        $this->assertArrayHasKey(get_admin()->id, $byid);
    }

    public function test_apply_creates_users_both_ways_fills_identifiers_and_a_rerun_has_nothing_to_do(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback(); // Users are created inside delegated transactions.
        $both = $this->getDataGenerator()->create_user(['email' => 'Both@Example.com']);
        $onlymoodle = $this->getDataGenerator()->create_user(['email' => 'moodle.only@example.com']);
        $gateway = new fake_gateway();
        $gateway->djangousers = [
            fake_gateway::django_user('11', 'both@example.com', ['edeboid' => 'E11', 'iasid' => 'I11']),
            fake_gateway::django_user('12', 'new.person@example.com', ['edeboid' => 'E12']),
            fake_gateway::django_user('1', 'admin@example.com'),
        ];
        $DB->set_field('user', 'email', 'admin@example.com', ['id' => get_admin()->id]);

        $result = (new sync_runner($gateway))->run('cli');

        $this->assertSame('success', $result->status, $result->message);
        $this->assertSame(1, $result->counts['created_in_moodle']);
        $this->assertSame(1, $result->counts['created_in_django']);
        $this->assertSame(['edeboid' => 'E11', 'iasid' => 'I11', 'djangoid' => '11'], array_intersect_key(
            $this->identifiers($both->id),
            ['edeboid' => 1, 'iasid' => 1, 'djangoid' => 1]
        ));

        $new = $DB->get_record('user', ['email' => 'new.person@example.com'], '*', MUST_EXIST);
        $this->assertSame('manual', $new->auth);
        $this->assertSame('', $new->password, 'no password until Moodle generates and mails one');
        $this->assertEquals(1, get_user_preferences('create_password', 0, $new->id));
        $this->assertEquals(1, get_user_preferences('auth_forcepasswordchange', 0, $new->id));
        $this->assertSame('E12', $this->identifiers($new->id)['edeboid']);
        $this->assertSame('12', $this->identifiers($new->id)['djangoid']);

        $this->assertSame(['moodle.only@example.com'], array_column($gateway->createdindjango, 'email'));
        $this->assertNotEmpty($this->identifiers($onlymoodle->id)['djangoid']);

        $run = $DB->get_record(run_log::TABLE, ['id' => $result->id], '*', MUST_EXIST);
        $this->assertSame('success', $run->status);
        $this->assertSame('cli', $run->origin);
        $this->assertSame(1, json_decode($run->counts, true)['created_in_moodle']);

        // Again: the plan is empty, nothing is written.
        $again = (new sync_runner($gateway))->run('task');
        $this->assertSame('success', $again->status);
        $this->assertSame(0, $again->counts['only_in_moodle']);
        $this->assertSame(0, $again->counts['only_in_django']);
        $this->assertSame(0, $again->counts['moodle_updates']);
        $this->assertSame(0, $again->counts['created_in_moodle'] + $again->counts['created_in_django']
            + $again->counts['identifiers_filled']);
    }

    public function test_one_bad_record_does_not_sink_the_others(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        $this->getDataGenerator()->create_user(['email' => 'taken@example.com', 'username' => 'taken']);
        $this->getDataGenerator()->create_user(['email' => 'refused@example.com']);
        $gateway = new fake_gateway();
        $gateway->djangorefuses = ['refused@example.com' => ['email' => ['Enter a valid email.']]];
        $gateway->djangousers = [
            fake_gateway::django_user('21', 'not an email'),
            fake_gateway::django_user('22', 'good@example.com'),
            fake_gateway::django_user('23', 'other@example.com', ['username' => 'taken']),
            fake_gateway::django_user('24', 'admin@example.com'),
        ];
        $DB->set_field('user', 'email', 'admin@example.com', ['id' => get_admin()->id]);

        $result = (new sync_runner($gateway))->run('task', true, ['to-moodle', 'to-django']);

        $this->assertSame('partial', $result->status);
        $this->assertSame(1, $result->counts['created_in_moodle']);
        $this->assertTrue($DB->record_exists('user', ['email' => 'good@example.com']));
        $this->assertFalse($DB->record_exists('user', ['email' => 'other@example.com']));
        $this->assertSame(3, $result->counts['failed']);
        $reasons = array_column($result->failures, 'reason', 'django_id');
        $this->assertStringContainsString('Not a valid email address', $reasons['21']);
        $this->assertStringContainsString('username taken', $reasons['23']);
        $djangofailure = array_values(array_filter($result->failures, fn($f) => $f['side'] === 'django'));
        $this->assertSame('refused@example.com', $djangofailure[0]['email']);
        $this->assertStringContainsString('Enter a valid email', $djangofailure[0]['reason']);
        $this->assertSame('partial', $DB->get_field(run_log::TABLE, 'status', ['id' => $result->id]));
    }

    public function test_email_in_other_case_is_not_created_twice(): void {
        global $DB;
        $this->resetAfterTest();
        $user = $this->getDataGenerator()->create_user(['email' => 'case@example.com']);
        $moodleusers = new moodle_users();
        $this->expectException(\moodle_exception::class);
        $this->expectExceptionMessage('already exists');
        try {
            $moodleusers->create(fake_gateway::django_user('5', 'CASE@example.com', ['username' => 'case2']), 'manual');
        } finally {
            $this->assertSame(1, $DB->count_records_select('user', 'LOWER(email) = ?', ['case@example.com']));
        }
    }

    public function test_external_auth_users_get_no_local_password(): void {
        global $DB, $CFG;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        set_config('auth', 'manual,nologin,ldap');
        $this->assertArrayHasKey('ldap', moodle_users::auth_choices());
        $id = (new moodle_users())->create(fake_gateway::django_user('9', 'ext@example.com'), 'ldap');
        $user = $DB->get_record('user', ['id' => $id]);
        $this->assertSame('ldap', $user->auth);
        $this->assertSame(AUTH_PASSWORD_NOT_CACHED, $user->password);
        $this->assertEquals(0, get_user_preferences('create_password', 0, $id));

        $this->expectException(\moodle_exception::class);
        (new moodle_users())->create(fake_gateway::django_user('10', 'cas@example.com'), 'cas');
    }

    public function test_set_identifiers_leaves_unchanged_records_alone(): void {
        $this->resetAfterTest();
        $user = $this->getDataGenerator()->create_user(['profile_field_djangoid' => '44']);
        $sink = $this->redirectEvents();
        $users = new moodle_users();
        $this->assertFalse($users->set_identifiers($user->id, ['djangoid' => '44']));
        $this->assertCount(0, $sink->get_events());
        $this->assertTrue($users->set_identifiers($user->id, ['djangoid' => '45', 'iasid' => 'X']));
        $this->assertSame('45', $this->identifiers($user->id)['djangoid']);
        $this->assertInstanceOf(\core\event\user_updated::class, $sink->get_events()[0]);
    }

    public function test_disabled_direction_and_unknown_direction_fail_the_run(): void {
        $this->resetAfterTest();
        $gateway = new fake_gateway(['create_in_django' => 0]);
        $gateway->djangousers = [fake_gateway::django_user('1', 'x@example.com')];
        $runner = new sync_runner($gateway);
        $this->assertSame(['identifiers', 'to-moodle'], $runner->enabled_directions());

        $result = $runner->run('cli', true, ['to-django']);
        $this->assertSame('failed', $result->status);
        $this->assertStringContainsString('to-django', $result->message);
        $this->assertSame([], $gateway->createdindjango);

        $result = $runner->run('cli', true, ['sideways']);
        $this->assertSame('failed', $result->status);
    }

    public function test_empty_django_creates_nothing_in_django(): void {
        $this->resetAfterTest();
        $this->getDataGenerator()->create_user();
        $gateway = new fake_gateway();
        $result = (new sync_runner($gateway))->run('task');
        $this->assertSame('failed', $result->status);
        $this->assertStringContainsString('no users', $result->message);
        $this->assertSame([], $gateway->createdindjango);
    }

    public function test_gateway_failure_is_recorded_without_the_token(): void {
        global $DB;
        $this->resetAfterTest();
        $gateway = new fake_gateway();
        $gateway->failwith = new \RuntimeException('HTTP 503 from https://user:secret-token@django.example.com/api/user/');
        $result = (new sync_runner($gateway))->run('task');
        $this->assertSame('failed', $result->status);
        $this->assertStringNotContainsString('secret-token', $result->message);
        $this->assertStringContainsString('503', $DB->get_field(run_log::TABLE, 'message', ['id' => $result->id]));
    }

    public function test_missing_extension_stops_cleanly(): void {
        global $DB;
        $this->resetAfterTest();
        $gateway = new fake_gateway();
        $gateway->loaded = false;
        $result = (new sync_runner($gateway))->run('task');
        $this->assertSame('failed', $result->status);
        $this->assertStringContainsString('mdsync', $result->message);
        $this->assertSame(0, $DB->count_records(run_log::TABLE));
    }

    public function test_selection_limits_what_is_created(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        $gateway = new fake_gateway();
        $gateway->djangousers = [
            fake_gateway::django_user('31', 'one@example.com'),
            fake_gateway::django_user('32', 'two@example.com'),
        ];
        $result = (new sync_runner($gateway))->run('page', true, ['to-moodle'], ['django' => ['32']], 2);
        $this->assertSame(1, $result->counts['created_in_moodle']);
        $this->assertFalse($DB->record_exists('user', ['email' => 'one@example.com']));
        $this->assertTrue($DB->record_exists('user', ['email' => 'two@example.com']));
        $this->assertEquals(2, $DB->get_field(run_log::TABLE, 'userid', ['id' => $result->id]));
    }
}
