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
use local_django_sync\local\run_store;
use local_django_sync\local\sync\work_item;
use moodle_url;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->libdir . '/tablelib.php');

/**
 * A run's users from the database, one page at a time: a category of its plan (the sync page's tabs), or its work
 * with what the apply did (the run's report on the history page). Sortable, searchable by name, username, email
 * and ids; every cell escaped here, once. Nothing but the page shown is read.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class items_table extends \table_sql {
    /** Report filters (the history page's tabs over a run's work). */
    public const FILTERS = ['all', 'done', 'failed', 'not_done', 'skipped', 'exists', 'todo'];

    /** @var string 'plan' (a category) or 'report' (the work) */
    protected $mode;

    /** @var string the category shown (plan mode) */
    protected $category;

    /** @var string|null the id each row's checkbox carries: 'djangoid' or 'moodleid'; null for none */
    protected $selectby;

    /** @var array decoded details by row id */
    protected $details = [];

    /**
     * Constructor.
     *
     * @param int $runid
     * @param string $mode plan or report
     * @param string $filter plan: a category of run_store::CATEGORIES; report: one of FILTERS
     * @param moodle_url $baseurl the page with its parameters
     * @param string $search text to look for in names, usernames, emails and ids ('' for all)
     * @param string|null $selectby plan: the id a checkbox carries (djangoid, moodleid), or null for no checkboxes
     */
    public function __construct(int $runid, string $mode, string $filter, moodle_url $baseurl, string $search = '',
            ?string $selectby = null) {
        global $DB;
        parent::__construct('local_django_sync_items_' . $mode . '_' . $filter);
        $this->mode = $mode === 'report' ? 'report' : 'plan';
        $this->category = $filter;
        $this->selectby = $this->mode === 'plan' ? $selectby : null;
        $this->define_baseurl($baseurl);

        if ($this->mode === 'report') {
            $columns = ['position', 'action', 'lastname', 'username', 'email', 'moodleid', 'djangoid', 'status', 'message'];
            $headers = ['#', get_string('action'), get_string('user', 'local_django_sync'), get_string('username'),
                get_string('email'), get_string('moodleid', 'local_django_sync'), get_string('djangoid', 'local_django_sync'),
                get_string('status'), get_string('message', 'local_django_sync')];
            $nosort = ['message'];
            $default = 'position';
        } else if ($filter === 'conflicts') {
            $columns = ['reason', 'details', 'moodleid', 'djangoid', 'email'];
            $headers = [get_string('reason', 'local_django_sync'), get_string('message', 'local_django_sync'),
                get_string('moodleusers', 'local_django_sync'), get_string('djangousers', 'local_django_sync'),
                get_string('email')];
            $nosort = ['reason', 'details'];
            $default = 'id';
        } else {
            $columns = $this->selectby !== null ? ['select'] : [];
            $headers = $this->selectby !== null ? [html_writer::span(get_string('select'), 'sr-only')] : [];
            $columns = array_merge($columns, ['lastname', 'username', 'email', 'moodleid', 'djangoid', 'details']);
            $headers = array_merge($headers, [get_string('fullnameuser'), get_string('username'), get_string('email'),
                get_string('moodleid', 'local_django_sync'), get_string('djangoid', 'local_django_sync'),
                get_string('detailsof_' . $filter, 'local_django_sync')]);
            $nosort = ['select', 'details'];
            $default = 'id';
        }
        $this->define_columns($columns);
        $this->define_headers($headers);
        $this->sortable(true, $default, SORT_ASC);
        foreach ($nosort as $column) {
            $this->no_sorting($column);
        }
        $this->collapsible(false);
        $this->set_attribute('id', 'local-django-sync-items');
        $this->set_attribute('class', 'generaltable table-sm');

        $where = 'i.runid = :runid';
        $params = ['runid' => $runid];
        if ($this->mode === 'report') {
            $where .= ' AND i.position IS NOT NULL';
            if ($filter === 'todo') {
                $where .= ' AND i.status IS NULL';
            } else if ($filter !== 'all' && in_array($filter, self::FILTERS, true)) {
                $where .= ' AND i.status = :status';
                $params['status'] = $filter;
            }
        } else {
            $where .= ' AND i.category = :category';
            $params['category'] = $filter;
        }
        $search = trim($search);
        if ($search !== '') {
            $like = [];
            foreach (['username', 'email', 'firstname', 'lastname', 'djangoid'] as $n => $field) {
                $like[] = $DB->sql_like('i.' . $field, ':q' . $n, false, false);
                $params['q' . $n] = '%' . $DB->sql_like_escape($search) . '%';
            }
            if (ctype_digit($search) && strlen($search) < 10) {
                $like[] = 'i.moodleid = :qid';
                $params['qid'] = (int)$search;
            }
            $where .= ' AND (' . implode(' OR ', $like) . ')';
        }
        $this->set_sql('i.id, i.position, i.action, i.itemkey, i.moodleid, i.djangoid, i.username, i.email, i.firstname,
            i.lastname, i.details, i.status, i.message', '{' . run_store::TABLE . '} i', $where, $params);
        $this->set_count_sql('SELECT COUNT(1) FROM {' . run_store::TABLE . '} i WHERE ' . $where, $params);
    }

    /**
     * A checkbox carrying the user's id for the page's action.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_select($row): string {
        $value = $this->selectby === 'djangoid' ? (string)$row->djangoid : (string)(int)$row->moodleid;
        return html_writer::empty_tag('input', ['type' => 'checkbox', 'name' => 'ids[]', 'value' => $value,
            'aria-label' => get_string('select') . ' ' . $row->email]);
    }

    /**
     * The work item's place in the run.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_position($row): string {
        return (string)((int)$row->position + 1);
    }

    /**
     * What the item does.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_action($row): string {
        return s(get_string('action_' . $row->action, 'local_django_sync'));
    }

    /**
     * The user's name, linked to the profile when the user is in Moodle.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_lastname($row): string {
        $name = trim($row->firstname . ' ' . $row->lastname);
        if ($name === '') {
            $name = (string)($this->details($row)['label'] ?? '');
        }
        if ($row->moodleid !== null && $row->action !== 'create_in_moodle') {
            return html_writer::link(new moodle_url('/user/profile.php', ['id' => $row->moodleid]), s($name));
        }
        return s($name);
    }

    /**
     * Username, escaped.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_username($row): string {
        return s((string)$row->username);
    }

    /**
     * Email, escaped.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_email($row): string {
        return s((string)$row->email);
    }

    /**
     * The Moodle id (of a conflict: every Moodle user it names, linked).
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_moodleid($row): string {
        if ($this->category === 'conflicts' && $this->mode === 'plan') {
            $links = [];
            foreach ($this->details($row)['conflict']['moodle_ids'] ?? [] as $id) {
                $links[] = html_writer::link(new moodle_url('/user/profile.php', ['id' => (int)$id]), (string)(int)$id);
            }
            return implode(' ', $links);
        }
        return $row->moodleid === null ? '' : (string)(int)$row->moodleid;
    }

    /**
     * The Django id (of a conflict: every Django user it names).
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_djangoid($row): string {
        if ($this->category === 'conflicts' && $this->mode === 'plan') {
            return s(implode(', ', array_map('strval', $this->details($row)['conflict']['django_ids'] ?? [])));
        }
        return s((string)$row->djangoid);
    }

    /**
     * A conflict's reason.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_reason($row): string {
        return html_writer::tag('code', s((string)($this->details($row)['conflict']['reason'] ?? '')));
    }

    /**
     * What the row is about: the identifiers a record carries or that are to be set, why a user is to be suspended
     * or deleted, a conflict's message, the rule that put a user out of scope.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_details($row): string {
        $details = $this->details($row);
        $data = is_array($details['data'] ?? null) ? $details['data'] : [];
        switch ($this->category) {
            case 'conflicts':
                return s((string)($details['conflict']['message'] ?? ''));
            case 'excluded':
                $rule = (string)($details['rule'] ?? '');
                return html_writer::span(s(get_string('excluded', 'local_django_sync')), 'badge bg-secondary text-white')
                    . ' ' . html_writer::tag('code', s($rule)) . ' ' . s(sync_page::rule_label($rule)) . ' ('
                    . s(get_string(($details['side'] ?? '') === 'django' ? 'side_django' : 'side_moodle',
                    'local_django_sync')) . ')';
            case 'moodle_updates':
                return s(self::fields(is_array($data['fields'] ?? null) ? $data['fields'] : []));
            case 'only_in_django':
            case 'only_in_moodle':
                return s(self::fields(is_array($data['record'] ?? null) ? $data['record'] : []));
            case 'to_suspend':
            case 'to_delete':
                return s((string)($data['reason'] ?? ''));
            case 'to_revive':
                return isset($data['suspended_at']) && is_int($data['suspended_at'])
                    ? s(get_string('suspendedsince', 'local_django_sync', userdate($data['suspended_at']))) : '';
        }
        return '';
    }

    /**
     * What the apply did with the item.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_status($row): string {
        $status = $row->status ?? 'todo';
        $class = ['done' => 'bg-success text-white', 'failed' => 'bg-danger text-white', 'not_done' => 'bg-warning text-dark',
            'exists' => 'bg-info text-dark', 'skipped' => 'bg-secondary text-white'][$status] ?? 'bg-light text-dark';
        return html_writer::span(s(get_string('itemstatus_' . $status, 'local_django_sync')), 'badge ' . $class);
    }

    /**
     * The result in the peer's own words.
     *
     * @param \stdClass $row
     * @return string HTML
     */
    public function col_message($row): string {
        return html_writer::span(s((string)$row->message), 'small text-break');
    }

    /**
     * "edeboid: 1, djangoid: 7" for the identifiers among some fields.
     *
     * @param array $fields
     * @return string plain text
     */
    public static function fields(array $fields): string {
        $parts = [];
        foreach (\local_django_sync\local\profile_fields::FIELDS as $field) {
            if (isset($fields[$field]) && is_scalar($fields[$field]) && (string)$fields[$field] !== '') {
                $parts[] = $field . ': ' . $fields[$field];
            }
        }
        return implode(', ', $parts);
    }

    /**
     * The row's details, decoded once.
     *
     * @param \stdClass $row
     * @return array
     */
    protected function details(\stdClass $row): array {
        if (!isset($this->details[$row->id])) {
            $details = json_decode((string)$row->details, true);
            $this->details[$row->id] = is_array($details) ? $details : [];
        }
        return $this->details[$row->id];
    }

    /**
     * The columns of the per-user report download, and each row as it is written.
     *
     * @return array{0: array<string, string>, 1: callable}
     */
    public static function download_columns(): array {
        $columns = [
            'position' => '#',
            'action' => get_string('action'),
            'user' => get_string('user', 'local_django_sync'),
            'username' => get_string('username'),
            'email' => get_string('email'),
            'moodleid' => get_string('moodleid', 'local_django_sync'),
            'djangoid' => get_string('djangoid', 'local_django_sync'),
            'status' => get_string('status'),
            'message' => get_string('message', 'local_django_sync'),
        ];
        $callback = static function (\stdClass $row): array {
            $details = json_decode((string)$row->details, true);
            return [
                'position' => (int)$row->position + 1,
                'action' => work_item::ACTIONS[$row->action][1] ?? (string)$row->action,
                'user' => (string)($details['label'] ?? ''),
                'username' => (string)$row->username,
                'email' => (string)$row->email,
                'moodleid' => $row->moodleid === null ? '' : (int)$row->moodleid,
                'djangoid' => (string)$row->djangoid,
                'status' => (string)($row->status ?? ''),
                'message' => (string)$row->message,
            ];
        };
        return [$columns, $callback];
    }
}
