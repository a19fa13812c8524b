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

use local_django_sync\local\notifier;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->libdir . '/adminlib.php');

/**
 * "Alert recipients": the site administrators (the default), everyone who can run the sync, or chosen users.
 *
 * Moodle's users-with-capability setting, with one more choice in front, "Site administrators", and that as
 * the default (the core setting's default is "Nobody").
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class alert_recipients_setting extends \admin_setting_users_with_capability {
    /**
     * Constructor.
     */
    public function __construct() {
        parent::__construct(
            'local_django_sync/alert_recipients',
            new \lang_string('alert_recipients', 'local_django_sync'),
            new \lang_string('alert_recipients_desc', 'local_django_sync'),
            [notifier::ADMINS],
            notifier::CAPABILITY
        );
    }

    /**
     * The core choices (nobody, everyone who can, the users) after "Site administrators".
     *
     * @return bool
     */
    public function load_choices() {
        if (is_array($this->choices)) {
            return true;
        }
        parent::load_choices();
        $this->choices = [notifier::ADMINS => get_string('alert_recipients_admins', 'local_django_sync')] + $this->choices;
        return true;
    }

    /**
     * The site administrators.
     *
     * @return array
     */
    public function get_defaultsetting() {
        return [notifier::ADMINS];
    }
}
