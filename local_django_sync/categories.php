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
 * Categories report.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

require(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/adminlib.php');

$sort = optional_param('sort', 'tree', PARAM_ALPHA);
$dir = optional_param('dir', 'ASC', PARAM_ALPHA);
$page = optional_param('page', 0, PARAM_INT);
$perpage = optional_param('perpage', 50, PARAM_INT);
$download = optional_param('download', '', PARAM_ALPHA);

admin_externalpage_setup('local_django_sync_categories');
require_capability('local/django_sync:viewreports', context_system::instance());

if (!in_array($sort, \local_django_sync\local\report\categories::SORTS)) {
    $sort = 'tree';
}
$report = new \local_django_sync\local\report\categories();

if ($download !== '') {
    $rows = (function () use ($report, $sort, $dir) {
        foreach ($report->sorted($sort, $dir) as $category) {
            yield ['id' => $category->id, 'path' => $category->fullpath, 'idnumber' => $category->idnumber,
                'depth' => $category->depth, 'direct' => $category->direct, 'total' => $category->total];
        }
    })();
    \core\dataformat::download_data(
        'course_categories',
        $download,
        \local_django_sync\local\report\categories::download_columns(),
        $rows
    );
    die();
}

$url = new moodle_url('/local/django_sync/categories.php', ['sort' => $sort, 'dir' => $dir, 'perpage' => $perpage]);
echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('categoriesreport', 'local_django_sync'));
$renderer = $PAGE->get_renderer('local_django_sync');
echo $renderer->render(new \local_django_sync\output\categories_page($report, $url, $sort, $dir, $page, $perpage));
echo $OUTPUT->footer();
