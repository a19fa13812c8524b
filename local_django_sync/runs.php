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
 * Run history: every run with who started it, its counts and duration, filtered and paged; one run with its
 * per-user report, as a table and as a download in any data format.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_django_sync\local\run_log;
use local_django_sync\local\run_store;
use local_django_sync\output\items_table;
use local_django_sync\output\run_page;
use local_django_sync\output\runs_table;

require(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/adminlib.php');

$id = optional_param('id', 0, PARAM_INT);
$dataformat = optional_param('dataformat', '', PARAM_ALPHA);
$filter = optional_param('filter', 'all', PARAM_ALPHAEXT);
$search = optional_param('q', '', PARAM_RAW_TRIMMED);

admin_externalpage_setup('local_django_sync_runs');
$context = context_system::instance();
require_capability('local/django_sync:manage', $context);
$url = new moodle_url('/local/django_sync/runs.php');
$renderer = $PAGE->get_renderer('local_django_sync');

if ($id > 0) {
    $run = run_log::get($id);
    if ($dataformat !== '') {
        // The per-user report, streamed from the database in the format asked for.
        [$columns, $callback] = items_table::download_columns();
        $rs = $DB->get_recordset_select(run_store::TABLE, 'runid = :runid AND position IS NOT NULL', ['runid' => $id],
            'position', 'id, position, action, moodleid, djangoid, username, email, details, status, message');
        \core\dataformat::download_data('django-sync-run-' . $id, $dataformat, $columns, $rs, $callback);
        $rs->close();
        die();
    }
    if (!in_array($filter, items_table::FILTERS, true)) {
        $filter = 'all';
    }
    $PAGE->set_url(new moodle_url($url, ['id' => $id]));
    $PAGE->navbar->add(get_string('runtitle', 'local_django_sync', $id));
    echo $OUTPUT->header();
    echo $OUTPUT->heading(get_string('runtitle', 'local_django_sync', $id));
    $table = new items_table($id, 'report', $filter, new moodle_url($url, ['id' => $id, 'filter' => $filter, 'q' => $search]),
        $search);
    echo $renderer->render(new run_page($run, $filter, $search, $renderer->items_table($table)));
    echo $OUTPUT->download_dataformat_selector(get_string('downloadreport', 'local_django_sync'), $url->out_omit_querystring(),
        'dataformat', ['id' => $id]);
    echo $OUTPUT->footer();
    die();
}

$filters = [
    'status' => optional_param('status', '', PARAM_ALPHA),
    'mode' => optional_param('mode', '', PARAM_ALPHA),
    'origin' => optional_param('origin', '', PARAM_ALPHA),
    'userid' => optional_param('userid', 0, PARAM_INT),
    'from' => 0,
    'to' => 0,
];
foreach (['from', 'to'] as $key) {
    $date = optional_param($key, '', PARAM_RAW_TRIMMED);
    if ($date !== '' && preg_match('/^\d{4}-\d{2}-\d{2}$/', $date)) {
        $filters[$key] = make_timestamp(...array_map('intval', explode('-', $date))) + ($key === 'to' ? DAYSECS : 0);
    }
}
if (!in_array($filters['status'], run_log::STATES, true)) {
    $filters['status'] = '';
}
if (!in_array($filters['mode'], array_merge(run_log::SYNC_MODES, ['reconcile']), true)) {
    $filters['mode'] = '';
}
if (!in_array($filters['origin'], ['page', 'task', 'cli'], true)) {
    $filters['origin'] = '';
}
$params = array_filter([
    'status' => $filters['status'],
    'mode' => $filters['mode'],
    'origin' => $filters['origin'],
    'userid' => $filters['userid'],
    'from' => $filters['from'] ? userdate($filters['from'], '%Y-%m-%d') : '',
    'to' => $filters['to'] ? userdate($filters['to'] - DAYSECS, '%Y-%m-%d') : '',
]);
echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('runhistory', 'local_django_sync'));
echo $renderer->render(new \local_django_sync\output\runs_filter($filters, $params));
echo $renderer->runs_table(new runs_table(new moodle_url($url, $params), $filters));
echo $OUTPUT->footer();
