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

/**
 * The in-process Moodle side: what it reads, what it writes, what it knows of the profile fields (no network).
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\site_side
 * @covers     \local_django_sync\local\moodle_users
 */
final class site_side_test extends \advanced_testcase {
    public function test_users_are_streamed_with_their_identifiers(): void {
        global $CFG;
        $this->resetAfterTest();
        profile_fields::ensure();
        $user = $this->getDataGenerator()->create_user(['email' => 'ann@example.com',
            'profile_field_edeboid' => 'E1', 'profile_field_djangoid' => '7']);
        $side = new site_side();
        $users = $side->users();
        $this->assertInstanceOf(\Generator::class, $users, 'streamed from one query, not loaded whole');
        $byid = array_column(iterator_to_array($users, false), null, 'id');
        $this->assertSame('E1', $byid[$user->id]['edeboid']);
        $this->assertSame('7', $byid[$user->id]['djangoid']);
        $this->assertSame((int)$user->id, $byid[$user->id]['id']);
        $this->assertSame('moodle', $byid[$user->id]['source']);
        // The guest user is never offered to Django; the admin is a real user.
        $this->assertArrayNotHasKey($CFG->siteguest, $byid);
        $this->assertArrayHasKey(get_admin()->id, $byid);
    }

    public function test_users_carry_the_facts_the_rules_in_force_read_in_a_few_queries_for_the_whole_site(): void {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/cohort/lib.php');
        $this->resetAfterTest();
        $gen = $this->getDataGenerator();
        $category = $gen->create_category();
        $users = [];
        for ($i = 1; $i <= 30; $i++) {
            $users[$i] = $gen->create_user(['username' => "u$i", 'auth' => $i === 3 ? 'nologin' : 'manual']);
        }
        role_assign($DB->get_field('role', 'id', ['shortname' => 'manager']), $users[1]->id, \context_system::instance());
        role_assign($DB->get_field('role', 'id', ['shortname' => 'coursecreator']), $users[2]->id,
            \context_coursecat::instance($category->id));
        $staff = $gen->create_cohort(['idnumber' => 'Staff']);
        $other = $gen->create_cohort(['idnumber' => 'Y2024']);
        cohort_add_member($staff->id, $users[4]->id);
        cohort_add_member($other->id, $users[4]->id);
        cohort_add_member($other->id, $users[5]->id);
        $CFG->siteadmins .= ',' . $users[6]->id;

        $read = function (array $scope) use ($DB): array {
            $before = $DB->perf_get_reads();
            $records = array_column(iterator_to_array((new site_side(null, $scope))->users(), false), null, 'username');
            return [$records, $DB->perf_get_reads() - $before];
        };
        // No rule reads roles or cohorts: they are not read at all.
        [$records, $reads] = $read(scope_settings::options((object)[]));
        [$records, $reads] = $read(scope_settings::options((object)[]));
        $this->assertTrue($records['admin']['siteadmin']);
        $this->assertTrue($records['u6']['siteadmin']);
        $this->assertFalse($records['u1']['siteadmin']);
        $this->assertSame('nologin', $records['u3']['auth']);
        $this->assertArrayNotHasKey('roles', $records['u1']);
        $this->assertArrayNotHasKey('cohorts', $records['u4']);
        $gen->create_user(['username' => 'u31']);
        $this->assertSame($reads, $read([])[1], 'the same queries with one user more: none per user');

        // Rules on roles and cohorts: those facts, only for the names the rules give, in one query each.
        $facts = scope_settings::options((object)['exclude_roles' => 'manager,editingteacher', 'include_cohorts' => 'STAFF']);
        [$records, $withfacts] = $read($facts);
        $this->assertSame(['manager'], $records['u1']['roles']);
        $this->assertSame([], $records['u2']['roles'], 'coursecreator is not asked about');
        $this->assertSame(['Staff'], $records['u4']['cohorts'], 'asked for STAFF: the cohort idnumber as Moodle has it');
        $this->assertSame([], $records['u5']['cohorts']);
        $this->assertSame([], $records['u30']['cohorts']);
        $more = $gen->create_user(['username' => 'u32']);
        cohort_add_member($staff->id, $more->id);
        [$records, $again] = $read($facts);
        $this->assertSame(['Staff'], $records['u32']['cohorts']);
        $this->assertSame($withfacts, $again, 'roles and cohorts: the same queries with one member more, for the whole site');

        // The extension decides with these facts.
        if (extension_loaded('mdsync')) {
            $plan = \mdsync_plan(array_values($records), [], scope_settings::options((object)['exclude_roles' => 'manager',
                'exclude_cohorts' => 'staff']) + ['allow_empty' => true]);
            $this->assertSame(['siteadmin' => [(int)get_admin()->id, (int)$users[6]->id], 'auth' => [(int)$users[3]->id],
                'role' => [(int)$users[1]->id], 'cohort' => [(int)$users[4]->id, (int)$more->id]], $plan['excluded']['moodle']);
            $this->assertSame([], $plan['scope']['not_applied']);
        }
    }

