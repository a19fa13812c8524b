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
 * The sync page: the current plan, paged per category, its actions, and the last runs.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class sync_page implements \renderable, \templatable {
    /** The plan's categories shown as tabs, with the action each one offers. */
    public const TABS = [
        'only_in_django' => 'create_moodle',
        'only_in_moodle' => 'create_django',
        'moodle_updates' => 'identifiers',
        'conflicts' => '',
    ];

    /** Actions and the direction each one applies. */
    public const ACTIONS = [
        'create_moodle' => 'to-moodle',
        'create_django' => 'to-django',
        'identifiers' => 'identifiers',
    ];

    /** @var array|null ['time' => int, 'plan' => array as plan::to_json() gives it] */
    protected $cached;
    /** @var string */
    protected $tab;
    /** @var int */
    protected $page;
    /** @var int */
    protected $perpage;
    /** @var string[] directions the settings allow */
    protected $enabled;
    /** @var bool */
    protected $cancreateindjango;
    /** @var \stdClass[] */
    protected $runs;
    /** @var bool whether a plan can be computed now (extension loaded, settings complete) */
    protected $canplan;

    /**
     * Constructor.
     *
     * @param array|null $cached the last plan computed, with its time
     * @param string $tab
     * @param int $page
     * @param int $perpage
     * @param string[] $enabled directions allowed by the settings
     * @param bool $cancreateindjango whether the extension can create Django users
     * @param \stdClass[] $runs latest runs
     * @param bool $canplan whether a plan can be computed now
     */
    public function __construct(
        ?array $cached,
        string $tab,
        int $page,
        int $perpage,
        array $enabled,
        bool $cancreateindjango,
        array $runs,
        bool $canplan = true
    ) {
        $this->canplan = $canplan;
        $this->cached = $cached;
        $this->tab = array_key_exists($tab, self::TABS) ? $tab : 'only_in_django';
        $this->page = max(0, $page);
        $this->perpage = max(1, $perpage);
        $this->enabled = $enabled;
        $this->cancreateindjango = $cancreateindjango;
        $this->runs = $runs;
    }

    /**
     * Template context.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $baseurl = new moodle_url('/local/django_sync/sync.php');
        $context = [
            'actionurl' => $baseurl->out(false),
            'sesskey' => sesskey(),
            'hasplan' => $this->cached !== null,
            'canplan' => $this->canplan,
            'runs' => $this->export_runs(),
            'hasruns' => !empty($this->runs),
        ];
        if ($this->cached === null) {
            return $context;
        }
        $plan = $this->cached['plan'];
        $context['plantime'] = userdate($this->cached['time']);
        $tabs = [];
        foreach (self::TABS as $key => $action) {
            $tabs[] = [
                'key' => $key,
                'label' => get_string('plan_' . $key, 'local_django_sync'),
                'count' => count($plan[$key] ?? []),
                'url' => (new moodle_url($baseurl, ['tab' => $key]))->out(false),
                'active' => $key === $this->tab,
            ];
        }
        $context['tabs'] = $tabs;
        $context['stats'] = [];
        foreach ($plan['stats'] ?? [] as $name => $value) {
            if (is_scalar($value)) {
                $context['stats'][] = ['name' => $name, 'value' => $value];
            }
        }

        $items = $plan[$this->tab] ?? [];
        $total = count($items);
        $slice = array_slice($items, $this->page * $this->perpage, $this->perpage, true);
        $context['tab'] = $this->tab;
        $context['is_' . $this->tab] = true;
        $context['rows'] = $this->export_rows($this->tab, $slice);
        $context['hasrows'] = !empty($context['rows']);
        $context['pagingbar'] = $output->paging_bar(
            $total,
            $this->page,
            $this->perpage,
            new moodle_url($baseurl, ['tab' => $this->tab])
        );

        $action = self::TABS[$this->tab];
        if ($action !== '' && $total > 0) {
            $direction = self::ACTIONS[$action];
            $allowed = in_array($direction, $this->enabled) && ($action !== 'create_django' || $this->cancreateindjango);
            $context['action'] = [
                'name' => $action,
                'allowed' => $allowed,
                'selectedlabel' => get_string('action_' . $action . '_selected', 'local_django_sync'),
                'alllabel' => get_string('action_' . $action . '_all', 'local_django_sync', $total),
                'why' => $allowed ? '' : get_string($action === 'create_django' && !$this->cancreateindjango
                    ? 'nocreateindjango' : 'directiondisabled', 'local_django_sync'),
            ];
        }
        return $context;
    }

    /**
     * Rows of one category of the plan.
     *
     * @param string $tab
     * @param array $items
     * @return array
     */
    protected function export_rows(string $tab, array $items): array {
        global $DB;
        $rows = [];
        if ($tab === 'only_in_django') {
            foreach ($items as $record) {
                $rows[] = [
                    // The extension resolves each Django record's djangoid; nothing here re-derives it.
                    'id' => (string)$record['djangoid'],
                    'username' => $record['username'] ?? '',
                    'email' => $record['email'] ?? '',
                    'name' => trim(($record['firstname'] ?? '') . ' ' . ($record['lastname'] ?? '')),
                    'identifiers' => $this->identifiers($record),
                ];
            }
        } else if ($tab === 'only_in_moodle') {
            foreach ($items as $record) {
                $rows[] = [
                    'id' => (int)$record['id'],
                    'url' => (new moodle_url('/user/profile.php', ['id' => $record['id']]))->out(false),
                    'username' => $record['username'] ?? '',
                    'email' => $record['email'] ?? '',
                    'name' => trim(($record['firstname'] ?? '') . ' ' . ($record['lastname'] ?? '')),
                    'identifiers' => $this->identifiers($record),
                ];
            }
        } else if ($tab === 'moodle_updates') {
            // The plan as the cache holds it (plan::to_json()): a list of ['moodle_id' => int, 'fields' => [...]].
            $ids = array_column($items, 'moodle_id');
            $users = $ids ? $DB->get_records_list(
                'user',
                'id',
                $ids,
                '',
                'id, username, email, ' . implode(', ', \core_user\fields::get_name_fields())
            ) : [];
            foreach ($items as $update) {
                $moodleid = (int)$update['moodle_id'];
                $user = $users[$moodleid] ?? null;
                $rows[] = [
                    'id' => $moodleid,
                    'url' => (new moodle_url('/user/profile.php', ['id' => $moodleid]))->out(false),
                    'username' => $user->username ?? '',
                    'email' => $user->email ?? '',
                    'name' => $user ? fullname($user) : (string)$moodleid,
                    'identifiers' => $this->identifiers($update['fields'] ?? []),
                ];
            }
        } else {
            foreach ($items as $conflict) {
                $rows[] = [
                    'reason' => $conflict['reason'] ?? '',
                    'message' => $conflict['message'] ?? '',
                    'moodleids' => array_map(static fn($id): array => [
                        'id' => (int)$id,
                        'url' => (new moodle_url('/user/profile.php', ['id' => $id]))->out(false),
                    ], $conflict['moodle_ids'] ?? []),
                    'djangoids' => implode(', ', array_map('strval', $conflict['django_ids'] ?? [])),
                ];
            }
        }
        return $rows;
    }

    /**
     * "edeboid: 1, djangoid: 7" for the identifiers a record has.
     *
     * @param array $record
     * @return string
     */
    protected function identifiers(array $record): string {
        $parts = [];
        foreach (\local_django_sync\local\profile_fields::FIELDS as $field) {
            if (isset($record[$field]) && (string)$record[$field] !== '') {
                $parts[] = $field . ': ' . $record[$field];
            }
        }
        return implode(', ', $parts);
    }

    /**
     * The latest runs.
     *
     * @return array
     */
    protected function export_runs(): array {
        $runs = [];
        foreach ($this->runs as $run) {
            $counts = [];
            foreach ($run->counts as $name => $value) {
                $counts[] = ['name' => $name, 'value' => $value];
            }
            $runs[] = [
                'id' => $run->id,
                'started' => userdate($run->timestarted),
                'finished' => $run->timefinished ? userdate($run->timefinished) : '',
                'origin' => get_string('origin_' . $run->origin, 'local_django_sync'),
                'mode' => $run->mode,
                'status' => get_string('status_' . $run->status, 'local_django_sync'),
                'ok' => $run->status === 'success',
                'counts' => $counts,
                'failures' => array_slice(array_map(static fn(array $f): array => [
                    'text' => get_string('failureline', 'local_django_sync', (object)$f),
                ], $run->failures), 0, 20),
                'failurecount' => count($run->failures),
                'message' => $run->message,
            ];
        }
        return $runs;
    }
}
