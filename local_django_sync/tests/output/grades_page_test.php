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
 * Tests of the grade delivery status section.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\output\grades_page
 */
final class grades_page_test extends \advanced_testcase {
    public function test_figures_failures_and_actions_are_rendered_escaped(): void {
        global $DB, $PAGE;
        $this->resetAfterTest();
        $this->setAdminUser();
        foreach ([1, 2, 3] as $i) {
            grade_outbox::insert_if_absent(['userid' => $i, 'courseid' => 2, 'itemid' => 5, 'gradeid' => $i,
                'idempotency_key' => "grade:$i:1764000000:1.00000", 'finalgrade' => 1.0]);
        }
        $DB->set_field(grade_outbox::TABLE, 'timecreated', 1764000000, []);
        $DB->set_field(grade_outbox::TABLE, 'state', grade_outbox::FAILED, ['userid' => 1]);
        $DB->set_field(grade_outbox::TABLE, 'lasterror', 'HTTP 400: <script>alert(1)</script>', ['userid' => 1]);
        $DB->set_field(grade_outbox::TABLE, 'attempts', 2, ['userid' => 2]);
        $DB->set_field(grade_outbox::TABLE, 'nextattempt', time() + 600, ['userid' => 2]);

        $stats = grade_outbox::stats();
        $this->assertSame([2, 1, 1, 1, 1764000000], [$stats->pending, $stats->due, $stats->retrying, $stats->failed,
            $stats->oldestpending]);
        $page = new grades_page(
            $stats,
            grade_outbox::problems(grade_outbox::FAILED),
            grade_outbox::problems(grade_outbox::PENDING)
        );
        $renderer = $PAGE->get_renderer('local_django_sync');
        $context = $page->export_for_template($renderer);
        $this->assertTrue($context['hasfailed']);
        $this->assertCount(1, $context['failed']);
        $this->assertCount(1, $context['retrying']);
        $html = $renderer->render($page);
        $this->assertStringNotContainsString('<script>alert(1)</script>', $html);
        $this->assertStringContainsString('&lt;script&gt;', $html);
        $this->assertStringContainsString('name="action" value="discard"', $html);
        $this->assertStringContainsString('name="sesskey" value="' . sesskey() . '"', $html);
        $this->assertStringContainsString('grade:1:1764000000:1.00000', $html);
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
