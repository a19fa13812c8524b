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
 * Event observers of local_django_sync.
 *
 * Both observers are internal (the default): they run inside the transaction of the grade change, so the
 * outbox row commits or rolls back with it. They only record and queue; delivery is a task.
 *
 * In Moodle 4.5, user_graded is triggered by grade_item::update_raw_grade() (activity grading: assign,
 * quiz, ... through grade_update()), grade_item::update_final_grade() (grader report, single view,
 * overrides, manual items), grade_item::regrade_final_grades() and grade_category aggregation (category
 * and course totals, also when a grade is cleared). grade_deleted is triggered by grade_grade::delete()
 * (activity or grade item deleted, grades removed when a user is unenrolled or deleted).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$observers = [
    [
        'eventname' => '\core\event\user_graded',
        'callback' => '\local_django_sync\observer::user_graded',
        'internal' => true,
    ],
    [
        'eventname' => '\core\event\grade_deleted',
        'callback' => '\local_django_sync\observer::grade_deleted',
        'internal' => true,
    ],
];
