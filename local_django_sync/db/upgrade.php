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
 * Upgrade steps of local_django_sync.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Upgrades local_django_sync from an older version.
 *
 * @param int $oldversion the version being upgraded from
 * @return bool
 */
function xmldb_local_django_sync_upgrade($oldversion) {
    global $DB;
    $dbman = $DB->get_manager();

    if ($oldversion < 2026112400) {
        // Versions before the first release may have lacked a profile field or the run table.
        $table = new xmldb_table('local_django_sync_runs');
        if (!$dbman->table_exists($table)) {
            $dbman->install_one_table_from_xmldb_file(__DIR__ . '/install.xml', 'local_django_sync_runs');
        }
        \local_django_sync\local\profile_fields::ensure();
        upgrade_plugin_savepoint(true, 2026112400, 'local', 'django_sync');
    }

    if ($oldversion < 2026112500) {
        // The grade outbox (issue 5).
        $table = new xmldb_table('local_django_sync_grades');
        if (!$dbman->table_exists($table)) {
            $dbman->install_one_table_from_xmldb_file(__DIR__ . '/install.xml', 'local_django_sync_grades');
        }
        upgrade_plugin_savepoint(true, 2026112500, 'local', 'django_sync');
    }

    if ($oldversion < 2026112610) {
        // The suspendedat profile field bin/mdsync --delete-after-days reads, which administrators added by hand
        // before (issue 11); a field they made is kept. Message providers, tasks and the web service come with
        // the version.
        \local_django_sync\local\profile_fields::ensure();
        upgrade_plugin_savepoint(true, 2026112610, 'local', 'django_sync');
    }

    if ($oldversion < 2026120300) {
        // Background runs (issue 11): a run's plan and per-user report as rows, its resume point, its progress bar,
        // who approved a held run, what an undo undoes.
        $table = new xmldb_table('local_django_sync_runs');
        $fields = [
            new xmldb_field('options', XMLDB_TYPE_TEXT, null, null, null, null, null, 'message'),
            new xmldb_field('plan', XMLDB_TYPE_TEXT, null, null, null, null, null, 'options'),
            new xmldb_field('position', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0', 'plan'),
            new xmldb_field('total', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0', 'position'),
            new xmldb_field('attempts', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0', 'total'),
            new xmldb_field('taskid', XMLDB_TYPE_INTEGER, '10', null, null, null, null, 'attempts'),
            new xmldb_field('progressbar', XMLDB_TYPE_CHAR, '255', null, null, null, null, 'taskid'),
            new xmldb_field('hostname', XMLDB_TYPE_CHAR, '255', null, null, null, null, 'progressbar'),
            new xmldb_field('pid', XMLDB_TYPE_INTEGER, '10', null, null, null, null, 'hostname'),
            new xmldb_field('timeheartbeat', XMLDB_TYPE_INTEGER, '10', null, null, null, null, 'pid'),
            new xmldb_field('decidedby', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0', 'timeheartbeat'),
            new xmldb_field('timedecided', XMLDB_TYPE_INTEGER, '10', null, null, null, null, 'decidedby'),
            new xmldb_field('parentid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0', 'timedecided'),
        ];
        foreach ($fields as $field) {
            if (!$dbman->field_exists($table, $field)) {
                $dbman->add_field($table, $field);
            }
        }
        foreach (['status', 'parentid'] as $name) {
            $index = new xmldb_index($name, XMLDB_INDEX_NOTUNIQUE, [$name]);
            if (!$dbman->index_exists($table, $index)) {
                $dbman->add_index($table, $index);
            }
        }
        // Runs an older version left "running" were never finished: their process is long gone.
        $DB->set_field_select('local_django_sync_runs', 'status', 'abandoned', 'status = ? AND timefinished IS NULL',
            ['running']);
        $items = new xmldb_table('local_django_sync_items');
        if (!$dbman->table_exists($items)) {
            $dbman->install_one_table_from_xmldb_file(__DIR__ . '/install.xml', 'local_django_sync_items');
        }
        upgrade_plugin_savepoint(true, 2026120300, 'local', 'django_sync');
    }

    return true;
}
