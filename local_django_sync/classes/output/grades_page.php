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
use moodle_url;
use renderer_base;

/**
 * The grade delivery status: figures, the last reconciliation, tabs per state, retry and discard of all failed rows.
 *
 * The rows themselves are {@see grades_table}, rendered below this.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class grades_page implements \renderable, \templatable {
    /** The actions grades.php takes. */
    public const ACTIONS = ['retry', 'discard'];

    /** @var \stdClass */
    protected $stats;
    /** @var string */
    protected $filter;
    /** @var array|null */
    protected $reconciled;

    /**
     * Constructor.
     *
     * @param \stdClass $stats {@see grade_outbox::stats()}
     * @param string $filter the tab shown, one of {@see grades_table::FILTERS}
     * @param array|null $reconciled the last reconciliation (time, since, checked, missing), null if none yet
     */
    public function __construct(\stdClass $stats, string $filter, ?array $reconciled) {
        $this->stats = $stats;
        $this->filter = $filter;
        $this->reconciled = $reconciled;
    }

    /**
     * Template context.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $baseurl = new moodle_url('/local/django_sync/grades.php');
        $never = '-';
        $stats = [
            ['label' => get_string('gradestats_pending', 'local_django_sync'), 'value' => $this->stats->pending],
            ['label' => get_string('gradestats_due', 'local_django_sync'), 'value' => $this->stats->due],
            ['label' => get_string('gradestats_retrying', 'local_django_sync'), 'value' => $this->stats->retrying],
            ['label' => get_string('gradestats_failed', 'local_django_sync'), 'value' => $this->stats->failed],
            ['label' => get_string('gradestats_delivered', 'local_django_sync', grade_outbox::keep_days()),
                'value' => $this->stats->delivered],
            ['label' => get_string('gradestats_oldest', 'local_django_sync'),
                'value' => $this->stats->oldestpending ? userdate($this->stats->oldestpending) : $never],
            ['label' => get_string('gradestats_nextattempt', 'local_django_sync'),
                'value' => $this->stats->nextattempt ? userdate($this->stats->nextattempt) : $never],
        ];
        if ($this->reconciled) {
            $stats[] = ['label' => get_string('gradestats_reconciled', 'local_django_sync'),
                'value' => get_string('gradestats_reconciled_value', 'local_django_sync', (object)[
                    'time' => userdate((int)$this->reconciled['time']),
                    'checked' => (int)$this->reconciled['checked'],
                    'missing' => (int)$this->reconciled['missing'],
                ])];
        }
        $counts = ['all' => $this->stats->pending + $this->stats->failed + $this->stats->delivered,
            grade_outbox::PENDING => $this->stats->pending, 'retrying' => $this->stats->retrying,
            grade_outbox::FAILED => $this->stats->failed, grade_outbox::DELIVERED => $this->stats->delivered];
        $tabs = [];
        foreach (grades_table::FILTERS as $filter) {
            $tabs[] = [
                'url' => (new moodle_url($baseurl, ['state' => $filter]))->out(false),
                'label' => get_string('gradefilter_' . $filter, 'local_django_sync'),
                'count' => $counts[$filter],
                'active' => $filter === $this->filter,
            ];
        }
        return [
            'actionurl' => $baseurl->out(false),
            'sesskey' => sesskey(),
            'stats' => $stats,
            'tabs' => $tabs,
            'hasfailed' => $this->stats->failed > 0,
            'failedcount' => $this->stats->failed,
        ];
    }
}
