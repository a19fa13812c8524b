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

namespace local_django_sync\output;

use moodle_url;
use renderer_base;

/**
 * The grade delivery status: figures, failed rows with retry and discard, rows being retried.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class grades_page implements \renderable, \templatable {
    /** The actions grades.php takes. */
    public const ACTIONS = ['retry', 'discard'];

    /** @var \stdClass */
    protected $stats;
    /** @var \stdClass[] */
    protected $failed;
    /** @var \stdClass[] */
    protected $retrying;

    /**
     * Constructor.
     *
     * @param \stdClass $stats {@see \local_django_sync\local\grade_outbox::stats()}
     * @param \stdClass[] $failed failed rows
     * @param \stdClass[] $retrying pending rows that failed before
     */
    public function __construct(\stdClass $stats, array $failed, array $retrying) {
        $this->stats = $stats;
        $this->failed = $failed;
        $this->retrying = $retrying;
    }

    /**
     * Template context.
     *
     * @param renderer_base $output
     * @return array
     */
    public function export_for_template(renderer_base $output): array {
        $baseurl = new moodle_url('/local/django_sync/grades.php');
        $never = '-';
        $stats = [
            ['label' => get_string('gradestats_pending', 'local_django_sync'), 'value' => $this->stats->pending],
            ['label' => get_string('gradestats_due', 'local_django_sync'), 'value' => $this->stats->due],
            ['label' => get_string('gradestats_retrying', 'local_django_sync'), 'value' => $this->stats->retrying],
            ['label' => get_string('gradestats_failed', 'local_django_sync'), 'value' => $this->stats->failed],
            ['label' => get_string('gradestats_oldest', 'local_django_sync'),
                'value' => $this->stats->oldestpending ? userdate($this->stats->oldestpending) : $never],
            ['label' => get_string('gradestats_nextattempt', 'local_django_sync'),
                'value' => $this->stats->nextattempt ? userdate($this->stats->nextattempt) : $never],
        ];
        return [
            'actionurl' => $baseurl->out(false),
            'sesskey' => sesskey(),
            'stats' => $stats,
            'failed' => $this->rows($this->failed, true),
            'hasfailed' => !empty($this->failed),
            'failedcount' => $this->stats->failed,
            'retrying' => $this->rows($this->retrying, false),
            'hasretrying' => !empty($this->retrying),
        ];
    }

    /**
     * Rows for the tables.
     *
     * @param \stdClass[] $records
     * @param bool $actions whether the rows get retry and discard buttons
     * @return array
     */
    protected function rows(array $records, bool $actions): array {
        $rows = [];
        foreach ($records as $record) {
            $rows[] = [
                'id' => (int)$record->id,
                'key' => $record->idempotencykey,
                'userurl' => (new moodle_url('/user/profile.php', ['id' => $record->userid]))->out(false),
                'userid' => (int)$record->userid,
                'courseurl' => (new moodle_url('/grade/report/grader/index.php', ['id' => $record->courseid]))->out(false),
                'courseid' => (int)$record->courseid,
                'itemid' => (int)$record->itemid,
                'attempts' => (int)$record->attempts,
                'nextattempt' => $actions ? '' : userdate((int)$record->nextattempt),
                'lasterror' => (string)$record->lasterror,
                'recorded' => userdate((int)$record->timecreated),
                'actions' => $actions,
            ];
        }
        return $rows;
    }
}
