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
 * Tests of the categories report.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\report\categories
 * @covers     \local_django_sync\output\categories_page
 */
final class categories_test extends \advanced_testcase {
    public function test_direct_and_total_counts(): void {
        $this->resetAfterTest();
        $gen = $this->getDataGenerator();
        $a = $gen->create_category(['name' => 'A']);
        $a1 = $gen->create_category(['name' => 'A1', 'parent' => $a->id]);
        $a11 = $gen->create_category(['name' => 'A11', 'parent' => $a1->id]);
        $b = $gen->create_category(['name' => 'B']);
        $gen->create_course(['category' => $a->id]);
        $gen->create_course(['category' => $a1->id]);
        $gen->create_course(['category' => $a11->id]);
        $gen->create_course(['category' => $a11->id]);

        $report = new categories();
        $rows = array_column($report->rows(), null, 'id');
        $this->assertSame([1, 4], [$rows[$a->id]->direct, $rows[$a->id]->total]);
        $this->assertSame([1, 3], [$rows[$a1->id]->direct, $rows[$a1->id]->total]);
        $this->assertSame([2, 2], [$rows[$a11->id]->direct, $rows[$a11->id]->total]);
        $this->assertSame([0, 0], [$rows[$b->id]->direct, $rows[$b->id]->total]);
        $this->assertSame('A / A1 / A11', $rows[$a11->id]->fullpath);
        $this->assertSame(4, $report->course_total());

        // Tree order keeps children right after their parent.
        $order = array_column($report->rows(), 'id');
        $this->assertSame([$a->id, $a1->id, $a11->id], array_values(array_intersect($order, [$a->id, $a1->id, $a11->id])));
        $this->assertLessThan(array_search($b->id, $order), array_search($a11->id, $order));

        $bytotal = array_column($report->sorted('total', 'DESC'), 'id');
        $this->assertEquals($a->id, $bytotal[0]);
    }

    public function test_page_renders_with_chart(): void {
        global $PAGE;
        $this->resetAfterTest();
        $gen = $this->getDataGenerator();
        $cat = $gen->create_category(['name' => 'Physics']);
        $gen->create_course(['category' => $cat->id]);
        $PAGE->set_url('/local/django_sync/categories.php');
        $page = new \local_django_sync\output\categories_page(
            new categories(),
            new \moodle_url('/local/django_sync/categories.php'),
            'tree',
            'ASC',
            0,
            50
        );
        $html = $PAGE->get_renderer('local_django_sync')->render($page);
        $this->assertStringContainsString('Physics', $html);
        $this->assertStringContainsString('chart', $html);
    }
}
