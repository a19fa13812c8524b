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

namespace local_django_sync\admin;

use local_django_sync\local\scope_settings;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->libdir . '/adminlib.php');

/**
 * The django_include setting: lines "field = patterns", refused on save when a line names no field Django records
 * have (the extension would refuse the whole plan).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class django_include_setting extends \admin_setting_configtextarea {
    /**
     * Constructor.
     */
    public function __construct() {
        parent::__construct(
            'local_django_sync/django_include',
            new \lang_string('django_include', 'local_django_sync'),
            new \lang_string('django_include_desc', 'local_django_sync'),
            '',
            PARAM_RAW,
            '60',
            '4'
        );
    }

    /**
     * Every line must be "field = patterns" with a field of Django's records.
     *
     * @param string $data
     * @return true|string true, or why not
     */
    public function validate($data) {
        try {
            scope_settings::django_include((string)$data);
        } catch (\moodle_exception $e) {
            return $e->getMessage();
        }
        return true;
    }
}
