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

    return true;
}
