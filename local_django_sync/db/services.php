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
 * Web service functions of local_django_sync.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$functions = [
    // Users with their Django identifier fields, a page at a time in id order (core_user_get_users has no paging).
    'local_django_sync_get_users' => [
        'classname' => 'local_django_sync\external\get_users',
        'description' => 'Lists users (not deleted) with their identifier fields edeboid, iasid, djangoid and suspendedat, '
            . 'and the facts scope rules read (siteadmin, roles at system or category level, cohort idnumbers), '
            . 'in pages ordered by id: afterid (the last id of the previous page) and limit.',
        'type' => 'read',
        'capabilities' => 'moodle/user:viewalldetails',
    ],
];
