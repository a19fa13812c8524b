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
        $this->assertFalse($side->supports('suspend'));
        $this->assertTrue($side->supports('create_in_moodle'));

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
}