    public function test_fields_are_known_exactly_and_writes_fail_one_user_at_a_time(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        $side = new site_side();
        profile_fields::ensure();
        $DB->delete_records('user_info_field', ['shortname' => 'iasid']); // An administrator deleted one.
        $this->assertSame(['edeboid' => true, 'iasid' => false], $side->field_status(['edeboid', 'iasid']));
        profile_fields::ensure();
        $this->assertSame(['edeboid' => true, 'iasid' => true], $side->field_status(['edeboid', 'iasid']));
        foreach (['set_identifiers', 'create_in_moodle', 'suspend', 'revive', 'delete'] as $action) {
            $this->assertTrue($side->supports($action), $action);
        }

        $existing = $this->getDataGenerator()->create_user(['email' => 'taken@example.com']);
        $results = $side->create_users([
            'a' => ['username' => 'new1', 'email' => 'new1@example.com', 'firstname' => 'N', 'lastname' => 'One', 'djangoid' => '11'],
            'b' => ['username' => 'new2', 'email' => 'TAKEN@example.com', 'firstname' => 'N', 'lastname' => 'Two', 'djangoid' => '12'],
            'c' => ['username' => 'new3', 'email' => 'new3@example.com', 'firstname' => 'N', 'lastname' => 'Three', 'djangoid' => '13'],
        ], 'manual');
        $this->assertSame(['done', 'failed', 'done'], array_values(array_map(fn($r) => $r->status, $results)));
        $this->assertStringContainsString('TAKEN@example.com', $results['b']->message);
        $id = $results['a']->moodleid;
        $this->assertSame([], $side->fields_missing_after_write($id, ['djangoid' => '11']));
        $this->assertSame(['edeboid'], $side->fields_missing_after_write($id, ['djangoid' => '11', 'edeboid' => 'X']));
        $results = $side->set_identifiers(['x' => ['moodleid' => (int)$existing->id, 'fields' => ['edeboid' => 'E9']],
            'y' => ['moodleid' => 999999, 'fields' => ['edeboid' => 'E8']]]);
        $this->assertSame('done', $results['x']->status);
        $this->assertSame('failed', $results['y']->status);
        $this->assertSame('E9', $DB->get_field_sql('SELECT d.data FROM {user_info_data} d JOIN {user_info_field} f
            ON f.id = d.fieldid WHERE d.userid = ? AND f.shortname = ?', [$existing->id, 'edeboid']));
    }

    /**
     * Identifier values of a user.
     *
     * @param int $userid
     * @return array shortname => data
     */
    protected function values(int $userid): array {
        global $DB;
        return $DB->get_records_sql_menu('SELECT f.shortname, d.data FROM {user_info_data} d
            JOIN {user_info_field} f ON f.id = d.fieldid WHERE d.userid = ? ORDER BY f.shortname', [$userid]);
    }

    public function test_identifiers_cost_at_most_two_queries_per_changed_user_and_fire_user_updated(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        profile_fields::ensure();
        $updates = [];
        $changed = [];
        for ($i = 1; $i <= 60; $i++) {
            // A third without identifiers, a third with another djangoid, a third already right.
            $ids = $i % 3 === 0 ? ['profile_field_djangoid' => "D$i", 'profile_field_edeboid' => "E$i"]
                : ($i % 3 === 1 ? [] : ['profile_field_djangoid' => 'old', 'profile_field_edeboid' => "E$i"]);
            $u = $this->getDataGenerator()->create_user(['email' => "u$i@example.com"] + $ids);
            $updates["set_identifiers:m{$u->id}"] = ['moodleid' => (int)$u->id, 'fields' => ['djangoid' => "D$i",
                'edeboid' => "E$i", 'iasid' => $i % 3 === 0 ? '' : "I$i"]];
            if ($i % 3 !== 0) {
                $changed[] = (int)$u->id;
            }
        }
        $side = new site_side();
        $events = $this->redirectEvents();
        $before = $DB->perf_get_queries();
        $results = $side->set_identifiers($updates);
        $queries = $DB->perf_get_queries() - $before;
        $this->assertSame(array_fill_keys(array_keys($updates), 'done'), array_map(fn($r) => $r->status, $results));
        $this->assertLessThanOrEqual(2 * count($changed), $queries, "$queries queries for " . count($changed) . ' users');
        $updated = array_map(fn($e) => (int)$e->relateduserid, array_filter($events->get_events(),
            fn($e) => $e instanceof \core\event\user_updated));
        sort($updated);
        $this->assertSame($changed, $updated, 'user_updated for each user whose identifiers changed, and only them');
        foreach ($updates as $u) {
            $i = (int)substr($u['fields']['edeboid'], 1);
            $want = ['djangoid' => "D$i", 'edeboid' => "E$i"] + ($i % 3 === 0 ? [] : ['iasid' => "I$i"]);
            ksort($want);
            $this->assertSame($want, $this->values($u['moodleid']), "user $i");
        }
        // Nothing to write: one read, no write, no event.
        $events->clear();
        $before = $DB->perf_get_queries();
        $side->set_identifiers($updates);
        $this->assertLessThanOrEqual(3, $DB->perf_get_queries() - $before);
        $this->assertSame([], $events->get_events());
    }

    public function test_users_are_created_per_batch_without_rereads_with_their_events_and_a_redone_one_exists(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        profile_fields::ensure();
        $made = $this->getDataGenerator()->create_user(['username' => 'again', 'email' => 'again@example.com',
            'profile_field_djangoid' => '99']);
        $this->getDataGenerator()->create_user(['username' => 'other', 'email' => 'taken@example.com',
            'profile_field_djangoid' => '5']);
        $records = [];
        for ($i = 1; $i <= 20; $i++) {
            $records["c$i"] = ['username' => "New$i", 'email' => "new$i@example.com", 'firstname' => 'N', 'lastname' => "$i",
                'djangoid' => (string)(100 + $i), 'edeboid' => "E$i", 'iasid' => ''];
        }
        $records['again'] = ['username' => 'again', 'email' => 'Again@example.com', 'firstname' => 'A', 'lastname' => 'A',
            'djangoid' => '99'];
        $records['taken'] = ['username' => 'taken', 'email' => 'taken@example.com', 'firstname' => 'T', 'lastname' => 'T',
            'djangoid' => '6'];
        $records['twice'] = ['username' => 'twice', 'email' => 'new1@example.com', 'firstname' => 'T', 'lastname' => 'T',
            'djangoid' => '7'];
        $events = $this->redirectEvents();
        $before = $DB->perf_get_queries();
        $results = (new site_side())->create_users($records, 'manual');
        $queries = $DB->perf_get_queries() - $before;
        $this->assertSame('exists', $results['again']->status, 'made by an earlier attempt of the run');
        $this->assertSame((int)$made->id, $results['again']->moodleid);
        $this->assertSame('failed', $results['taken']->status);
        $this->assertStringContainsString('taken@example.com', $results['taken']->message);
        $this->assertSame('failed', $results['twice']->status, 'an email twice in one batch');
        $created = array_filter($results, fn($r) => $r->status === 'done');
        $this->assertCount(20, $created);
        $this->assertLessThanOrEqual(8 * 20, $queries, "$queries queries for 20 users");
        $this->assertCount(20, array_filter($events->get_events(), fn($e) => $e instanceof \core\event\user_created));
        $user = $DB->get_record('user', ['id' => $results['c3']->moodleid], '*', MUST_EXIST);
        $this->assertSame('new3', $user->username);
        $this->assertSame('manual', $user->auth);
        $this->assertSame(['djangoid' => '103', 'edeboid' => 'E3'], $this->values((int)$user->id));
        $this->assertSame('1', get_user_preferences('create_password', null, $user), 'Moodle makes and mails a password');
        $this->assertSame('1', get_user_preferences('auth_forcepasswordchange', null, $user));
        $this->assertNotEmpty(\context_user::instance((int)$user->id, IGNORE_MISSING));
    }

    public function test_a_batch_moodle_refuses_is_rolled_back_whole_and_refused_for_the_engine_to_split(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        profile_fields::ensure();
        $side = new class extends site_side {
            protected function insert_user(\stdClass $user): int {
                if ($user->username === 'bad') {
                    throw new \moodle_exception('invalidusername');
                }
                return parent::insert_user($user);
            }
        };
        $records = ['a' => ['username' => 'good', 'email' => 'good@example.com', 'firstname' => 'G', 'lastname' => 'G'],
            'b' => ['username' => 'bad', 'email' => 'bad@example.com', 'firstname' => 'B', 'lastname' => 'B']];
        try {
            $side->create_users($records, 'manual');
            $this->fail('the batch was not refused');
        } catch (\local_django_sync\local\sync\batch_refused $e) {
            $this->assertStringContainsString('username', $e->getMessage());
        }
        $this->assertFalse($DB->record_exists('user', ['username' => 'good']), 'rolled back with the bad one');
        $alone = $side->create_users(['b' => $records['b']], 'manual');
        $this->assertSame('failed', $alone['b']->status, 'alone, the bad one fails with Moodle\'s reason');
        $this->assertSame('done', $side->create_users(['a' => $records['a']], 'manual')['a']->status);
    }

    public function test_suspend_revive_and_delete_in_process_write_suspendedat_and_spare_admins(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        profile_fields::ensure();
        $fieldid = $DB->get_field('user_info_field', 'id', ['shortname' => 'suspendedat']);
        $a = $this->getDataGenerator()->create_user();
        $b = $this->getDataGenerator()->create_user();
        $side = new site_side();
        $events = $this->redirectEvents();
        $results = $side->suspend_users(['s:a' => (int)$a->id, 's:b' => (int)$b->id, 's:admin' => (int)get_admin()->id,
            's:none' => 999999], 1764000000);
        $this->assertSame(['s:a' => 'done', 's:b' => 'done', 's:admin' => 'failed', 's:none' => 'failed'],
            array_map(fn($r) => $r->status, $results));
        $this->assertStringContainsString('site administrator', $results['s:admin']->message);
        $this->assertSame('0', $DB->get_field('user', 'suspended', ['id' => get_admin()->id]));
        foreach ([$a, $b] as $u) {
            $this->assertSame('1', $DB->get_field('user', 'suspended', ['id' => $u->id]));
            $this->assertSame('1764000000', $DB->get_field('user_info_data', 'data', ['userid' => $u->id,
                'fieldid' => $fieldid]));
        }
        $this->assertCount(2, array_filter($events->get_events(), fn($e) => $e instanceof \core\event\user_updated));
        $results = $side->revive_users(['r:a' => (int)$a->id]);
        $this->assertSame('done', $results['r:a']->status);
        $this->assertSame('0', $DB->get_field('user', 'suspended', ['id' => $a->id]));
        $this->assertSame('', $DB->get_field('user_info_data', 'data', ['userid' => $a->id, 'fieldid' => $fieldid]));
        $results = $side->delete_users(['d:b' => (int)$b->id, 'd:admin' => (int)get_admin()->id]);
        $this->assertSame('done', $results['d:b']->status);
        $this->assertSame('failed', $results['d:admin']->status);
        $this->assertSame('1', $DB->get_field('user', 'deleted', ['id' => $b->id]));
        $this->assertSame('exists', $side->delete_users(['d:b' => (int)$b->id])['d:b']->status, 'already deleted');
    }
}
