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

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/django_peer.php');

/**
 * The plugin's runs through the apply engine, with the real mdsync extension against the real reference Django peer.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\sync_service
 * @covers     \local_django_sync\local\site_side
 * @covers     \local_django_sync\local\moodle_users
 * @covers     \local_django_sync\local\run_log
 * @covers     \local_django_sync\local\sync\engine
 */
final class sync_service_test extends \advanced_testcase {
    /** @var array|null the peer of the running test */
    protected $peer = null;

    protected function setUp(): void {
        parent::setUp();
        $why = django_peer::skip_reason();
        if ($why !== null) {
            $this->markTestSkipped($why);
        }
        $this->resetAfterTest();
        $this->preventResetByRollback(); // Users are created inside delegated transactions.
        profile_fields::ensure();
    }

    protected function tearDown(): void {
        if ($this->peer !== null) {
            django_peer::kill($this->peer);
            $this->peer = null;
        }
        parent::tearDown();
    }

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
                                           WHERE d.userid = ? AND d.data <> ?', [$userid, '']);
    }

    /**
     * Report entries as "status action user" lines.
     *
     * @param \stdClass $result
     * @return string[]
     */
    protected static function lines(\stdClass $result): array {
        return array_map(static fn(array $e): string => "{$e['status']} {$e['action']} {$e['user']}",
            $result->report->entries());
    }

    public function test_apply_creates_users_both_ways_fills_identifiers_and_a_rerun_has_nothing_to_do(): void {
        global $DB;
        // Django: student00001..3 (ids 2..4). Moodle: student00001 without identifiers, ann only in Moodle.
        $this->peer = django_peer::start($this, ['users' => 3]);
        $s1 = $this->getDataGenerator()->create_user(['username' => 'student00001', 'email' => 'Student00001@example.edu']);
        $ann = $this->getDataGenerator()->create_user(['username' => 'ann', 'email' => 'ann@example.com']);
        $DB->set_field('user', 'email', 'admin@example.org', ['id' => get_admin()->id]);

        $result = (new sync_service())->run('task');
        $this->assertSame('success', $result->status, $result->message);
        $this->assertSame([
            'done set_identifiers student00001 <Student00001@example.edu>',
            'done create_in_moodle student00002 <student00002@example.edu>',
            'done create_in_moodle student00003 <student00003@example.edu>',
            'done create_in_django ann <ann@example.com>',
        ], self::lines($result), 'the site admin is out of scope by default: never pushed to Django');
        $this->assertSame(['siteadmin' => [(int)get_admin()->id]], $result->plan->excluded['moodle']);

        $this->assertSame(['edeboid' => 'EDEBO00001', 'iasid' => 'IAS00001', 'djangoid' => '2'], $this->identifiers($s1->id));
        $new = $DB->get_record('user', ['username' => 'student00002'], '*', MUST_EXIST);
        $this->assertSame('manual', $new->auth);
        $this->assertSame(['edeboid' => 'EDEBO00002', 'iasid' => 'IAS00002', 'djangoid' => '3'], $this->identifiers($new->id));
        $django = django_peer::users($this->peer);
        $this->assertSame($django['ann'][0], $this->identifiers($ann->id)['djangoid'], 'the new Django id, as Django sent it');
        $entry = array_values(array_filter($result->report->entries(), fn($e) => $e['user'] === 'ann <ann@example.com>'))[0];
        $this->assertSame($django['ann'][0], $entry['django_id']);
        $this->assertSame((int)$ann->id, $entry['moodle_id']);

        $service = new sync_service();
        $engine = $service->engine();
        $this->assertCount(0, $engine->work($engine->plan()), 'a second plan has nothing left to do');
        $again = $service->run('cli');
        $this->assertSame([], $again->report->entries());
        $this->assertSame(2, $DB->count_records('local_django_sync_runs'));
    }

    public function test_scope_settings_keep_staff_service_accounts_and_cohorts_out_of_django(): void {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/cohort/lib.php');
        $this->peer = django_peer::start($this, ['users' => 1], ['exclude_roles' => 'manager',
            'exclude_cohorts' => 'STAFF', 'exclude_usernames' => 'svc-*']);
        $gen = $this->getDataGenerator();
        $mgr = $gen->create_user(['username' => 'mgr', 'email' => 'mgr@example.com']);
        role_assign($DB->get_field('role', 'id', ['shortname' => 'manager']), $mgr->id, \context_system::instance());
        $ws = $gen->create_user(['username' => 'ws', 'email' => 'ws@example.com', 'auth' => 'webservice']);
        $locked = $gen->create_user(['username' => 'locked', 'email' => 'locked@example.com', 'auth' => 'nologin']);
        $svc = $gen->create_user(['username' => 'svc-backup', 'email' => 'backup@example.com']);
        $staff = $gen->create_user(['username' => 'staff1', 'email' => 'staff1@example.com']);
        cohort_add_member($gen->create_cohort(['idnumber' => 'staff'])->id, $staff->id);
        $ann = $gen->create_user(['username' => 'ann', 'email' => 'ann@example.com']);

        $plan = (new sync_service())->run('page', false)->plan;
        $this->assertSame([
            'siteadmin' => [(int)get_admin()->id],
            'auth' => [(int)$ws->id, (int)$locked->id],
            'role' => [(int)$mgr->id],
            'cohort' => [(int)$staff->id],
            'username' => [(int)$svc->id],
        ], $plan->excluded['moodle']);
        $this->assertSame(['siteadmin', 'guest', 'auth', 'role', 'cohort', 'username'], $plan->scope['active']);
        $this->assertSame([], $plan->scope['not_applied'], 'the in-process side knows every fact');
        $this->assertSame(6, $plan->stat('excluded'));

        $result = (new sync_service())->run('task', true, ['to-django']);
        $this->assertSame(['done create_in_django ann <ann@example.com>'], self::lines($result));
        $indjango = array_keys(django_peer::users($this->peer));
        $this->assertContains('ann', $indjango);
        $this->assertSame([], array_intersect(['admin', 'mgr', 'ws', 'locked', 'svc-backup', 'staff1'], $indjango));
    }

    public function test_a_user_django_refuses_shows_djangos_reason_in_the_run_log(): void {
        // Django keeps edeboid in 64 characters; Moodle's text field holds more, and no plan can know Django's limit.
        $this->peer = django_peer::start($this, ['users' => 1]);
        $this->getDataGenerator()->create_user(['username' => 'longid', 'email' => 'longid@example.com',
            'profile_field_edeboid' => str_repeat('E', 70)]);
        $this->getDataGenerator()->create_user(['username' => 'fine', 'email' => 'fine@example.com']);

        $result = (new sync_service())->run('page', true, ['to-django']);
        $this->assertSame('partial', $result->status);
        $lines = self::lines($result);
        $this->assertContains('failed create_in_django longid <longid@example.com>', $lines);
        $this->assertContains('done create_in_django fine <fine@example.com>', $lines);
        $run = run_log::recent(1)[0];
        $this->assertSame('partial', $run->status);
        $this->assertCount(1, $run->failures);
        $this->assertSame('django', $run->failures[0]['side']);
        $this->assertStringContainsString('Django answered HTTP 400', $run->failures[0]['reason']);
        $this->assertStringContainsString('edeboid: Ensure this field has no more than 64 characters.',
            $run->failures[0]['reason']);
        $this->assertStringContainsString('Ensure this field has no more than 64 characters.',
            get_string('failureline', 'local_django_sync', (object)$run->failures[0]));
    }

    public function test_a_user_moodle_refuses_fails_alone_with_moodles_reason(): void {
        global $DB;
        $this->peer = django_peer::start($this, ['users' => 3]);
        // The plan holds back what it can see Moodle would refuse; this refusal (injected) it cannot see.
        // The batch is one transaction: the refusal rolls it back whole, and the engine splits it until the user at
        // fault stands alone; the others are made.
        $side = new class extends site_side {
            protected function insert_user(\stdClass $user): int {
                if ($user->username === 'student00002') {
                    throw new \moodle_exception('error_usernameexists', 'local_django_sync', '', 'student00002');
                }
                return parent::insert_user($user);
            }
        };
        $result = (new sync_service(null, $side))->run('task', true, ['to-moodle']);
        $this->assertSame('partial', $result->status);
        $this->assertSame([
            'done create_in_moodle student00001 <student00001@example.edu>',
            'failed create_in_moodle student00002 <student00002@example.edu>',
            'done create_in_moodle student00003 <student00003@example.edu>',
        ], self::lines($result));
        $this->assertSame('The username student00002 is taken in Moodle.', $result->failures[0]['reason']);
        $this->assertFalse($DB->record_exists('user', ['email' => 'student00002@example.edu']));
        $this->assertTrue($DB->record_exists('user', ['email' => 'student00003@example.edu']));
    }

    public function test_django_failing_mid_run_stops_it_and_lists_the_rest_not_done(): void {
        global $DB;
        $this->peer = django_peer::start($this, ['users' => 1]);
        // The first create goes through; from then on Django answers 503 (its retries included).
        \mdsync_test_peer_fault($this->peer, ['path' => '/api/user/', 'method' => 'POST', 'status' => 0, 'times' => 1]);
        \mdsync_test_peer_fault($this->peer, ['path' => '/api/user/', 'method' => 'POST', 'status' => 503, 'times' => -1]);
        set_config('max_retries', 1, 'local_django_sync');
        for ($i = 1; $i <= 3; $i++) {
            $this->getDataGenerator()->create_user(['username' => "t$i", 'email' => "t$i@example.com"]);
        }
        $DB->set_field('user', 'email', 'student00001@example.edu', ['id' => get_admin()->id]);
        $result = (new sync_service())->run('cli', true, ['to-django']);
        $this->assertSame('stopped', $result->outcome);
        $this->assertSame('failed', $result->status);
        $this->assertStringContainsString('Django stopped answering', $result->message);
        $statuses = array_count_values(array_column($result->report->entries(), 'status'));
        ksort($statuses);
        $this->assertSame(['done' => 1, 'not_done' => 2], $statuses, 'whichever create Django took first');
        $done = array_values(array_filter($result->report->entries(), fn($e) => $e['status'] === 'done'))[0];
        $this->assertSame($done['django_id'], $this->identifiers($done['moodle_id'])['djangoid']);
        $this->assertCount(2, run_log::recent(1)[0]->failures, 'what was not done is in the run log');
    }

    public function test_a_direction_the_settings_disable_is_refused_and_nothing_is_done(): void {
        global $DB;
        $this->peer = django_peer::start($this, ['users' => 2], ['create_in_moodle' => 0]);
        $before = $DB->count_records('user');
        $result = (new sync_service())->run('page', true, ['to-moodle']);
        $this->assertSame('failed', $result->status);
        $this->assertStringContainsString('to-moodle', $result->message);
        $this->assertSame($before, $DB->count_records('user'));
        $this->assertSame(['identifiers', 'to-django'], (new sync_service())->enabled_directions());
    }

    public function test_a_plan_changes_nothing_and_carries_resolved_ids(): void {
        global $DB;
        $this->peer = django_peer::start($this, ['users' => 2]);
        $before = $DB->count_records('user');
        $result = (new sync_service())->run('page', false);
        $this->assertSame('success', $result->status);
        $this->assertNull($result->report);
        $this->assertSame($before, $DB->count_records('user'));
        $json = $result->plan->to_json();
        $this->assertSame(['2', '3'], array_column($json['only_in_django'], 'djangoid'));
        $this->assertSame(2, $result->counts['only_in_django']);
    }
}
