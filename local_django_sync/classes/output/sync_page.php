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
 * The sync page: the run going on with its progress bar, runs held for approval, the undo of the last run's
 * suspensions, the latest plan (one category at a time, a page of rows from the database), its actions, and the
 * last runs. It reads a few rows, never the whole plan.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class sync_page implements \renderable, \templatable {
    /** The plan's categories shown as tabs, with the action each one offers ('' for none). */
    public const TABS = [
        'only_in_django' => 'create_moodle',
        'only_in_moodle' => 'create_django',
        'moodle_updates' => 'identifiers',
        'to_suspend' => 'leavers',
        'to_revive' => 'leavers',
        'to_delete' => 'leavers',
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
        'leavers' => 'suspend',
    ];

    /** @var array what the page shows; see the constructor */
    protected $state;

    /**
     * Constructor.
     *
     * @param array $state canplan (bool), active (run|null), held (runs), undo (run|null), plan (run|null), planstale
     *     (bool), tab, search, table (HTML of the tab's rows), enabled (directions), cancreateindjango (bool),
     *     runs (latest runs), configured (bool)
     */
    public function __construct(array $state) {
        $this->state = $state + ['canplan' => false, 'active' => null, 'held' => [], 'undo' => null, 'plan' => null,
            'planstale' => false, 'tab' => 'only_in_django', 'search' => '', 'table' => '', 'enabled' => [],
            'cancreateindjango' => false, 'runs' => [], 'configured' => true];
        if (!array_key_exists($this->state['tab'], self::TABS)) {
            $this->state['tab'] = 'only_in_django';
        }
    }

    /**
     * Template context.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        global $PAGE;
        $s = $this->state;
        $baseurl = new moodle_url('/local/django_sync/sync.php');
        $context = [
            'actionurl' => $baseurl->out(false),
            'sesskey' => sesskey(),
            'configured' => $s['configured'],
            'canplan' => $s['canplan'] && $s['active'] === null,
            'historyurl' => (new moodle_url('/local/django_sync/runs.php'))->out(false),
            'runs' => $this->export_runs($s['runs']),
            'hasruns' => !empty($s['runs']),
        ];
        if ($s['active'] !== null) {
            $run = $s['active'];
            $bar = $run->progressbar ? \core\output\stored_progress_bar::get_by_idnumber($run->progressbar) : null;
            $context['active'] = [
                'text' => get_string('activerun', 'local_django_sync', self::run_text($run)),
                'progress' => $bar ? $bar->get_content() : '',
                'message' => $bar ? (string)$bar->get_message() : '',
                'url' => (new moodle_url('/local/django_sync/runs.php', ['id' => $run->id]))->out(false),
            ];
            if ($bar) {
                // When the run ends (or waits for approval) the bar reaches 100% and the page shows the result.
                $PAGE->requires->js_amd_inline('(function(el) { if (!el) { return; } el.addEventListener("update", '
                    . 'function(e) { if (e.detail.percent >= 100 || e.detail.error) { '
                    . 'setTimeout(function() { window.location.reload(); }, 1500); } }); })(document.getElementById('
                    . json_encode($bar->get_id()) . '));');
            }
        }
        $context['held'] = [];
        foreach ($s['held'] as $run) {
            $counts = [];
            foreach ($run->plan['actions'] ?? [] as $action => $n) {
                $counts[] = ['name' => get_string('action_' . $action, 'local_django_sync'), 'value' => number_format($n)];
            }
            $context['held'][] = [
                'id' => (int)$run->id,
                'text' => get_string('heldrun', 'local_django_sync', self::run_text($run)),
                'reason' => $run->message,
                'counts' => $counts,
                'url' => (new moodle_url('/local/django_sync/runs.php', ['id' => $run->id]))->out(false),
                'canapprove' => $s['active'] === null,
            ];
        }
        $context['hasheld'] = !empty($context['held']);
        if ($s['undo'] !== null) {
            $context['undo'] = [
                'id' => (int)$s['undo']->id,
                'text' => get_string('undo_offer', 'local_django_sync', (object)[
                    'id' => (int)$s['undo']->id,
                    'count' => number_format((int)($s['undo']->counts['suspend: done'] ?? 0)),
                    'when' => userdate((int)$s['undo']->timestarted),
                ]),
                'allowed' => $s['active'] === null,
            ];
        }
        $plan = $s['plan'];
        $context['hasplan'] = $plan !== null;
        if ($plan === null) {
            return $context;
        }
        $context['plantime'] = userdate((int)$plan->timestarted);
        $context['planurl'] = (new moodle_url('/local/django_sync/runs.php', ['id' => $plan->id]))->out(false);
        $context['planstale'] = $s['planstale'];
        $categories = $plan->plan['categories'] ?? [];
        $tabs = [];
        foreach (self::TABS as $key => $action) {
            if (in_array($key, ['to_suspend', 'to_revive', 'to_delete'], true) && empty($categories[$key])
                    && !in_array('suspend', $s['enabled'], true)) {
                continue; // Users who leave are not planned unless the setting is on.
            }
            $tabs[] = [
                'key' => $key,
                'label' => get_string('plan_' . $key, 'local_django_sync'),
                'count' => number_format((int)($categories[$key] ?? 0)),
                'url' => (new moodle_url($baseurl, ['tab' => $key]))->out(false),
                'active' => $key === $s['tab'],
            ];
        }
        $context['tabs'] = $tabs;
        $context['tab'] = $s['tab'];
        $context['search'] = $s['search'];
        $context['table'] = $s['table'];
        $context['stats'] = [];
        foreach ($plan->plan['stats'] ?? [] as $name => $value) {
            if (is_scalar($value)) {
                $context['stats'][] = ['name' => $name, 'value' => $value];
            }
        }
        $context['scope'] = self::export_scope($plan->plan);
        $total = (int)($categories[$s['tab']] ?? 0);
        $action = self::TABS[$s['tab']];
        if ($action !== '' && $total > 0) {
            $direction = self::ACTIONS[$action];
            $allowed = in_array($direction, $s['enabled'], true) && ($action !== 'create_django' || $s['cancreateindjango'])
                && $s['active'] === null;
            $why = '';
            if ($s['active'] !== null) {
                $why = get_string('waitforrun', 'local_django_sync');
            } else if (!$allowed) {
                $why = get_string($action === 'create_django' && !$s['cancreateindjango'] ? 'nocreateindjango'
                    : 'directiondisabled', 'local_django_sync');
            }
            $context['action'] = [
                'name' => $action,
                'allowed' => $allowed,
                'selectedlabel' => get_string('action_' . $action . '_selected', 'local_django_sync'),
                'alllabel' => get_string('action_' . $action . '_all', 'local_django_sync', number_format($total)),
                'why' => $why,
            ];
        }
        return $context;
    }

    /**
     * Who is synced: the rules in force with how many users each left out, and those some users lacked the fact for.
     *
     * @param array $summary the plan's summary as a run keeps it (stats, scope)
     * @return array
     */
    protected static function export_scope(array $summary): array {
        $counts = (array)($summary['stats']['excluded_by_rule'] ?? []);
        $active = [];
        foreach ((array)($summary['scope']['active'] ?? []) as $rule) {
            $active[] = ['rule' => (string)$rule, 'label' => self::rule_label((string)$rule),
                'count' => (int)($counts[$rule] ?? 0)];
        }
        $notapplied = [];
        foreach ((array)($summary['scope']['not_applied'] ?? []) as $rule => $why) {
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
            'excluded' => (int)($summary['stats']['excluded'] ?? 0),
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
     * "run 12 (apply), started by Ann Admin on ...: Running" as the strings take it.
     *
     * @param \stdClass $run
     * @return \stdClass
     */
    public static function run_text(\stdClass $run): \stdClass {
        return (object)[
            'id' => (int)$run->id,
            'mode' => get_string('mode_' . $run->mode, 'local_django_sync'),
            'by' => run_log::started_by($run),
            'since' => userdate((int)$run->timestarted),
            'status' => get_string('status_' . $run->status, 'local_django_sync'),
            'done' => number_format((int)$run->position),
            'total' => number_format((int)$run->total),
        ];
    }

    /**
     * The latest runs.
     *
     * @param \stdClass[] $runs
     * @return array
     */
    protected function export_runs(array $runs): array {
        $out = [];
        foreach ($runs as $run) {
            $counts = [];
            foreach ($run->counts as $name => $value) {
                $counts[] = ['name' => run_log::count_label((string)$name), 'value' => $value];
            }
            $out[] = [
                'id' => $run->id,
                'url' => (new moodle_url('/local/django_sync/runs.php', ['id' => $run->id]))->out(false),
                'started' => userdate($run->timestarted),
                'finished' => $run->timefinished ? userdate($run->timefinished) : '',
                'origin' => run_log::started_by($run),
                'mode' => get_string('mode_' . $run->mode, 'local_django_sync'),
                'status' => get_string('status_' . $run->status, 'local_django_sync'),
                'badge' => runs_table::badge((string)$run->status),
                'counts' => array_slice($counts, 0, 12),
                'failurecount' => count($run->failures),
                'message' => shorten_text($run->message, 300),
            ];
        }
        return $out;
    }
}
