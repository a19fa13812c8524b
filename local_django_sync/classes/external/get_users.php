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

namespace local_django_sync\external;

use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_multiple_structure;
use core_external\external_single_structure;
use core_external\external_value;
use local_django_sync\local\profile_fields;
use local_django_sync\local\user_facts;

/**
 * local_django_sync_get_users: the site's users with their Django identifiers, a page at a time, in id order.
 *
 * core_user_get_users has no paging (a whole site in one answer) and cannot return hidden profile fields
 * cheaply; this walks the user table by id: pass the last id of a page as afterid to get the next one, until
 * hasmore is false. Deleted users are left out; everyone else is listed (the guest, suspended and nologin users
 * too: the caller decides about them).
 *
 * Each user also carries the facts the scope rules read (docs/API.md, "Who is synced"), which no core function
 * gives: siteadmin, the role short names held at system or category level, the cohort idnumbers. Three queries per
 * page whatever the site's size: the users, their role assignments and their cohort memberships, the last two
 * bounded by the page's id range ({@see \local_django_sync\local\user_facts}).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_users extends external_api {
    /** Users per page when the caller does not say. */
    public const DEFAULT_LIMIT = 1000;

    /** The most users one page holds (a larger limit is lowered to this). */
    public const MAX_LIMIT = 5000;

    /** The custom profile fields returned with each user. */
    public const FIELDS = ['edeboid', 'iasid', 'djangoid', profile_fields::SUSPENDED_AT];

    /**
     * Parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'afterid' => new external_value(
                PARAM_INT,
                'List users whose id is greater than this (0: from the start)',
                VALUE_DEFAULT,
                0
            ),
            'limit' => new external_value(
                PARAM_INT,
                'Users per page, 1 to ' . self::MAX_LIMIT . ' (larger is lowered)',
                VALUE_DEFAULT,
                self::DEFAULT_LIMIT
            ),
        ]);
    }

    /**
     * One page of users.
     *
     * @param int $afterid
     * @param int $limit
     * @return array users, limit (as applied), nextafterid, hasmore
     */
    public static function execute(int $afterid = 0, int $limit = self::DEFAULT_LIMIT): array {
        global $DB;
        ['afterid' => $afterid, 'limit' => $limit] = self::validate_parameters(
            self::execute_parameters(),
            ['afterid' => $afterid, 'limit' => $limit]
        );
        $context = \context_system::instance();
        self::validate_context($context);
        require_capability('moodle/user:viewalldetails', $context);
        if ($afterid < 0 || $limit < 1) {
            throw new \invalid_parameter_exception('afterid must be 0 or more and limit 1 or more');
        }
        $limit = min($limit, self::MAX_LIMIT);

        $select = 'u.id, u.username, u.email, u.firstname, u.lastname, u.auth, u.suspended';
        $joins = '';
        $params = ['afterid' => $afterid];
        [$insql, $inparams] = $DB->get_in_or_equal(self::FIELDS, SQL_PARAMS_NAMED);
        $fieldids = $DB->get_records_select_menu('user_info_field', "shortname $insql", $inparams, '', 'shortname, id');
        foreach (self::FIELDS as $shortname) {
            if (isset($fieldids[$shortname])) {
                $select .= ", pf_$shortname.data AS $shortname";
                $joins .= " LEFT JOIN {user_info_data} pf_$shortname
                                   ON pf_$shortname.userid = u.id AND pf_$shortname.fieldid = :f_$shortname";
                $params['f_' . $shortname] = (int)$fieldids[$shortname];
            } else {
                $select .= ", NULL AS $shortname";
            }
        }
        $sql = "SELECT $select
                  FROM {user} u
                       $joins
                 WHERE u.deleted = 0 AND u.id > :afterid
              ORDER BY u.id";
        $rows = $DB->get_records_sql($sql, $params, 0, $limit + 1);
        $hasmore = count($rows) > $limit;
        $rows = array_slice($rows, 0, $limit);
        $lastid = $rows ? (int)end($rows)->id : $afterid;
        $admins = user_facts::siteadmins();
        $roles = $rows ? user_facts::roles($afterid, $lastid) : [];
        $cohorts = $rows ? user_facts::cohorts($afterid, $lastid) : [];
        $users = [];
        foreach ($rows as $row) {
            $user = [
                'id' => (int)$row->id,
                'username' => (string)$row->username,
                'email' => (string)$row->email,
                'firstname' => (string)$row->firstname,
                'lastname' => (string)$row->lastname,
                'auth' => (string)$row->auth,
                'suspended' => (bool)$row->suspended,
            ];
            foreach (self::FIELDS as $shortname) {
                $user[$shortname] = (string)($row->$shortname ?? '');
            }
            $user['siteadmin'] = isset($admins[$user['id']]);
            $user['roles'] = $roles[$user['id']] ?? [];
            $user['cohorts'] = $cohorts[$user['id']] ?? [];
            $users[] = $user;
        }
        return [
            'users' => $users,
            'limit' => $limit,
            'nextafterid' => $users ? end($users)['id'] : $afterid,
            'hasmore' => $hasmore,
        ];
    }

    /**
     * What a page holds.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        $user = [
            'id' => new external_value(PARAM_INT, 'Moodle user id'),
            'username' => new external_value(PARAM_RAW, 'Username'),
            'email' => new external_value(PARAM_RAW, 'Email address'),
            'firstname' => new external_value(PARAM_RAW, 'First name'),
            'lastname' => new external_value(PARAM_RAW, 'Last name'),
            'auth' => new external_value(PARAM_PLUGIN, 'Authentication method'),
            'suspended' => new external_value(PARAM_BOOL, 'Whether the account is suspended'),
        ];
        foreach (self::FIELDS as $shortname) {
            $user[$shortname] = new external_value(PARAM_RAW, "Custom profile field $shortname ('' when empty or missing)");
        }
        $user['siteadmin'] = new external_value(PARAM_BOOL, 'Whether the user is a site administrator');
        $user['roles'] = new external_multiple_structure(
            new external_value(PARAM_RAW, 'Role short name'),
            'Roles held in the system context or a course category context'
        );
        $user['cohorts'] = new external_multiple_structure(
            new external_value(PARAM_RAW, 'Cohort idnumber'),
            'Idnumbers of the cohorts the user belongs to (cohorts without one are left out)'
        );
        return new external_single_structure([
            'users' => new external_multiple_structure(new external_single_structure($user), 'Users in id order'),
            'limit' => new external_value(PARAM_INT, 'The page size applied'),
            'nextafterid' => new external_value(PARAM_INT, 'The afterid of the next page (the last id of this one)'),
            'hasmore' => new external_value(PARAM_BOOL, 'Whether users after this page exist'),
        ]);
    }
}
