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

namespace local_django_sync\local\report;

/**
 * Tests of the course managers report.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\report\course_managers
 */
final class course_managers_test extends \advanced_testcase {
    /**
     * A site: categories A > A1 and B, four courses, managers at course, category and system level.
     *
     * @return array named records
     */
    protected function make_site(): array {
        global $DB;
        $gen = $this->getDataGenerator();
        $a = $gen->create_category(['name' => 'A']);
        $a1 = $gen->create_category(['name' => 'A1', 'parent' => $a->id]);
        $b = $gen->create_category(['name' => 'B']);
        $c1 = $gen->create_course(['category' => $a->id, 'shortname' => 'C1']);
        $c2 = $gen->create_course(['category' => $a1->id, 'shortname' => 'C2']);
        $c3 = $gen->create_course(['category' => $b->id, 'shortname' => 'C3']);
        $c4 = $gen->create_course(['category' => $b->id, 'shortname' => 'C4']);
        $roleid = $DB->get_field('role', 'id', ['shortname' => 'manager']);
        $coursemgr = $gen->create_user(['firstname' => 'Carl', 'lastname' => 'Course', 'email' => 'c@example.com']);
        $catmgr = $gen->create_user(['firstname' => 'Kate', 'lastname' => 'Category', 'email' => 'k@example.com']);
        $sysmgr = $gen->create_user(['firstname' => 'Sam', 'lastname' => 'System', 'email' => 's@example.com']);
        $nobody = $gen->create_user();
        $teacher = $gen->create_user();
        role_assign($roleid, $coursemgr->id, \context_course::instance($c3->id));
        role_assign($roleid, $catmgr->id, \context_coursecat::instance($a->id));
        // Assigned twice over the same course: counted once.
        role_assign($roleid, $catmgr->id, \context_course::instance($c2->id));
        role_assign($roleid, $sysmgr->id, \context_system::instance());
        $gen->enrol_user($teacher->id, $c1->id, 'editingteacher');
        return compact('a', 'a1', 'b', 'c1', 'c2', 'c3', 'c4', 'coursemgr', 'catmgr', 'sysmgr', 'nobody', 'teacher');
    }

    public function test_courses_include_category_and_system_assignments(): void {
        $this->resetAfterTest();
        $s = $this->make_site();
        $report = new course_managers();

        $this->assertSame(3, $report->count_users());
        $users = $report->users('courses', 'DESC');
        $this->assertEquals([$s['sysmgr']->id, $s['catmgr']->id, $s['coursemgr']->id], array_column($users, 'id'));
        $this->assertSame(['4', '2', '1'], array_map('strval', array_column($users, 'coursecount')));

        $courses = $report->courses([$s['catmgr']->id, $s['coursemgr']->id, $s['sysmgr']->id]);
        $this->assertEqualsCanonicalizing(['C1', 'C2'], array_column($courses[$s['catmgr']->id], 'shortname'));
        $this->assertSame(['C3'], array_column($courses[$s['coursemgr']->id], 'shortname'));
        $this->assertCount(4, $courses[$s['sysmgr']->id]);

        $assignments = $report->assignments([$s['catmgr']->id]);
        $this->assertCount(2, $assignments[$s['catmgr']->id]);
    }

    public function test_sorting_paging_and_download(): void {
        $this->resetAfterTest();
        $s = $this->make_site();
        $report = new course_managers();

        $this->assertSame(['Category', 'Course', 'System'], array_column($report->users('name', 'ASC'), 'lastname'));
        $this->assertSame(
            ['s@example.com', 'k@example.com', 'c@example.com'],
            array_column($report->users('email', 'DESC'), 'email')
        );
        $this->assertSame(['System'], array_column($report->users('name', 'ASC', 1, 2), 'lastname'));

        $rows = iterator_to_array($report->download_rows('name', 'ASC'), false);
        $this->assertCount(3, $rows);
        $this->assertSame(array_keys(course_managers::download_columns()), array_keys($rows[0]));
        $this->assertSame('C1, C2', $rows[0]['courses']);
        $this->assertSame(2, $rows[0]['coursecount']);
    }

    public function test_role_is_configurable(): void {
        $this->resetAfterTest();
        $s = $this->make_site();
        set_config('managerrole', 'editingteacher', 'local_django_sync');
        $report = new course_managers();
        $this->assertSame(1, $report->count_users());
        $users = $report->users();
        $this->assertEquals($s['teacher']->id, $users[0]->id);
        $this->assertEquals(1, $users[0]->coursecount);

        $this->assertNull((new course_managers('nosuchrole'))->role());
        $this->assertSame([], (new course_managers('nosuchrole'))->users());
    }

    public function test_page_renders(): void {
        global $PAGE;
        $this->resetAfterTest();
        $this->make_site();
        $PAGE->set_url('/local/django_sync/managers.php');
        $page = new \local_django_sync\output\managers_page(
            new course_managers(),
            new \moodle_url('/local/django_sync/managers.php'),
            'name',
            'ASC',
            0,
            25
        );
        $html = $PAGE->get_renderer('local_django_sync')->render($page);
        $this->assertStringContainsString('Kate Category', $html);
        $this->assertStringContainsString('C3', $html);
    }
}
