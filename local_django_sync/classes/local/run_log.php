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
 * The run reports table: one row per sync run, with its counts and per-user failures.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_log {
    /** The table. */
    public const TABLE = 'local_django_sync_runs';

    /** How many failures a run keeps in full; the count of the rest is kept. */
    public const MAX_FAILURES = 1000;

    /**
     * Records the start of a run.
     *
     * @param string $origin task, cli or page
     * @param string $mode plan or apply
     * @param int $userid who started it from a page, 0 otherwise
     * @return int run id
     */
    public static function start(string $origin, string $mode, int $userid = 0): int {
        global $DB;
        return (int)$DB->insert_record(self::TABLE, (object)[
            'timestarted' => time(),
            'origin' => $origin,
            'mode' => $mode,
            'userid' => $userid,
            'status' => 'running',
        ]);
    }

    /**
     * Records the end of a run.
     *
     * @param int $id run id
     * @param string $status success, partial or failed
     * @param array $counts name => number
     * @param array $failures list of ['side', 'moodle_id', 'django_id', 'email', 'reason']
     * @param string $message why a failed run stopped
     */
    public static function finish(int $id, string $status, array $counts, array $failures, string $message = ''): void {
        global $DB;
        if (count($failures) > self::MAX_FAILURES) {
            $counts['failures_not_kept'] = count($failures) - self::MAX_FAILURES;
            $failures = array_slice($failures, 0, self::MAX_FAILURES);
        }
        $DB->update_record(self::TABLE, (object)[
            'id' => $id,
            'timefinished' => time(),
            'status' => $status,
            'counts' => json_encode($counts),
            'failures' => json_encode(array_values($failures)),
            'message' => $message,
        ]);
    }

    /**
     * The latest runs, newest first, with counts and failures decoded.
     *
     * @param int $limit
     * @return \stdClass[]
     */
    public static function recent(int $limit = 10): array {
        global $DB;
        $runs = $DB->get_records(self::TABLE, null, 'timestarted DESC, id DESC', '*', 0, $limit);
        foreach ($runs as $run) {
            $run->counts = json_decode($run->counts ?? '[]', true) ?: [];
            $run->failures = json_decode($run->failures ?? '[]', true) ?: [];
        }
        return array_values($runs);
    }
}
