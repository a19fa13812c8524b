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
 * Course managers report.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/adminlib.php');

$sort = optional_param('sort', 'name', PARAM_ALPHA);
$dir = optional_param('dir', 'ASC', PARAM_ALPHA);
$page = optional_param('page', 0, PARAM_INT);
$perpage = optional_param('perpage', 25, PARAM_INT);
$download = optional_param('download', '', PARAM_ALPHA);

admin_externalpage_setup('local_django_sync_managers');
require_capability('local/django_sync:viewreports', context_system::instance());

$report = new \local_django_sync\local\report\course_managers();
if (!array_key_exists($sort, \local_django_sync\local\report\course_managers::SORTS)) {
    $sort = 'name';
}

if ($download !== '' && $report->role()) {
    \core\dataformat::download_data(
        'course_managers',
        $download,
        \local_django_sync\local\report\course_managers::download_columns(),
        $report->download_rows($sort, $dir)
    );
    die();
}

$url = new moodle_url('/local/django_sync/managers.php', ['sort' => $sort, 'dir' => $dir, 'perpage' => $perpage]);
echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('managersreport', 'local_django_sync'));
$renderer = $PAGE->get_renderer('local_django_sync');
echo $renderer->render(new \local_django_sync\output\managers_page($report, $url, $sort, $dir, $page, $perpage));
echo $OUTPUT->footer();
