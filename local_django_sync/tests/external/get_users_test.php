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

namespace local_django_sync\external;

use core_external\external_api;

/**
 * Tests of local_django_sync_get_users: pages by id, identifier fields, bounds, capability.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\external\get_users
 */
final class get_users_test extends \advanced_testcase {
    /**
     * Calls the function as a web service client would (parameters validated, the answer cleaned).
     *
     * @param array $args
     * @return array
     */
    protected static function call(array $args): array {
        $params = external_api::validate_parameters(get_users::execute_parameters(), $args);
        $result = get_users::execute(...array_values($params));
        return external_api::clean_returnvalue(get_users::execute_returns(), $result);
    }

    public function test_pages_walk_every_user_in_id_order_with_identifiers(): void {
        global $DB;
        $this->resetAfterTest();
        $this->setAdminUser();
        $made = [];
        for ($i = 1; $i <= 7; $i++) {
            $made[] = $this->getDataGenerator()->create_user(['username' => "u$i", 'email' => "u$i@example.com",
                'firstname' => "First$i", 'lastname' => "Last$i", 'auth' => $i === 3 ? 'nologin' : 'manual',
                'suspended' => $i === 4 ? 1 : 0, 'profile_field_djangoid' => (string)(100 + $i),
                'profile_field_edeboid' => $i === 2 ? 'E-2' : '', 'profile_field_suspendedat' => $i === 4 ? '1764000000' : '']);
        }
        delete_user($made[5]);
        $expected = $DB->get_fieldset_select('user', 'id', 'deleted = 0 ORDER BY id');

        $seen = [];
        $pages = 0;
        $afterid = 0;
        do {
            $page = self::call(['afterid' => $afterid, 'limit' => 3]);
            $this->assertLessThanOrEqual(3, count($page['users']));
            $this->assertSame(3, $page['limit']);
            foreach ($page['users'] as $user) {
                $seen[$user['id']] = $user;
            }
            $afterid = $page['nextafterid'];
            $pages++;
        } while ($page['hasmore']);
        $this->assertSame(array_map('intval', $expected), array_keys($seen), 'every user once, in id order, none deleted');
        $this->assertSame((int)ceil(count($expected) / 3), $pages);
        $this->assertArrayNotHasKey((int)$made[5]->id, $seen);

        $this->assertSame([
            'id' => (int)$made[3]->id, 'username' => 'u4', 'email' => 'u4@example.com', 'firstname' => 'First4',
            'lastname' => 'Last4', 'auth' => 'manual', 'suspended' => true, 'edeboid' => '', 'iasid' => '',
            'djangoid' => '104', 'suspendedat' => '1764000000', 'siteadmin' => false, 'roles' => [], 'cohorts' => [],
        ], $seen[$made[3]->id]);
        $this->assertSame('E-2', $seen[$made[1]->id]['edeboid']);
        $this->assertSame('nologin', $seen[$made[2]->id]['auth']);

        // Past the end: an empty page that says so, and the cursor stays.
        $last = self::call(['afterid' => $afterid, 'limit' => 3]);
        $this->assertSame([], $last['users']);
        $this->assertFalse($last['hasmore']);
        $this->assertSame($afterid, $last['nextafterid']);
    }

