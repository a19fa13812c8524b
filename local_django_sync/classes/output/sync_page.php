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
        'excluded' => '',
    ];

    /** Scope rules the page names in words (any other shows as the extension names it). */
    public const RULES = ['siteadmin', 'guest', 'auth', 'role', 'cohort', 'email_domain', 'username', 'id', 'include_auth',
        'include_cohort', 'django_include'];

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
                'count' => count(self::items($plan, $key)),
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

        $context['scope'] = self::export_scope($plan);
        $items = self::items($plan, $this->tab);
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
     * The entries of one tab: a plan section, or for 'excluded' every user the scope rules left out, as
     * ['side' => moodle|django, 'rule' => string, 'id' => int|string] in the plan's order (Moodle first).
     *
     * @param array $plan as plan::to_json() gives it (and MUC keeps it)
     * @param string $tab
     * @return array
     */
    public static function items(array $plan, string $tab): array {
        if ($tab !== 'excluded') {
            return $plan[$tab] ?? [];
        }
        $items = [];
        foreach (['moodle', 'django'] as $side) {
            foreach ((array)($plan['excluded'][$side] ?? []) as $rule => $ids) {
                foreach ((array)$ids as $id) {
                    $items[] = ['side' => $side, 'rule' => (string)$rule, 'id' => $id];
                }
            }
        }
        return $items;
    }

    /**
     * Who is synced: the rules in force with how many users each left out, and those some users lacked the fact for.
     *
     * @param array $plan
     * @return array
     */
    protected static function export_scope(array $plan): array {
        $counts = (array)($plan['stats']['excluded_by_rule'] ?? []);
        $active = [];
        foreach ((array)($plan['scope']['active'] ?? []) as $rule) {
            $active[] = ['rule' => (string)$rule, 'label' => self::rule_label((string)$rule),
                'count' => (int)($counts[$rule] ?? 0)];
        }
        $notapplied = [];
        foreach ((array)($plan['scope']['not_applied'] ?? []) as $rule => $why) {
            $why = (array)$why;
            $a = (object)['fact' => (string)($why['fact'] ?? ''), 'records' => (int)($why['records'] ?? 0)];
            $notapplied[] = ['rule' => (string)$rule, 'label' => self::rule_label((string)$rule), 'fact' => $a->fact,
                'records' => $a->records, 'text' => get_string('scope_notappliedcount', 'local_django_sync', $a)];
        }
        return [
            'active' => $active,
            'hasactive' => !empty($active),
            'notapplied' => $notapplied,
            'hasnotapplied' => !empty($notapplied),
            'excluded' => (int)($plan['stats']['excluded'] ?? 0),
        ];
    }

    /**
     * A scope rule in words.
     *
     * @param string $rule
     * @return string
     */
    public static function rule_label(string $rule): string {
        return in_array($rule, self::RULES, true) ? get_string('rule_' . $rule, 'local_django_sync') : $rule;
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
        } else if ($tab === 'excluded') {
            $ids = array_column(array_filter($items, static fn(array $i): bool => $i['side'] === 'moodle'), 'id');
            $users = $ids ? $DB->get_records_list(
                'user',
                'id',
                $ids,
                '',
                'id, username, email, auth, ' . implode(', ', \core_user\fields::get_name_fields())
            ) : [];
            foreach ($items as $item) {
                $row = [
                    'side' => get_string($item['side'] === 'moodle' ? 'side_moodle' : 'side_django', 'local_django_sync'),
                    'id' => (string)$item['id'],
                    'rule' => $item['rule'],
                    'rulelabel' => self::rule_label($item['rule']),
                ];
                if ($item['side'] === 'moodle') {
                    $user = $users[(int)$item['id']] ?? null;
                    $row += [
                        'url' => (new moodle_url('/user/profile.php', ['id' => (int)$item['id']]))->out(false),
                        'name' => $user ? fullname($user) : (string)$item['id'],
                        'username' => $user->username ?? '',
                        'email' => $user->email ?? '',
                        'auth' => $user->auth ?? '',
                    ];
                } else {
                    $row += ['name' => '', 'username' => '', 'email' => '', 'auth' => ''];
                }
                $rows[] = $row;
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
