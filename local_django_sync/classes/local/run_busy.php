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
 * Another user sync run is going on: one run at a time. Says which, who started it and since when.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_busy extends \moodle_exception {
    /** @var \stdClass the run going on */
    public $run;

    /**
     * Constructor.
     *
     * @param \stdClass $run the active run (as run_log::get() gives it)
     */
    public function __construct(\stdClass $run) {
        $this->run = $run;
        parent::__construct('runbusy', 'local_django_sync', '', (object)[
            'id' => (int)$run->id,
            'mode' => get_string('mode_' . $run->mode, 'local_django_sync'),
            'by' => run_log::started_by($run),
            'since' => userdate((int)$run->timestarted),
            'status' => get_string('status_' . $run->status, 'local_django_sync'),
        ]);
    }
}
