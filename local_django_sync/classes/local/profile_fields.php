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

namespace local_django_sync\local;

/**
 * The custom profile fields that hold the identifiers shared with Django.
 *
 * Moodle's own tables are never altered: the identifiers live in custom profile fields that this
 * class creates (at install, and again at upgrade if an administrator deleted one).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class profile_fields {
    /** The identifier fields, in the order they are shown. */
    public const FIELDS = ['edeboid', 'iasid', 'djangoid'];

    /** When the sync suspended the user (Unix time as text); bin/mdsync --delete-after-days reads it. Not an identifier. */
    public const SUSPENDED_AT = 'suspendedat';

    /**
     * Creates the category and the fields that are missing; leaves existing ones as they are.
     *
     * The identifier fields and suspendedat. A field that already exists (created by hand, as the README asked
     * administrators to do for suspendedat before, or by an earlier install) is kept, wherever it lives.
     *
     * @return int[] field ids by short name
     */
    public static function ensure(): array {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/user/profile/definelib.php');
        require_once($CFG->dirroot . '/user/profile/lib.php');

        $ids = [];
        $missing = [];
        foreach (array_merge(self::FIELDS, [self::SUSPENDED_AT]) as $shortname) {
            $id = $DB->get_field('user_info_field', 'id', ['shortname' => $shortname]);
            if ($id) {
                $ids[$shortname] = (int)$id;
            } else {
                $missing[] = $shortname;
            }
        }
        if (!$missing) {
            return $ids;
        }

        $categoryname = get_string('profilecategory', 'local_django_sync');
        $categoryid = $DB->get_field('user_info_category', 'id', ['name' => $categoryname], IGNORE_MULTIPLE);
        if (!$categoryid) {
            profile_save_category((object)['name' => $categoryname]);
            $categoryid = $DB->get_field('user_info_category', 'id', ['name' => $categoryname], IGNORE_MULTIPLE);
        }

        foreach ($missing as $shortname) {
            $field = (object)[
                'shortname' => $shortname,
                'name' => get_string('field_' . $shortname, 'local_django_sync'),
                'datatype' => 'text',
                'description' => ['text' => get_string('field_' . $shortname . '_desc', 'local_django_sync'),
                    'format' => FORMAT_HTML],
                'categoryid' => (int)$categoryid,
                'required' => 0,
                'locked' => 1,
                'visible' => PROFILE_VISIBLE_NONE,
                'forceunique' => 0,
                'signup' => 0,
                'defaultdata' => '',
                'defaultdataformat' => FORMAT_MOODLE,
                'param1' => 30,
                'param2' => 255,
                'param3' => 0,
                'param4' => '',
                'param5' => '',
            ];
            profile_save_field($field, []);
            $ids[$shortname] = (int)$DB->get_field('user_info_field', 'id', ['shortname' => $shortname]);
        }
        return $ids;
    }

    /**
     * The ids of the identifier fields that exist now.
     *
     * @return int[] field ids by short name
     */
    public static function ids(): array {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal(self::FIELDS, SQL_PARAMS_NAMED);
        $ids = $DB->get_records_select_menu('user_info_field', "shortname $insql", $params, '', 'shortname, id');
        return array_map('intval', $ids);
    }
}
