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
 * Grade delivery status: queue depth, oldest pending, failures with their last error; retry and discard.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_django_sync\local\grade_outbox;
use local_django_sync\local\grade_reconciler;
use local_django_sync\output\grades_page;
use local_django_sync\output\grades_table;

require(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/adminlib.php');

$action = optional_param('action', '', PARAM_ALPHA);
$id = optional_param('id', 0, PARAM_INT);
$confirm = optional_param('confirm', 0, PARAM_BOOL);
$filter = optional_param('state', '', PARAM_ALPHA);

admin_externalpage_setup('local_django_sync_grades');
$context = context_system::instance();
require_capability('local/django_sync:manage', $context);
$url = new moodle_url('/local/django_sync/grades.php');

if (in_array($action, grades_page::ACTIONS, true)) {
    require_sesskey();
    $all = $id <= 0;
    if (!$confirm) {
        $what = $all ? grade_outbox::stats()->failed : $id;
        echo $OUTPUT->header();
        echo $OUTPUT->heading(get_string('gradespage', 'local_django_sync'));
        echo $OUTPUT->confirm(
            get_string('gradeconfirm_' . $action . ($all ? 'all' : ''), 'local_django_sync', $what),
            new moodle_url($url, ['action' => $action, 'id' => $id, 'confirm' => 1, 'sesskey' => sesskey()]),
            $url
        );
        echo $OUTPUT->footer();
        die();
    }
    if ($action === 'retry') {
        $count = grade_outbox::retry($all ? null : $id);
        redirect($url, get_string('graderetried', 'local_django_sync', $count), null, \core\output\notification::NOTIFY_SUCCESS);
    }
    $count = grade_outbox::discard($all ? null : $id);
    redirect($url, get_string('gradediscarded', 'local_django_sync', $count), null, \core\output\notification::NOTIFY_SUCCESS);
}

$gateway = new \local_django_sync\local\gateway();
echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('gradespage', 'local_django_sync'));
if (!grade_outbox::enabled()) {
    echo $OUTPUT->notification(get_string('gradesdisabled', 'local_django_sync'), 'info', false);
}
if (!$gateway->can_push_grades()) {
    echo $OUTPUT->notification(
        get_string($gateway->available() ? 'nopushgrades' : 'extensionmissing', 'local_django_sync'),
        'warning',
        false
    );
} else if (!$gateway->grades_configured()) {
    echo $OUTPUT->notification(get_string('gradesnotconfigured', 'local_django_sync'), 'warning', false);
}
$stats = grade_outbox::stats();
if (!in_array($filter, grades_table::FILTERS, true)) {
    // Failed rows first when there are any: they are what needs an administrator.
    $filter = $stats->failed > 0 ? grade_outbox::FAILED : 'all';
}
$reconciled = json_decode((string)get_config('local_django_sync', grade_reconciler::LASTRESULT), true);
$renderer = $PAGE->get_renderer('local_django_sync');
echo $renderer->render(new grades_page($stats, $filter, is_array($reconciled) ? $reconciled : null));
echo $renderer->grades_table(new grades_table(new moodle_url($url, ['state' => $filter]), $filter));
echo $OUTPUT->footer();
