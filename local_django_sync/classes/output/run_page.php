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

use local_django_sync\local\run_log;
use moodle_url;
use renderer_base;

/**
 * One run on the history page: who started it, when, how long, how it ended and why, its counts, its progress bar
 * while it goes on, Approve and Reject while it is held, and its per-user report (a page of rows, filtered by what
 * happened to each user).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_page implements \renderable, \templatable {
    /** @var \stdClass the run */
    protected $run;
    /** @var string the report's filter */
    protected $filter;
    /** @var string */
    protected $search;
    /** @var string HTML of the report's page of rows */
    protected $table;

    /**
     * Constructor.
     *
     * @param \stdClass $run as run_log::get() gives it
     * @param string $filter one of items_table::FILTERS
     * @param string $search
     * @param string $table HTML of the items table
     */
    public function __construct(\stdClass $run, string $filter, string $search, string $table) {
        $this->run = $run;
        $this->filter = $filter;
        $this->search = $search;
        $this->table = $table;
    }

    /**
     * Template context.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $run = $this->run;
        $url = new moodle_url('/local/django_sync/runs.php', ['id' => $run->id]);
        $facts = [
            ['name' => get_string('mode', 'local_django_sync'), 'value' => get_string('mode_' . $run->mode, 'local_django_sync')],
            ['name' => get_string('origin', 'local_django_sync'), 'value' => run_log::started_by($run)],
            ['name' => get_string('started', 'local_django_sync'), 'value' => userdate((int)$run->timestarted)],
        ];
        if ($run->timefinished) {
            $facts[] = ['name' => get_string('finished', 'local_django_sync'), 'value' => userdate((int)$run->timefinished)];
            $facts[] = ['name' => get_string('duration', 'local_django_sync'),
                'value' => format_time(max(1, (int)$run->timefinished - (int)$run->timestarted))];
        }
        if ((int)$run->total > 0) {
            $facts[] = ['name' => get_string('workitems', 'local_django_sync'), 'value' => get_string('progress_position',
                'local_django_sync', (object)['done' => (int)$run->position, 'total' => (int)$run->total])];
        }
        if ((int)$run->attempts > 1) {
            $facts[] = ['name' => get_string('attempts', 'local_django_sync'), 'value' => (int)$run->attempts];
        }
        if ((int)$run->decidedby > 0) {
            $user = \core_user::get_user((int)$run->decidedby);
            $facts[] = ['name' => get_string('decidedby', 'local_django_sync'), 'value' => ($user ? fullname($user) : '')
                . ', ' . userdate((int)$run->timedecided)];
        }
        if ((int)$run->parentid > 0) {
            $facts[] = ['name' => get_string('undoof', 'local_django_sync'), 'value' => '#' . (int)$run->parentid];
        }
        $counts = [];
        foreach ($run->counts as $name => $value) {
            $counts[] = ['name' => $name, 'value' => is_scalar($value) ? $value : json_encode($value)];
        }
        $filters = [];
        foreach (items_table::FILTERS as $filter) {
            $filters[] = [
                'label' => get_string('itemfilter_' . $filter, 'local_django_sync'),
                'url' => (new moodle_url($url, ['filter' => $filter]))->out(false),
                'active' => $filter === $this->filter,
            ];
        }
        $context = [
            'id' => (int)$run->id,
            'status' => get_string('status_' . $run->status, 'local_django_sync'),
            'badge' => runs_table::badge((string)$run->status),
            'facts' => $facts,
            'message' => $run->message,
            'counts' => $counts,
            'filters' => $filters,
            'filter' => $this->filter,
            'search' => $this->search,
            'actionurl' => (new moodle_url('/local/django_sync/runs.php'))->out(false),
            'table' => $this->table,
            'held' => $run->status === run_log::HELD,
            'syncurl' => (new moodle_url('/local/django_sync/sync.php'))->out(false),
            'sesskey' => sesskey(),
            'historyurl' => (new moodle_url('/local/django_sync/runs.php'))->out(false),
        ];
        if (in_array($run->status, run_log::ACTIVE, true) && $run->progressbar) {
            $bar = \core\output\stored_progress_bar::get_by_idnumber($run->progressbar);
            $context['progress'] = $bar ? $bar->get_content() : '';
        }
        return $context;
    }
}
