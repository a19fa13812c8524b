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

namespace local_django_sync\task;

use local_django_sync\local\grade_delivery;
use local_django_sync\local\grade_outbox;

/**
 * Shared body of the grade delivery tasks: drain the outbox and say what happened.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
trait grade_drainer {
    /** @var grade_delivery|null a delivery to use instead of the default one (tests) */
    protected $delivery;

    /**
     * Uses this delivery instead of the default one.
     *
     * @param grade_delivery $delivery
     */
    public function set_delivery(grade_delivery $delivery): void {
        $this->delivery = $delivery;
    }

    /**
     * Drains the outbox; makes sure an adhoc task runs when the earliest remaining row is due.
     *
     * Without the extension or the settings it logs why and returns: the rows stay in the outbox.
     *
     * @return \stdClass|null the drain's result, null when it could not run
     */
    protected function drain(): ?\stdClass {
        $delivery = $this->delivery ?? new grade_delivery();
        $gateway = $delivery->gateway();
        if (!$gateway->can_push_grades()) {
            mtrace(get_string($gateway->available() ? 'nopushgrades' : 'extensionmissing', 'local_django_sync'));
            return null;
        }
        if (!$gateway->grades_configured()) {
            mtrace(get_string('gradesnotconfigured', 'local_django_sync'));
            return null;
        }
        $result = $delivery->drain();
        if (!$result->locked) {
            mtrace(get_string('drainlocked', 'local_django_sync'));
            return $result;
        }
        mtrace(get_string('drainresult', 'local_django_sync', $result));
        if ($result->remaining > 0 && $result->nextattempt !== null) {
            // The earliest remaining row decides when delivery runs next (a running task never blocks this).
            if (grade_outbox::schedule_delivery((int)$result->nextattempt)) {
                mtrace(get_string('drainrequeued', 'local_django_sync', userdate(max(time(), (int)$result->nextattempt))));
            }
        }
        return $result;
    }
}
