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

namespace local_django_sync\check;

use core\check\check;
use core\check\result;
use local_django_sync\local\grade_outbox as outbox;

/**
 * Status check of the grade outbox: failed rows waiting for an administrator, and the age of the oldest pending row.
 *
 * Reads the outbox only (no network): error while rows have failed or a row has waited more than a day, warning
 * after an hour, OK otherwise; not applicable while grade delivery is off and the outbox holds nothing pending.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class grade_outbox extends check {
    /** A pending row older than this (seconds) is a warning. */
    public const WARN_AGE = HOURSECS;

    /** A pending row older than this (seconds) is an error. */
    public const ERROR_AGE = DAYSECS;

    /**
     * The check's name.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('checkgrades', 'local_django_sync');
    }

    /**
     * Where to act on what the check finds.
     *
     * @return \action_link|null
     */
    public function get_action_link(): ?\action_link {
        return new \action_link(
            new \moodle_url('/local/django_sync/grades.php'),
            get_string('gradespage', 'local_django_sync')
        );
    }

    /**
     * Failed rows and the oldest pending row.
     *
     * @return result
     */
    public function get_result(): result {
        $stats = outbox::stats();
        if (!outbox::enabled() && $stats->pending === 0 && $stats->failed === 0) {
            return new result(result::NA, get_string('gradesdisabled', 'local_django_sync'), '');
        }
        $age = $stats->oldestpending === null ? 0 : max(0, time() - $stats->oldestpending);
        $a = (object)['pending' => $stats->pending, 'failed' => $stats->failed, 'age' => format_time($age)];
        if ($stats->failed > 0) {
            return new result(result::ERROR, get_string('checkgrades_failed', 'local_django_sync', $a), '');
        }
        if ($age > self::ERROR_AGE) {
            return new result(result::ERROR, get_string('checkgrades_old', 'local_django_sync', $a), '');
        }
        if ($age > self::WARN_AGE) {
            return new result(result::WARNING, get_string('checkgrades_old', 'local_django_sync', $a), '');
        }
        if ($stats->pending === 0) {
            return new result(result::OK, get_string('checkgrades_empty', 'local_django_sync'), '');
        }
        return new result(result::OK, get_string('checkgrades_ok', 'local_django_sync', $a), '');
    }
}