    public function test_each_user_carries_the_facts_scope_rules_read_in_a_fixed_number_of_queries_a_page(): void {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/cohort/lib.php');
        $this->resetAfterTest();
        $this->setAdminUser();
        $gen = $this->getDataGenerator();
        $category = $gen->create_category();
        $course = $gen->create_course(['category' => $category->id]);
        $users = [];
        for ($i = 1; $i <= 8; $i++) {
            $users[$i] = $gen->create_user(['username' => "f$i"]);
        }
        $manager = $DB->get_field('role', 'id', ['shortname' => 'manager']);
        $creator = $DB->get_field('role', 'id', ['shortname' => 'coursecreator']);
        role_assign($manager, $users[1]->id, \context_system::instance());
        role_assign($creator, $users[2]->id, \context_coursecat::instance($category->id));
        role_assign($manager, $users[2]->id, \context_coursecat::instance($category->id));
        $gen->enrol_user($users[3]->id, $course->id, 'editingteacher'); // A course role: not staff at site level.
        $staff = $gen->create_cohort(['idnumber' => 'STAFF']);
        $y2024 = $gen->create_cohort(['idnumber' => 'Y2024']);
        $noidnumber = $gen->create_cohort(['idnumber' => '']);
        cohort_add_member($staff->id, $users[4]->id);
        cohort_add_member($y2024->id, $users[4]->id);
        cohort_add_member($y2024->id, $users[8]->id);
        cohort_add_member($noidnumber->id, $users[5]->id);

        $seen = [];
        $afterid = 0;
        $reads = [];
        do {
            $before = $DB->perf_get_reads();
            $page = self::call(['afterid' => $afterid, 'limit' => 4]);
            $reads[] = $DB->perf_get_reads() - $before;
            foreach ($page['users'] as $user) {
                $seen[$user['username']] = [$user['siteadmin'], $user['roles'], $user['cohorts']];
            }
            $afterid = $page['nextafterid'];
        } while ($page['hasmore']);

        $this->assertSame([true, [], []], $seen['admin']);
        $this->assertSame([false, [], []], $seen['guest']);
        $this->assertSame([false, ['manager'], []], $seen['f1']);
        $roles = $seen['f2'][1];
        sort($roles);
        $this->assertSame(['coursecreator', 'manager'], $roles, 'roles in a category count, each once');
        $this->assertSame([false, [], []], $seen['f3'], 'a role held only in a course does not count');
        $cohorts = $seen['f4'][2];
        sort($cohorts);
        $this->assertSame(['STAFF', 'Y2024'], $cohorts);
        $this->assertSame([], $seen['f5'][2], 'a cohort without an idnumber cannot be named by a rule');
        $this->assertSame(['Y2024'], $seen['f8'][2], 'facts of the last page are read for its range too');
        $this->assertCount(10, $seen);
        // Each page: the field ids, the users, their roles, their cohorts (and the web service's own checks), however
        // many users a page holds: a warm page of 4 users costs what a page of every user costs.
        $this->assertCount(3, $reads);
        $this->assertSame($reads[1], $reads[2]);
        $before = $DB->perf_get_reads();
        $this->assertCount(10, self::call(['limit' => 100])['users']);
        $this->assertSame($reads[1], $DB->perf_get_reads() - $before, 'one page of every user: the same reads');
        $this->assertLessThanOrEqual(8, $reads[1]);
    }

    public function test_limits_are_bounded(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $this->assertSame(get_users::DEFAULT_LIMIT, self::call([])['limit']);
        $this->assertSame(get_users::MAX_LIMIT, self::call(['limit' => 1000000])['limit']);
        $this->expectException(\invalid_parameter_exception::class);
        self::call(['limit' => 0]);
    }

    public function test_a_field_missing_from_the_site_is_empty(): void {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/user/profile/definelib.php');
        $this->resetAfterTest();
        $this->setAdminUser();
        profile_delete_field($DB->get_field('user_info_field', 'id', ['shortname' => 'iasid']));
        $users = self::call(['limit' => 5])['users'];
        $this->assertNotEmpty($users);
        $this->assertSame('', $users[0]['iasid']);
    }

    public function test_only_users_who_can_see_all_user_details_may_list(): void {
        $this->resetAfterTest();
        $this->setUser($this->getDataGenerator()->create_user());
        $this->expectException(\required_capability_exception::class);
        self::call(['limit' => 5]);
    }

    public function test_the_function_is_declared_for_web_services(): void {
        $function = external_api::external_function_info('local_django_sync_get_users');
        $this->assertSame('read', $function->type);
        $this->assertSame(get_users::class, $function->classname);
        $this->assertStringContainsString('moodle/user:viewalldetails', $function->capabilities);
    }
}
