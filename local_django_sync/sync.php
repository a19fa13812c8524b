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
 * Sync page: the plan, actions to create users on either side and fill identifiers, the last runs.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_django_sync\local\run_log;
use local_django_sync\local\sync_service;
use local_django_sync\output\sync_page;

require(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/adminlib.php');

$action = optional_param('action', '', PARAM_ALPHANUMEXT);
$tab = optional_param('tab', 'only_in_django', PARAM_ALPHANUMEXT);
$page = optional_param('page', 0, PARAM_INT);
$perpage = optional_param('perpage', 50, PARAM_INT);
$scope = optional_param('scope', 'selected', PARAM_ALPHA);
$confirm = optional_param('confirm', 0, PARAM_BOOL);

admin_externalpage_setup('local_django_sync_sync');
$context = context_system::instance();
require_capability('local/django_sync:manage', $context);
$url = new moodle_url('/local/django_sync/sync.php');

$service = new sync_service();
$gateway = $service->gateway();
$cache = cache::make('local_django_sync', 'plan');
$renderer = $PAGE->get_renderer('local_django_sync');

if (!$gateway->available() || !$gateway->configured()) {
    echo $OUTPUT->header();
    echo $OUTPUT->heading(get_string('syncpage', 'local_django_sync'));
    if (!$gateway->available()) {
        echo $OUTPUT->notification(get_string('extensionmissing_page', 'local_django_sync'), 'error', false);
    } else {
        echo $OUTPUT->notification(get_string(
            'notconfigured_page',
            'local_django_sync',
            (new moodle_url('/admin/settings.php', ['section' => 'local_django_sync_settings']))->out()
        ), 'warning', false);
    }
    echo $renderer->render(new sync_page(null, $tab, 0, $perpage, [], false, run_log::recent(), false));
    echo $OUTPUT->footer();
    die();
}

if ($action === 'plan') {
    require_sesskey();
    $result = $service->run('page', false, [], null, $USER->id);
    if ($result->plan !== null) {
        $cache->set('plan', ['time' => time(), 'plan' => $result->plan->to_json()]);
        redirect($url, get_string('planready', 'local_django_sync'), null, \core\output\notification::NOTIFY_SUCCESS);
    }
    redirect(
        $url,
        get_string('runfailed', 'local_django_sync', $result->message),
        null,
        \core\output\notification::NOTIFY_ERROR
    );
}

if (array_key_exists($action, sync_page::ACTIONS)) {
    require_sesskey();
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
            redirect(
                new moodle_url($url, ['tab' => $tab]),
                get_string('noselection', 'local_django_sync'),
                null,
                \core\output\notification::NOTIFY_WARNING
            );
        }
        $selection = $action === 'create_moodle' ? ['django' => $ids] : ['moodle' => array_map('intval', $ids)];
    }
    $count = $selection === null ? get_string('all') : count(reset($selection));

    if (!$confirm) {
        echo $OUTPUT->header();
        echo $OUTPUT->heading(get_string('syncpage', 'local_django_sync'));
        $params = ['action' => $action, 'tab' => $tab, 'scope' => $scope, 'confirm' => 1, 'sesskey' => sesskey()];
        if ($selection !== null) {
            $params['idlist'] = implode(',', reset($selection));
        }
        echo $OUTPUT->confirm(
            get_string('confirm_' . $action, 'local_django_sync', $count),
            new moodle_url($url, $params),
            new moodle_url($url, ['tab' => $tab])
        );
        echo $OUTPUT->footer();
        die();
    }

    // The plan is computed afresh: what was listed may have changed since, and only what is still to do is done.
    $result = $service->run('page', true, [sync_page::ACTIONS[$action]], $selection, $USER->id);
    // The listed plan is out of date now; the administrator computes a new one.
    $cache->delete('plan');
    $summary = [];
    foreach ($result->counts as $name => $value) {
        $summary[] = "$name: $value";
    }
    $message = get_string('runresult', 'local_django_sync', (object)[
        'status' => get_string('status_' . $result->status, 'local_django_sync'),
        'counts' => implode(', ', $summary),
        'message' => $result->message,
    ]);
    redirect(new moodle_url($url, ['tab' => $tab]), $message, null, $result->status === 'success'
        ? \core\output\notification::NOTIFY_SUCCESS : \core\output\notification::NOTIFY_WARNING);
}

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('syncpage', 'local_django_sync'));
$cached = $cache->get('plan') ?: null;
echo $renderer->render(new sync_page(
    $cached,
    $tab,
    $page,
    $perpage,
    $service->enabled_directions(),
    $gateway->can_create_in_django(),
    run_log::recent()
));
echo $OUTPUT->footer();
