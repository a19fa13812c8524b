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

/**
 * Renderer of local_django_sync: each page is a renderable rendered through its mustache template.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class renderer extends \plugin_renderer_base {
    /**
     * The course managers report.
     *
     * @param managers_page $page
     * @return string HTML
     */
    protected function render_managers_page(managers_page $page): string {
        return $this->render_from_template('local_django_sync/managers_page', $page->export_for_template($this));
    }

    /**
     * The categories report.
     *
     * @param categories_page $page
     * @return string HTML
     */
    protected function render_categories_page(categories_page $page): string {
        return $this->render_from_template('local_django_sync/categories_page', $page->export_for_template($this));
    }

    /**
     * The sync page.
     *
     * @param sync_page $page
     * @return string HTML
     */
    protected function render_sync_page(sync_page $page): string {
        return $this->render_from_template('local_django_sync/sync_page', $page->export_for_template($this));
    }

    /**
     * One run of the history.
     *
     * @param run_page $page
     * @return string HTML
     */
    protected function render_run_page(run_page $page): string {
        return $this->render_from_template('local_django_sync/run_page', $page->export_for_template($this));
    }

    /**
     * The filters of the run history.
     *
     * @param runs_filter $filter
     * @return string HTML
     */
    protected function render_runs_filter(runs_filter $filter): string {
        return $this->render_from_template('local_django_sync/runs_filter', $filter->export_for_template($this));
    }

    /**
     * A page of a run's users (a plan category, or the per-user report), with its paging bar.
     *
     * @param items_table $table
     * @param int $pagesize
     * @return string HTML
     */
    public function items_table(items_table $table, int $pagesize = 50): string {
        ob_start();
        $table->out($pagesize, false);
        return ob_get_clean();
    }

    /**
     * A page of the run history, with its paging bar.
     *
     * @param runs_table $table
     * @param int $pagesize
     * @return string HTML
     */
    public function runs_table(runs_table $table, int $pagesize = 30): string {
        ob_start();
        $table->out($pagesize, false);
        return ob_get_clean();
    }

    /**
     * The grade delivery status.
     *
     * @param grades_page $page
     * @return string HTML
     */
    protected function render_grades_page(grades_page $page): string {
        return $this->render_from_template('local_django_sync/grades_page', $page->export_for_template($this));
    }

    /**
     * The rows of the grade outbox: a page of the table, with its paging bar.
     *
     * @param grades_table $table
     * @param int $pagesize
     * @return string HTML
     */
    public function grades_table(grades_table $table, int $pagesize = 50): string {
        ob_start();
        $table->out($pagesize, false);
        return ob_get_clean();
    }
}
