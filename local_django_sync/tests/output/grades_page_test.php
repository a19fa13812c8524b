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

namespace local_django_sync\output;

use local_django_sync\local\grade_outbox;

/**
 * Tests of the grade delivery page: figures, tabs, and the paged table of rows with names and values.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\output\grades_page
 * @covers     \local_django_sync\output\grades_table
 * @covers     \local_django_sync\output\renderer
 */
final class grades_page_test extends \advanced_testcase {
    /**
     * Renders the table as grades.php does, for a filter and a page.
     *
     * @param string $filter
     * @param int $page
     * @return string HTML
     */
    protected function table_html(string $filter, int $page = 0): string {
        global $PAGE;
        $_GET['page'] = $page;
        $url = new \moodle_url('/local/django_sync/grades.php', ['state' => $filter]);
        $html = $PAGE->get_renderer('local_django_sync')->grades_table(new grades_table($url, $filter), 50);
        unset($_GET['page']);
        return $html;
    }

    public function test_figures_tabs_and_bulk_actions_are_rendered_escaped(): void {
        global $DB, $PAGE;
        $this->resetAfterTest();
        $this->setAdminUser();
        foreach ([1, 2, 3, 4] as $i) {
            grade_outbox::insert_if_absent(['userid' => $i, 'courseid' => 2, 'itemid' => 5, 'gradeid' => $i,
                'idempotency_key' => "grade:$i:1764000000:1.00000", 'finalgrade' => 1.0]);
        }
        $DB->set_field(grade_outbox::TABLE, 'timecreated', 1764000000, []);
        $DB->set_field(grade_outbox::TABLE, 'state', grade_outbox::FAILED, ['userid' => 1]);
        $DB->set_field(grade_outbox::TABLE, 'attempts', 2, ['userid' => 2]);
        $DB->set_field(grade_outbox::TABLE, 'nextattempt', time() + 600, ['userid' => 2]);
        $DB->set_field(grade_outbox::TABLE, 'state', grade_outbox::DELIVERED, ['userid' => 4]);

        $stats = grade_outbox::stats();
        $this->assertSame([2, 1, 1, 1, 1, 1764000000], [$stats->pending, $stats->due, $stats->retrying, $stats->failed,
            $stats->delivered, $stats->oldestpending]);
        $page = new grades_page($stats, grade_outbox::FAILED, ['time' => 1764000000, 'since' => 1763990000,
            'checked' => 12, 'missing' => 1]);
        $renderer = $PAGE->get_renderer('local_django_sync');
        $context = $page->export_for_template($renderer);
        $this->assertTrue($context['hasfailed']);
        $this->assertSame(
            ['all' => 4, 'pending' => 2, 'retrying' => 1, 'failed' => 1, 'delivered' => 1],
            array_combine(grades_table::FILTERS, array_column($context['tabs'], 'count'))
        );
        $this->assertSame([false, false, false, true, false], array_column($context['tabs'], 'active'));
        $html = $renderer->render($page);
        $this->assertStringContainsString('name="action" value="discard"', $html);
        $this->assertStringContainsString('name="sesskey" value="' . sesskey() . '"', $html);
        $this->assertStringContainsString('12 grade changes compared, 1 missing rows queued', $html);
        $this->assertStringContainsString('grades.php?state=delivered', $html);
    }

    public function test_the_table_shows_names_and_values_and_pages_through_every_row(): void {
        global $CFG, $DB;
        require_once($CFG->libdir . '/gradelib.php');
        $this->resetAfterTest();
        $this->setAdminUser();
        set_config('grades_enabled', 1, 'local_django_sync');
        $course = $this->getDataGenerator()->create_course(['shortname' => 'ACC & 101', 'fullname' => 'Accounting']);
        $item = new \grade_item($this->getDataGenerator()->create_grade_item(['courseid' => $course->id,
            'itemname' => 'Essay <i>one</i>', 'grademax' => 50]), false);
        grade_regrade_final_grades($course->id);
        $item = \grade_item::fetch(['id' => $item->id]);
        $students = [];
        for ($i = 1; $i <= 60; $i++) {
            $students[$i] = $this->getDataGenerator()->create_and_enrol(
                $course,
                'student',
                ['firstname' => "Stu$i", 'lastname' => $i === 1 ? "O'Brien & Co" : "Dent$i"]
            );
            $item->update_final_grade($students[$i]->id, $i / 2, 'test');
        }
        // The item's rows plus the course totals: more than one page of 50.
        $itemrows = $DB->count_records(grade_outbox::TABLE, ['itemid' => $item->id]);
        $this->assertSame(60, $itemrows);
        $total = $DB->count_records(grade_outbox::TABLE);
        $this->assertGreaterThan(100, $total);
        $first = $DB->get_record(grade_outbox::TABLE, ['itemid' => $item->id, 'userid' => $students[1]->id]);
        $DB->set_field(grade_outbox::TABLE, 'state', grade_outbox::FAILED, ['id' => $first->id]);
        $DB->set_field(grade_outbox::TABLE, 'lasterror', 'HTTP 400: <script>alert(1)</script>', ['id' => $first->id]);
        $DB->set_field(grade_outbox::TABLE, 'lasthttpstatus', 400, ['id' => $first->id]);

        $seen = [];
        $pages = (int)ceil($total / 50);
        for ($p = 0; $p < $pages; $p++) {
            preg_match_all('~grade:\d+:\d+:[0-9.]+~', $this->table_html('all', $p), $keys);
            $this->assertNotEmpty($keys[0], "page $p has rows");
            $this->assertLessThanOrEqual(50, count($keys[0]));
            $seen = array_merge($seen, $keys[0]);
        }
        $this->assertCount($total, array_unique($seen), 'every row appears on some page');
        $this->assertStringContainsString('page=1', $this->table_html('all', 0), 'a paging bar leads on');

        $html = $this->table_html(grade_outbox::FAILED);
        $this->assertStringContainsString('Stu1 O&#039;Brien &amp; Co', $html, 'the user\'s name, escaped once');
        $this->assertStringContainsString('>ACC &amp; 101</a>', $html, 'the course short name, escaped once');
        $this->assertStringNotContainsString('<script>alert(1)</script>', $html);
        $this->assertStringContainsString('HTTP 400: &lt;script&gt;alert(1)&lt;/script&gt;', $html, 'escaped once');
        $this->assertStringContainsString('0.50 / 50.00', $html, 'the value sent and its maximum');
        $this->assertStringContainsString('Failed (400)', $html);
        $this->assertStringContainsString('value="retry"', $html);
        $this->assertStringContainsString('/user/profile.php?id=' . $students[1]->id, $html);
        $this->assertSame(1, preg_match_all('~grade:\d+:\d+:[0-9.]+~', $html), 'the failed tab shows the failed row only');

        $html = $this->table_html(grade_outbox::PENDING);
        $this->assertStringContainsString('Essay', $html);
        $this->assertStringNotContainsString('<i>one</i>', $html);
        $this->assertStringContainsString(get_string('coursetotal', 'grades'), $html);
    }

    public function test_the_page_demands_the_capability(): void {
        $this->resetAfterTest();
        $user = $this->getDataGenerator()->create_user();
        $this->setUser($user);
        $this->assertFalse(has_capability('local/django_sync:manage', \context_system::instance()));
        $this->setAdminUser();
        $this->assertTrue(has_capability('local/django_sync:manage', \context_system::instance()));
    }
}
