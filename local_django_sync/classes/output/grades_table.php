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
use local_django_sync\local\grade_outbox;
use moodle_url;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->libdir . '/tablelib.php');

/**
 * The rows of the grade outbox, paged and sortable: who, which course and item, the value sent, where it stands.
 *
 * One state at a time or all of them (pending, retrying, failed, delivered); failed rows get Retry and Discard,
 * which go through grades.php's confirmation. Every cell is escaped here, once.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class grades_table extends \table_sql {
    /** The filters, in the order of the tabs; 'retrying' is pending rows that have failed before. */
    public const FILTERS = ['all', grade_outbox::PENDING, 'retrying', grade_outbox::FAILED, grade_outbox::DELIVERED];

    /** @var string one of FILTERS */
    protected $filter;

    /** @var array decoded payloads by row id */
    protected $payloads = [];

    /**
     * Constructor.
     *
     * @param moodle_url $baseurl the page (with its filter)
     * @param string $filter one of FILTERS
     */
    public function __construct(moodle_url $baseurl, string $filter) {
        global $DB;
        parent::__construct('local_django_sync_grades');
        $this->filter = in_array($filter, self::FILTERS, true) ? $filter : 'all';
        $this->define_baseurl($baseurl);

        $columns = ['id', 'fullname', 'course', 'item', 'value', 'state', 'attempts', 'timemodified', 'lasterror'];
        $headers = ['#', get_string('user', 'local_django_sync'), get_string('course', 'local_django_sync'),
            get_string('gradeitem', 'local_django_sync'), get_string('gradevalue', 'local_django_sync'),
            get_string('gradestate', 'local_django_sync'), get_string('attempts', 'local_django_sync'),
            get_string('gradewhen', 'local_django_sync'), get_string('lasterror', 'local_django_sync')];
        if ($this->filter === grade_outbox::FAILED || $this->filter === 'all') {
            $columns[] = 'actions';
            $headers[] = get_string('actions');
        }
        $this->define_columns($columns);
        $this->define_headers($headers);
        $this->sortable(true, 'id', SORT_DESC);
        foreach (['item', 'value', 'lasterror', 'actions'] as $column) {
            $this->no_sorting($column);
        }
        $this->collapsible(false);
        $this->set_attribute('id', 'local-django-sync-grade-rows');
        $this->set_attribute('class', 'generaltable table-sm');

        $names = \core_user\fields::for_name()->get_sql('u', false, '', '', false)->selects;
        $fields = "o.id, o.idempotencykey, o.userid, o.courseid, o.itemid, o.payload, o.state, o.attempts,
                   o.nextattempt, o.lasthttpstatus, o.lasterror, o.timecreated, o.timemodified,
                   $names, c.shortname AS course, c.fullname AS coursefullname, gi.itemname, gi.itemtype";
        $from = "{" . grade_outbox::TABLE . "} o
                 LEFT JOIN {user} u ON u.id = o.userid
                 LEFT JOIN {course} c ON c.id = o.courseid
                 LEFT JOIN {grade_items} gi ON gi.id = o.itemid";
        switch ($this->filter) {
            case 'all':
                $where = '1 = 1';
                $params = [];
                break;
            case 'retrying':
                $where = 'o.state = :state AND o.attempts > 0';
                $params = ['state' => grade_outbox::PENDING];
                break;
            default:
                $where = 'o.state = :state';
                $params = ['state' => $this->filter];
        }
        $this->set_sql($fields, $from, $where, $params);
        $this->set_count_sql("SELECT COUNT(1) FROM {" . grade_outbox::TABLE . "} o WHERE $where", $params);
        $this->useridfield = 'userid';
    }

    /**
     * The row id and, small, its idempotency key and when it was recorded.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_id($row): string {
        return (int)$row->id . html_writer::div(s($row->idempotencykey), 'small text-muted text-break') .
            html_writer::div(
                userdate((int)$row->timecreated, get_string('strftimedatetimeshort', 'langconfig')),
                'small text-muted'
            );
    }

    /**
     * The user's name, linked to the profile (the id when the user is gone).
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_fullname($row): string {
        if ($row->firstname === null) {
            return s(get_string('userid', 'local_django_sync') . ' ' . (int)$row->userid);
        }
        $name = fullname($row, has_capability('moodle/site:viewfullnames', $this->get_context()));
        return html_writer::link(new moodle_url('/user/profile.php', ['id' => $row->userid]), s($name));
    }

    /**
     * The course's short name, linked to its grader report (the id when the course is gone).
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_course($row): string {
        if ($row->course === null) {
            return (string)(int)$row->courseid;
        }
        $context = \context_course::instance((int)$row->courseid, IGNORE_MISSING);
        $name = format_string($row->course, true, ['context' => $context ?: \context_system::instance()]);
        return html_writer::link(
            new moodle_url('/grade/report/grader/index.php', ['id' => $row->courseid]),
            $name,
            ['title' => format_string($row->coursefullname, true, ['context' => $context ?: \context_system::instance()])]
        );
    }

    /**
     * The grade item's name ("Course total" for the course item), or the name sent when the item is gone.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_item($row): string {
        if ($row->itemtype === 'course') {
            return s(get_string('coursetotal', 'grades'));
        }
        if ($row->itemtype === 'category' && ($row->itemname === null || $row->itemname === '')) {
            return s(get_string('categorytotal', 'grades'));
        }
        $name = $row->itemname ?? ($this->payload($row)['itemname'] ?? null);
        return $name === null || $name === '' ? (string)(int)$row->itemid : format_string($name);
    }

    /**
     * The final grade sent, out of the maximum; "deleted" or "no grade" for a null one.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_value($row): string {
        $payload = $this->payload($row);
        if (!isset($payload['finalgrade'])) {
            $deleted = strpos((string)$row->idempotencykey, ':deleted:') !== false;
            return s(get_string($deleted ? 'gradevalue_deleted' : 'gradevalue_none', 'local_django_sync'));
        }
        $value = format_float((float)$payload['finalgrade'], 2);
        if (isset($payload['grademax'])) {
            $value .= ' / ' . format_float((float)$payload['grademax'], 2);
        }
        return s($value);
    }

    /**
     * Where the row stands.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_state($row): string {
        $state = $row->state === grade_outbox::PENDING && $row->attempts > 0 ? 'retrying' : $row->state;
        $class = ['failed' => 'badge bg-danger text-white', 'delivered' => 'badge bg-success text-white',
            'retrying' => 'badge bg-warning text-dark'][$state] ?? 'badge bg-secondary text-white';
        $text = get_string('gradestate_' . $state, 'local_django_sync');
        if ($row->lasthttpstatus > 0) {
            $text .= ' (' . (int)$row->lasthttpstatus . ')';
        }
        return html_writer::span(s($text), $class);
    }

    /**
     * Delivered: when; pending: the next attempt; failed: when it failed.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_timemodified($row): string {
        $time = $row->state === grade_outbox::PENDING ? (int)$row->nextattempt : (int)$row->timemodified;
        return s(userdate($time, get_string('strftimedatetimeshort', 'langconfig')));
    }

    /**
     * The last error, escaped.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_lasterror($row): string {
        return html_writer::span(s((string)$row->lasterror), 'small text-break');
    }

    /**
     * Retry and Discard for failed rows (each asks for confirmation on grades.php).
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_actions($row): string {
        global $OUTPUT;
        if ($row->state !== grade_outbox::FAILED) {
            return '';
        }
        $html = '';
        foreach (grades_page::ACTIONS as $action) {
            $url = new moodle_url('/local/django_sync/grades.php', ['action' => $action, 'id' => $row->id]);
            $html .= $OUTPUT->single_button($url, get_string('gradeaction_' . $action, 'local_django_sync'), 'post');
        }
        return html_writer::div($html, 'd-flex');
    }

    /**
     * The row's payload, decoded once.
     *
     * @param \stdClass $row
     * @return array
     */
    protected function payload(\stdClass $row): array {
        if (!isset($this->payloads[$row->id])) {
            $payload = json_decode((string)$row->payload, true);
            $this->payloads[$row->id] = is_array($payload) ? $payload : [];
        }
        return $this->payloads[$row->id];
    }
}
