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

/**
 * Sync page: the run going on and its progress, runs held for approval, the latest plan (paged from the database),
 * actions that start runs in the background, the last runs.
 *
 * Every action asks for confirmation, then checks the sesskey, then starts or decides a run and redirects: nothing
 * here waits on Django or on a bulk write. The plan and each apply are run by the adhoc task run_sync.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_django_sync\local\run_busy;
use local_django_sync\local\run_log;
use local_django_sync\local\runner;
use local_django_sync\local\sync_service;
use local_django_sync\output\items_table;
use local_django_sync\output\sync_page;

require(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/adminlib.php');

$action = optional_param('action', '', PARAM_ALPHANUMEXT);
$tab = optional_param('tab', 'only_in_django', PARAM_ALPHANUMEXT);
$scope = optional_param('scope', 'selected', PARAM_ALPHA);
$confirm = optional_param('confirm', 0, PARAM_BOOL);
$runid = optional_param('id', 0, PARAM_INT);
$search = optional_param('q', '', PARAM_RAW_TRIMMED);

admin_externalpage_setup('local_django_sync_sync');
$context = context_system::instance();
require_capability('local/django_sync:manage', $context);
$url = new moodle_url('/local/django_sync/sync.php');
if (!array_key_exists($tab, sync_page::TABS)) {
    $tab = 'only_in_django';
}

$service = new sync_service();
$gateway = $service->gateway();
$runner = new runner($service);
$renderer = $PAGE->get_renderer('local_django_sync');
$ready = $gateway->available() && $gateway->configured();

/**
 * Asks for confirmation of an action (the first step of every action).
 *
 * @param string $message plain text
 * @param moodle_url $yes
 * @param moodle_url $no
 */
function local_django_sync_confirm_page(string $message, moodle_url $yes, moodle_url $no): void {
    global $OUTPUT;
    echo $OUTPUT->header();
    echo $OUTPUT->heading(get_string('syncpage', 'local_django_sync'));
    echo $OUTPUT->confirm(s($message), $yes, $no);
    echo $OUTPUT->footer();
    die();
}

if ($ready && $action === 'plan') {
    // Computing a plan changes nothing: no confirmation.
    require_sesskey();
    try {
        $runner->queue('plan', (int)$USER->id);
    } catch (run_busy $e) {
        redirect($url, s($e->getMessage()), null, \core\output\notification::NOTIFY_WARNING);
    }
    redirect($url, get_string('planqueued', 'local_django_sync'), null, \core\output\notification::NOTIFY_SUCCESS);
}

if ($ready && array_key_exists($action, sync_page::ACTIONS)) {
    $selection = null;
    if ($scope !== 'all') {
        // Checkboxes on the first step, a comma-separated list on the confirmation step.
        $ids = optional_param_array('ids', [], PARAM_RAW_TRIMMED);
        if (!$ids) {
            $ids = explode(',', optional_param('idlist', '', PARAM_TEXT));
        }
        $ids = array_values(array_filter(
            array_map(static fn($id): string => clean_param(trim($id), PARAM_ALPHANUMEXT), $ids),
            static fn(string $id): bool => $id !== ''
        ));
        if (!$ids) {
            redirect(new moodle_url($url, ['tab' => $tab]), get_string('noselection', 'local_django_sync'), null,
                \core\output\notification::NOTIFY_WARNING);
        }
        $selection = $action === 'create_moodle' ? ['django' => $ids] : ['moodle' => array_map('intval', $ids)];
    }
    $count = $selection === null ? get_string('confirm_all', 'local_django_sync') : count(reset($selection));
    if (!$confirm) {
        $params = ['action' => $action, 'tab' => $tab, 'scope' => $scope, 'confirm' => 1, 'sesskey' => sesskey()];
        if ($selection !== null) {
            $params['idlist'] = implode(',', reset($selection));
        }
        local_django_sync_confirm_page(get_string('confirm_' . $action, 'local_django_sync', $count),
            new moodle_url($url, $params), new moodle_url($url, ['tab' => $tab]));
    }
    require_sesskey();
    // The run plans afresh in the background: what was listed may have changed since, and only what is still to do
    // is done; a mass change waits for approval.
    $request = ['only' => [sync_page::ACTIONS[$action]]];
    if ($selection !== null) {
        $request['selection'] = $selection;
    }
    try {
        $id = $runner->queue('apply', (int)$USER->id, $request);
    } catch (run_busy $e) {
        redirect(new moodle_url($url, ['tab' => $tab]), s($e->getMessage()), null, \core\output\notification::NOTIFY_WARNING);
    }
    redirect(new moodle_url($url, ['tab' => $tab]), get_string('applyqueued', 'local_django_sync', $id), null,
        \core\output\notification::NOTIFY_SUCCESS);
}

