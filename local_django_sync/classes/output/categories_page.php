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

use local_django_sync\local\report\categories;
use moodle_url;
use renderer_base;

/**
 * The categories report page.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class categories_page extends report_page {
    /** @var categories */
    protected $report;

    /**
     * Constructor.
     *
     * @param categories $report
     * @param moodle_url $baseurl
     * @param string $sort
     * @param string $dir
     * @param int $page
     * @param int $perpage
     */
    public function __construct(
        categories $report,
        moodle_url $baseurl,
        string $sort,
        string $dir,
        int $page,
        int $perpage
    ) {
        parent::__construct($baseurl, $sort, $dir, $page, $perpage);
        $this->report = $report;
    }

    /**
     * Template context.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $all = $this->report->sorted($this->sort, $this->dir);
        $shown = array_slice($all, $this->page * $this->perpage, $this->perpage);
        $tree = $this->sort === 'tree';
        $context = \context_system::instance();
        $rows = [];
        foreach ($shown as $category) {
            $rows[] = [
                'name' => $tree ? format_string($category->name, true, ['context' => $context]) : $category->fullpath,
                'indent' => $tree ? ($category->depth - 1) * 1.5 : 0,
                'url' => (new moodle_url('/course/index.php', ['categoryid' => $category->id]))->out(false),
                'idnumber' => $category->idnumber,
                'direct' => $category->direct,
                'total' => $category->total,
                'hidden' => empty($category->visible),
            ];
        }

        $chart = '';
        if ($shown) {
            $bar = new \core\chart_bar();
            $bar->set_title(get_string('chartcourses', 'local_django_sync'));
            $bar->add_series(new \core\chart_series(
                get_string('directcourses', 'local_django_sync'),
                array_column($shown, 'direct')
            ));
            $bar->add_series(new \core\chart_series(
                get_string('totalcourses', 'local_django_sync'),
                array_column($shown, 'total')
            ));
            $bar->set_labels(array_map(static fn(\stdClass $c): string => $c->fullpath, $shown));
            $chart = $output->render($bar);
        }

        return [
            'total' => count($all),
            'coursetotal' => $this->report->course_total(),
            'hasrows' => !empty($rows),
            'headings' => $this->headings([
                'name' => [get_string('category'), true],
                'idnumber' => [get_string('idnumber'), false],
                'direct' => [get_string('directcourses', 'local_django_sync'), true],
                'total' => [get_string('totalcourses', 'local_django_sync'), true],
            ]),
            'treeurl' => $tree ? '' : (new moodle_url($this->baseurl, ['sort' => 'tree', 'page' => 0]))->out(false),
            'rows' => $rows,
            'chart' => $chart,
        ] + $this->controls($output, count($all));
    }
}
