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

use html_writer;
use local_django_sync\local\run_log;
use moodle_url;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->libdir . '/tablelib.php');

/**
 * The history of runs, paged and sortable, filtered by state, mode, origin, who started it and when: each with its
 * counts, its duration and a link to its per-user report.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class runs_table extends \table_sql {
    /** Counts shown in the list (the run's page shows all). */
    protected const SHOWN_COUNTS = ['only_in_django', 'only_in_moodle', 'moodle_updates', 'conflicts', 'to_suspend', 'done',
        'exists', 'skipped', 'failed', 'not_done', 'checked', 'missing'];

    /**
     * Constructor.
     *
     * @param moodle_url $baseurl the page with its filters
     * @param array $filters status, mode, origin, userid, from, to (Unix times); empty ones do not filter
     */
    public function __construct(moodle_url $baseurl, array $filters) {
        parent::__construct('local_django_sync_runs');
        $this->define_baseurl($baseurl);
        $columns = ['id', 'timestarted', 'duration', 'startedby', 'mode', 'status', 'counts', 'message'];
        $headers = ['#', get_string('started', 'local_django_sync'), get_string('duration', 'local_django_sync'),
            get_string('origin', 'local_django_sync'), get_string('mode', 'local_django_sync'), get_string('status'),
            get_string('counts', 'local_django_sync'), get_string('message', 'local_django_sync')];
        $this->define_columns($columns);
        $this->define_headers($headers);
        $this->sortable(true, 'id', SORT_DESC);
        foreach (['counts', 'message', 'startedby'] as $column) {
            $this->no_sorting($column);
        }
        $this->collapsible(false);
        $this->set_attribute('id', 'local-django-sync-history');
        $this->set_attribute('class', 'generaltable table-sm');

        [$where, $params] = self::where($filters);
        $names = \core_user\fields::for_name()->get_sql('u', false, '', '', false)->selects;
        $this->set_sql("r.id, r.timestarted, r.timefinished, r.origin, r.mode, r.userid, r.status, r.counts, r.message,
                        r.attempts, r.position, r.total, r.decidedby,
                        CASE WHEN r.timefinished IS NULL THEN NULL ELSE r.timefinished - r.timestarted END AS duration,
                        $names", "{" . run_log::TABLE . "} r LEFT JOIN {user} u ON u.id = r.userid", $where, $params);
        $this->set_count_sql("SELECT COUNT(1) FROM {" . run_log::TABLE . "} r WHERE $where", $params);
    }

    /**
     * The WHERE clause of the filters.
     *
     * @param array $filters
     * @return array{0: string, 1: array}
     */
    public static function where(array $filters): array {
        $where = ['1 = 1'];
        $params = [];
        foreach (['status', 'mode', 'origin'] as $key) {
            if (!empty($filters[$key])) {
                $where[] = "r.$key = :$key";
                $params[$key] = (string)$filters[$key];
            }
        }
        if (!empty($filters['userid'])) {
            $where[] = 'r.userid = :userid';
            $params['userid'] = (int)$filters['userid'];
        }
        if (!empty($filters['from'])) {
            $where[] = 'r.timestarted >= :from';
            $params['from'] = (int)$filters['from'];
        }
        if (!empty($filters['to'])) {
            $where[] = 'r.timestarted < :to';
            $params['to'] = (int)$filters['to'];
        }
        return [implode(' AND ', $where), $params];
    }

    /**
     * The run's number, linked to its page.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_id($row): string {
        return html_writer::link(new moodle_url('/local/django_sync/runs.php', ['id' => $row->id]), (string)(int)$row->id);
    }

    /**
     * When it started.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_timestarted($row): string {
        return s(userdate((int)$row->timestarted, get_string('strftimedatetimeshort', 'langconfig')));
    }

    /**
     * How long it took (or "going on").
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_duration($row): string {
        if ($row->duration === null) {
            return s(get_string('status_' . $row->status, 'local_django_sync'));
        }
        return s(format_time(max(0, (int)$row->duration)) ?: '0 ' . get_string('secs'));
    }

    /**
     * Who started it: a user (linked), the scheduled task, the command line.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_startedby($row): string {
        if ((int)$row->userid > 0 && $row->firstname !== null) {
            return html_writer::link(new moodle_url('/user/profile.php', ['id' => $row->userid]), s(fullname($row)));
        }
        return s(get_string('origin_' . $row->origin, 'local_django_sync'));
    }

    /**
     * Plan, apply, undo, reconcile.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_mode($row): string {
        return s(get_string('mode_' . $row->mode, 'local_django_sync'));
    }

    /**
     * Where it stands.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_status($row): string {
        return html_writer::span(s(get_string('status_' . $row->status, 'local_django_sync')), 'badge '
            . self::badge((string)$row->status));
    }

    /**
     * The main counts.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_counts($row): string {
        $counts = json_decode((string)$row->counts, true) ?: [];
        $parts = [];
        foreach (self::SHOWN_COUNTS as $name) {
            if (!empty($counts[$name])) {
                $parts[] = s(run_log::count_label($name) . ': ' . number_format((int)$counts[$name]));
            }
        }
        if (in_array($row->status, ['running', 'planning'], true) && (int)$row->total > 0) {
            $parts[] = s(get_string('progress_position', 'local_django_sync', (object)['done' => (int)$row->position,
                'total' => (int)$row->total]));
        }
        return html_writer::span(implode('<br>', $parts), 'small');
    }

    /**
     * Why it stopped, was held or resumed (shortened; the run's page has it whole).
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_message($row): string {
        return html_writer::span(s(shorten_text((string)$row->message, 200)), 'small text-break');
    }

    /**
     * The badge class of a state.
     *
     * @param string $status
     * @return string
     */
    public static function badge(string $status): string {
        return ['success' => 'bg-success text-white', 'partial' => 'bg-warning text-dark', 'failed' => 'bg-danger text-white',
            'abandoned' => 'bg-danger text-white', 'held' => 'bg-warning text-dark', 'stale' => 'bg-secondary text-white',
            'rejected' => 'bg-secondary text-white'][$status] ?? 'bg-info text-dark';
    }
}
