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

namespace local_django_sync\privacy;

use core_privacy\local\metadata\collection;
use core_privacy\local\metadata\provider as metadata_provider;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\contextlist;
use core_privacy\local\request\core_userlist_provider;
use core_privacy\local\request\plugin\provider as plugin_provider;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;

/**
 * Privacy provider: user fields and grades sent to Django, the run reports and the grade outbox.
 *
 * The identifier profile fields belong to core_user (they are custom profile fields). The run reports
 * name the administrator who started a run from the sync page and the one who approved or rejected a held run;
 * per-user failures name the users whose record could not be created, by id and email, for the administrators to
 * fix. Each run's plan and per-user report (local_django_sync_items) name the users it was about, by id, username,
 * email and name, with what was to be done and what was done; they are deleted some days after the run (the setting
 * runs_keep_days). The grade outbox holds a
 * user's grade changes until Django acknowledged them, and delivered ones for a few days after (the setting
 * grades_keep_days); it is exported and deleted in the system context. Alerts are Moodle notifications (core_message
 * holds them).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class provider implements core_userlist_provider, metadata_provider, plugin_provider {
    /**
     * Describes the data this plugin stores and sends.
     *
     * @param collection $collection
     * @return collection
     */
    public static function get_metadata(collection $collection): collection {
        $collection->add_external_location_link('django', [
            'username' => 'privacy:metadata:django:username',
            'email' => 'privacy:metadata:django:email',
            'firstname' => 'privacy:metadata:django:firstname',
            'lastname' => 'privacy:metadata:django:lastname',
            'edeboid' => 'privacy:metadata:django:edeboid',
            'iasid' => 'privacy:metadata:django:iasid',
            'djangoid' => 'privacy:metadata:django:djangoid',
            'auth' => 'privacy:metadata:django:auth',
            'suspended' => 'privacy:metadata:django:suspended',
        ], 'privacy:metadata:django');
        $collection->add_external_location_link('django_grades', [
            'userid' => 'privacy:metadata:django_grades:userid',
            'djangoid' => 'privacy:metadata:django_grades:djangoid',
            'email' => 'privacy:metadata:django_grades:email',
            'course' => 'privacy:metadata:django_grades:course',
            'item' => 'privacy:metadata:django_grades:item',
            'finalgrade' => 'privacy:metadata:django_grades:finalgrade',
            'timemodified' => 'privacy:metadata:django_grades:timemodified',
        ], 'privacy:metadata:django_grades');
        $collection->add_database_table('local_django_sync_grades', [
            'userid' => 'privacy:metadata:grades:userid',
            'courseid' => 'privacy:metadata:grades:courseid',
            'itemid' => 'privacy:metadata:grades:itemid',
            'payload' => 'privacy:metadata:grades:payload',
            'state' => 'privacy:metadata:grades:state',
            'timecreated' => 'privacy:metadata:grades:timecreated',
            'timemodified' => 'privacy:metadata:grades:timemodified',
        ], 'privacy:metadata:grades');
        $collection->add_database_table('local_django_sync_runs', [
            'userid' => 'privacy:metadata:runs:userid',
            'decidedby' => 'privacy:metadata:runs:decidedby',
            'timestarted' => 'privacy:metadata:runs:timestarted',
            'failures' => 'privacy:metadata:runs:failures',
        ], 'privacy:metadata:runs');
        $collection->add_database_table('local_django_sync_items', [
            'moodleid' => 'privacy:metadata:items:moodleid',
            'username' => 'privacy:metadata:items:username',
            'email' => 'privacy:metadata:items:email',
            'firstname' => 'privacy:metadata:items:firstname',
            'lastname' => 'privacy:metadata:items:lastname',
            'details' => 'privacy:metadata:items:details',
            'message' => 'privacy:metadata:items:message',
        ], 'privacy:metadata:items');
        return $collection;
    }

    /**
     * The system context when the user started a run.
     *
     * @param int $userid
     * @return contextlist
     */
    public static function get_contexts_for_userid(int $userid): contextlist {
        global $DB;
        $contextlist = new contextlist();
        if (
            $DB->record_exists('local_django_sync_runs', ['userid' => $userid])
            || $DB->record_exists('local_django_sync_runs', ['decidedby' => $userid])
            || $DB->record_exists('local_django_sync_grades', ['userid' => $userid])
            || $DB->record_exists('local_django_sync_items', ['moodleid' => $userid])
        ) {
            $contextlist->add_system_context();
        }
        return $contextlist;
    }

    /**
     * The users who started runs.
     *
     * @param userlist $userlist
     */
    public static function get_users_in_context(userlist $userlist) {
        if ($userlist->get_context()->contextlevel != CONTEXT_SYSTEM) {
            return;
        }
        $userlist->add_from_sql('userid', 'SELECT userid FROM {local_django_sync_runs} WHERE userid > 0', []);
        $userlist->add_from_sql('decidedby', 'SELECT decidedby FROM {local_django_sync_runs} WHERE decidedby > 0', []);
        $userlist->add_from_sql('userid', 'SELECT userid FROM {local_django_sync_grades}', []);
        $userlist->add_from_sql('moodleid', 'SELECT moodleid FROM {local_django_sync_items} WHERE moodleid IS NOT NULL', []);
    }

    /**
     * Exports the runs a user started or decided on, and the rows of runs about the user.
     *
     * @param approved_contextlist $contextlist
     */
    public static function export_user_data(approved_contextlist $contextlist) {
        global $DB;
        foreach ($contextlist->get_contexts() as $context) {
            if ($context->contextlevel != CONTEXT_SYSTEM) {
                continue;
            }
            $userid = $contextlist->get_user()->id;
            $runs = $DB->get_records_select(
                'local_django_sync_runs',
                'userid = :userid OR decidedby = :decidedby',
                ['userid' => $userid, 'decidedby' => $userid],
                'id',
                'id, timestarted, timefinished, origin, mode, status, userid, decidedby, timedecided'
            );
            if ($runs) {
                writer::with_context($context)->export_data(
                    [get_string('pluginname', 'local_django_sync')],
                    (object)['runs' => array_values($runs)]
                );
            }
            $items = $DB->get_records(
                'local_django_sync_items',
                ['moodleid' => $userid],
                'runid, id',
                'id, runid, category, action, username, email, firstname, lastname, details, status, message'
            );
            if ($items) {
                foreach ($items as $item) {
                    $item->details = json_decode((string)$item->details);
                }
                writer::with_context($context)->export_data(
                    [get_string('pluginname', 'local_django_sync'), get_string('runhistory', 'local_django_sync')],
                    (object)['items' => array_values($items)]
                );
            }
            $grades = $DB->get_records(
                'local_django_sync_grades',
                ['userid' => $userid],
                'id',
                'id, courseid, itemid, payload, state, timecreated, timemodified'
            );
            if ($grades) {
                foreach ($grades as $grade) {
                    $grade->payload = json_decode($grade->payload);
                }
                writer::with_context($context)->export_data(
                    [get_string('pluginname', 'local_django_sync'), get_string('gradespage', 'local_django_sync')],
                    (object)['grades' => array_values($grades)]
                );
            }
        }
    }

    /**
     * Forgets who started and decided runs (the reports stay, anonymous), drops the undelivered grade changes and the
     * runs' per-user rows.
     *
     * @param \context $context
     */
    public static function delete_data_for_all_users_in_context(\context $context) {
        global $DB;
        if ($context->contextlevel == CONTEXT_SYSTEM) {
            $DB->set_field_select('local_django_sync_runs', 'userid', 0, 'userid > 0');
            $DB->set_field_select('local_django_sync_runs', 'decidedby', 0, 'decidedby > 0');
            $DB->delete_records('local_django_sync_grades');
            $DB->delete_records('local_django_sync_items');
        }
    }

    /**
     * Forgets that this user started or decided runs; drops the rows of runs about the user.
     *
     * @param approved_contextlist $contextlist
     */
    public static function delete_data_for_user(approved_contextlist $contextlist) {
        global $DB;
        foreach ($contextlist->get_contexts() as $context) {
            if ($context->contextlevel == CONTEXT_SYSTEM) {
                $DB->set_field('local_django_sync_runs', 'userid', 0, ['userid' => $contextlist->get_user()->id]);
                $DB->set_field('local_django_sync_runs', 'decidedby', 0, ['decidedby' => $contextlist->get_user()->id]);
                $DB->delete_records('local_django_sync_grades', ['userid' => $contextlist->get_user()->id]);
                $DB->delete_records('local_django_sync_items', ['moodleid' => $contextlist->get_user()->id]);
            }
        }
    }

    /**
     * Forgets that these users started or decided runs; drops the rows of runs about them.
     *
     * @param approved_userlist $userlist
     */
    public static function delete_data_for_users(approved_userlist $userlist) {
        global $DB;
        if ($userlist->get_context()->contextlevel != CONTEXT_SYSTEM || !$userlist->get_userids()) {
            return;
        }
        [$insql, $params] = $DB->get_in_or_equal($userlist->get_userids(), SQL_PARAMS_NAMED);
        $DB->set_field_select('local_django_sync_runs', 'userid', 0, "userid $insql", $params);
        $DB->set_field_select('local_django_sync_runs', 'decidedby', 0, "decidedby $insql", $params);
        $DB->delete_records_select('local_django_sync_grades', "userid $insql", $params);
        $DB->delete_records_select('local_django_sync_items', "moodleid $insql", $params);
    }
}
