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

use local_django_sync\local\report\course_managers;
use moodle_url;
use renderer_base;

/**
 * The course managers report page.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class managers_page extends report_page {
    /** Courses listed per user before "and N more". */
    public const COURSES_SHOWN = 10;

    /** @var course_managers */
    protected $report;

    /**
     * Constructor.
     *
     * @param course_managers $report
     * @param moodle_url $baseurl
     * @param string $sort
     * @param string $dir
     * @param int $page
     * @param int $perpage
     */
    public function __construct(
        course_managers $report,
        moodle_url $baseurl,
        string $sort,
        string $dir,
        int $page,
        int $perpage
    ) {
        parent::__construct($baseurl, $sort, $dir, $page, $perpage);
        $this->report = $report;
    }

    /**
     * Template context.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $role = $this->report->role();
        if (!$role) {
            return ['norole' => true];
        }
        $total = $this->report->count_users();
        $users = $this->report->users($this->sort, $this->dir, $this->page, $this->perpage);
        $ids = array_column($users, 'id');
        $courses = $this->report->courses($ids);
        $assignments = $this->report->assignments($ids);
        $rows = [];
        foreach ($users as $user) {
            $mycourses = $courses[$user->id] ?? [];
            $rows[] = [
                'fullname' => fullname($user),
                'profileurl' => (new moodle_url('/user/profile.php', ['id' => $user->id]))->out(false),
                'email' => $user->email,
                'coursecount' => (int)$user->coursecount,
                'assignments' => array_map(static fn(\context $c): array => [
                    'name' => $c->get_context_name(true, true),
                    'url' => $c->get_url()->out(false),
                ], $assignments[$user->id] ?? []),
                'courses' => array_map(static fn(\stdClass $c): array => [
                    'shortname' => format_string($c->shortname, true, ['context' => \context_course::instance($c->id)]),
                    'fullname' => format_string($c->fullname, true, ['context' => \context_course::instance($c->id)]),
                    'url' => (new moodle_url('/course/view.php', ['id' => $c->id]))->out(false),
                ], array_slice($mycourses, 0, self::COURSES_SHOWN)),
                'more' => max(0, count($mycourses) - self::COURSES_SHOWN),
            ];
        }
        return [
            'rolename' => role_get_name($role),
            'total' => $total,
            'hasrows' => !empty($rows),
            'headings' => $this->headings([
                'name' => [get_string('fullnameuser'), true],
                'email' => [get_string('email'), true],
                'assignments' => [get_string('assignedin', 'local_django_sync'), false],
                'courses' => [get_string('coursecount', 'local_django_sync'), true],
                'list' => [get_string('courses'), false],
            ]),
            'rows' => $rows,
        ] + $this->controls($output, $total);
    }
}
