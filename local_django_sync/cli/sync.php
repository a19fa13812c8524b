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
 * Runs the user sync with Django from the command line.
 *
 * php local/django_sync/cli/sync.php --plan [--json]
 * php local/django_sync/cli/sync.php --apply [--only=to-moodle|to-django|identifiers] [--json]
 *
 * The token comes from the plugin settings, never from the command line.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

define('CLI_SCRIPT', true);

require(__DIR__ . '/../../../config.php');
require_once($CFG->libdir . '/clilib.php');

[$definitions, $shortmap] = \local_django_sync\local\cli_helper::option_definitions();
[$options, $unrecognised] = cli_get_params($definitions, $shortmap);

\core\session\manager::set_user(get_admin());
exit((new \local_django_sync\local\cli_helper())->execute($options, $unrecognised));
