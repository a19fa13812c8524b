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

use moodle_url;
use renderer_base;

/**
 * Helpers shared by the report pages: sortable headings, paging bar, download selector.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
abstract class report_page implements \renderable, \templatable {
    /** @var moodle_url the page, with its current parameters */
    protected $baseurl;
    /** @var string */
    protected $sort;
    /** @var string ASC or DESC */
    protected $dir;
    /** @var int */
    protected $page;
    /** @var int */
    protected $perpage;

    /**
     * Constructor.
     *
     * @param moodle_url $baseurl
     * @param string $sort
     * @param string $dir
     * @param int $page
     * @param int $perpage
     */
    public function __construct(moodle_url $baseurl, string $sort, string $dir, int $page, int $perpage) {
        $this->baseurl = $baseurl;
        $this->sort = $sort;
        $this->dir = strtoupper($dir) === 'DESC' ? 'DESC' : 'ASC';
        $this->page = max(0, $page);
        $this->perpage = max(1, $perpage);
    }

    /**
     * Column headings; sortable ones link to the page sorted by them (toggling the direction).
     *
     * @param array $columns key => [label, sortable]
     * @return array template context
     */
    protected function headings(array $columns): array {
        $headings = [];
        foreach ($columns as $key => [$label, $sortable]) {
            $heading = ['label' => $label, 'sortable' => $sortable];
            if ($sortable) {
                $active = $this->sort === $key;
                $dir = ($active && $this->dir === 'ASC') ? 'DESC' : 'ASC';
                $heading['url'] = (new moodle_url($this->baseurl, ['sort' => $key, 'dir' => $dir, 'page' => 0]))->out(false);
                $heading['active'] = $active;
                $heading['asc'] = $active && $this->dir === 'ASC';
                $heading['desc'] = $active && $this->dir === 'DESC';
            }
            $headings[] = $heading;
        }
        return $headings;
    }

    /**
     * The paging bar and download selector.
     *
     * @param renderer_base $output
     * @param int $total rows
     * @return array template context
     */
    protected function controls(renderer_base $output, int $total): array {
        $params = ['sort' => $this->sort, 'dir' => $this->dir];
        return [
            'pagingbar' => $output->paging_bar(
                $total,
                $this->page,
                $this->perpage,
                new moodle_url($this->baseurl, $params)
            ),
            'download' => $output->download_dataformat_selector(
                get_string('downloadas', 'table'),
                $this->baseurl->out_omit_querystring(),
                'download',
                $params
            ),
        ];
    }
}