if (in_array($action, ['approve', 'reject'], true)) {
    $run = run_log::get($runid, IGNORE_MISSING);
    if (!$run || $run->status !== run_log::HELD) {
        redirect($url, get_string('notheld', 'local_django_sync', $runid), null, \core\output\notification::NOTIFY_WARNING);
    }
    if (!$confirm) {
        local_django_sync_confirm_page(get_string('confirm_' . $action, 'local_django_sync', sync_page::run_text($run)),
            new moodle_url($url, ['action' => $action, 'id' => $runid, 'confirm' => 1, 'sesskey' => sesskey()]), $url);
    }
    require_sesskey();
    try {
        if ($action === 'reject') {
            $runner->reject($runid, (int)$USER->id);
        } else {
            $runner->approve($runid, (int)$USER->id);
        }
    } catch (moodle_exception $e) {
        redirect($url, s($e->getMessage()), null, \core\output\notification::NOTIFY_WARNING);
    }
    redirect($url, get_string($action === 'reject' ? 'runrejected' : 'runapproved', 'local_django_sync', $runid), null,
        \core\output\notification::NOTIFY_SUCCESS);
}

if ($ready && $action === 'undo') {
    $undo = run_log::last_suspensions();
    if (!$undo || (int)$undo->id !== $runid) {
        redirect($url, get_string('undo_notoffered', 'local_django_sync'), null, \core\output\notification::NOTIFY_WARNING);
    }
    if (!$confirm) {
        local_django_sync_confirm_page(get_string('undo_confirm', 'local_django_sync', (object)['id' => $runid,
            'count' => number_format((int)($undo->counts['suspend: done'] ?? 0))]),
            new moodle_url($url, ['action' => 'undo', 'id' => $runid, 'confirm' => 1, 'sesskey' => sesskey()]), $url);
    }
    require_sesskey();
    try {
        $id = $runner->undo($runid, (int)$USER->id);
    } catch (moodle_exception $e) {
        redirect($url, s($e->getMessage()), null, \core\output\notification::NOTIFY_WARNING);
    }
    redirect($url, get_string('undoqueued', 'local_django_sync', $id), null, \core\output\notification::NOTIFY_SUCCESS);
}

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('syncpage', 'local_django_sync'));
if (!$gateway->available()) {
    echo $OUTPUT->notification(get_string('extensionmissing_page', 'local_django_sync'), 'error', false);
} else if (!$gateway->configured()) {
    echo $OUTPUT->notification(get_string(
        'notconfigured_page',
        'local_django_sync',
        (new moodle_url('/admin/settings.php', ['section' => 'local_django_sync_settings']))->out()
    ), 'warning', false);
}

$plan = $ready ? run_log::latest_plan() : null;
$table = '';
$planstale = false;
if ($plan !== null) {
    $planstale = $DB->record_exists_select(run_log::TABLE, "mode IN ('apply', 'undo') AND id > ? AND status IN "
        . "('success', 'partial', 'failed', 'abandoned')", [$plan->id]);
    $selectby = null;
    $tabaction = sync_page::TABS[$tab];
    if ($tabaction !== '') {
        $selectby = $tab === 'only_in_django' ? 'djangoid' : 'moodleid';
    }
    $itemstable = new items_table((int)$plan->id, 'plan', $tab, new moodle_url($url, ['tab' => $tab, 'q' => $search]),
        $search, $selectby);
    $table = $renderer->items_table($itemstable);
}
echo $renderer->render(new sync_page([
    'configured' => $ready,
    'canplan' => $ready,
    'active' => run_log::active(),
    'held' => $ready ? run_log::held() : [],
    'undo' => $ready ? run_log::last_suspensions() : null,
    'plan' => $plan,
    'planstale' => $planstale,
    'tab' => $tab,
    'search' => $search,
    'table' => $table,
    'enabled' => $service->enabled_directions(),
    'cancreateindjango' => $gateway->can_create_in_django(),
    'runs' => run_log::recent(5),
]));
echo $OUTPUT->footer();
