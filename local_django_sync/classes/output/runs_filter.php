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
 * The filters of the run history: state, mode, origin, who started it, from and to a date.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class runs_filter implements \renderable, \templatable {
    /** @var array the filters in force */
    protected $filters;
    /** @var array the same as URL parameters (dates as YYYY-MM-DD) */
    protected $params;

    /**
     * Constructor.
     *
     * @param array $filters status, mode, origin, userid, from, to
     * @param array $params the same as URL parameters
     */
    public function __construct(array $filters, array $params) {
        $this->filters = $filters;
        $this->params = $params;
    }

    /**
     * Template context.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        global $DB;
        $options = static function (array $values, string $current, callable $label): array {
            $out = [['value' => '', 'label' => get_string('all'), 'selected' => $current === '']];
            foreach ($values as $value) {
                $out[] = ['value' => $value, 'label' => $label($value), 'selected' => (string)$value === $current];
            }
            return $out;
        };
        $users = [];
        // The few administrators who ever started a run from the page.
        $names = \core_user\fields::for_name()->get_sql('u', false, '', '', false)->selects;
        $starters = $DB->get_records_sql("SELECT DISTINCT u.id, $names
                                            FROM {" . run_log::TABLE . "} r
                                            JOIN {user} u ON u.id = r.userid", [], 0, 200);
        foreach ($starters as $u) {
            $users[] = ['value' => (int)$u->id, 'label' => fullname($u),
                'selected' => (int)$u->id === (int)$this->filters['userid']];
        }
        return [
            'actionurl' => (new moodle_url('/local/django_sync/runs.php'))->out(false),
            'statuses' => $options(run_log::STATES, (string)$this->filters['status'],
                static fn($v) => get_string('status_' . $v, 'local_django_sync')),
            'modes' => $options(array_merge(run_log::SYNC_MODES, ['reconcile']), (string)$this->filters['mode'],
                static fn($v) => get_string('mode_' . $v, 'local_django_sync')),
            'origins' => $options(['page', 'task', 'cli'], (string)$this->filters['origin'],
                static fn($v) => get_string('origin_' . $v, 'local_django_sync')),
            'users' => $users,
            'hasusers' => !empty($users),
            'from' => $this->params['from'] ?? '',
            'to' => $this->params['to'] ?? '',
        ];
    }
}
