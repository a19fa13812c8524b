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
 * Closes the autocommit window of the grade outbox: finds recent grade changes that have no outbox row.
 *
 * Most of Moodle's gradebook writes a grade without a transaction, so a crash between the grade and the
 * observer's outbox row would lose the row. This compares the grades changed since the last run (with an
 * overlap, for transactions that committed late) with the outbox and writes the rows that are missing.
 *
 * Changed grades come from grade_grades_history (indexed by time modified, one row per insert and update);
 * with grade history disabled, from grade_grades by time modified (not indexed: slower on a big site).
 * Deletions need no reconciling: grade_grade::delete() runs in a transaction with its event, so its outbox row.
 *
 * For each changed grade, its idempotency key as the observer would have made it. Present in the outbox
 * (pending, failed or delivered): nothing to do. Absent: missing, unless the latest row of its grade cell already
 * carries the same value (a change that touched something else, such as hidden or locked, Django needs not
 * hear about), or the cell never had a grade (an empty grade created at enrolment). Missing rows are written as
 * the observer writes them (insert-if-absent on the key, so a late observer row and this one are one row).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class grade_reconciler {
    /** How far back before the last run a run looks again (transactions that committed late). */
    public const OVERLAP = HOURSECS;

    /** Grades compared per round trip. */
    public const CHUNK = 500;

    /** Config name: when the last run started. */
    public const LASTRUN = 'reconcile_lastrun';

    /** Config name: the last run's counts (JSON), for the grades page. */
    public const LASTRESULT = 'reconcile_last';

    /**
     * Compares the grade changes since the last run (minus the overlap) with the outbox; writes what is missing.
     *
     * The first run (or the first after grades were switched off and on again) only notes the time: changes
     * made before delivery was on are not Django's business.
     *
     * @param int|null $now the time of this run (tests)
     * @return \stdClass status (disabled, first, done), since, checked, present, unchanged, nograde, missing, runid
     */
    public function run(?int $now = null): \stdClass {
        $now = $now ?? time();
        $result = (object)['status' => 'done', 'since' => null, 'checked' => 0, 'present' => 0, 'unchanged' => 0,
            'nograde' => 0, 'missing' => 0, 'runid' => 0];
        if (!grade_outbox::enabled()) {
            unset_config(self::LASTRUN, 'local_django_sync');
            $result->status = 'disabled';
            return $result;
        }
        $last = get_config('local_django_sync', self::LASTRUN);
        if ($last === false) {
            set_config(self::LASTRUN, $now, 'local_django_sync');
            $result->status = 'first';
            return $result;
        }
        // Never further back than the delivered history reaches: a delivered row forgotten would look missing.
        $result->since = max((int)$last - self::OVERLAP, $now - grade_outbox::keep_days() * DAYSECS + self::OVERLAP);

        $chunk = [];
        foreach ($this->changed_grade_ids($result->since) as $gradeid) {
            $chunk[] = $gradeid;
            if (count($chunk) >= self::CHUNK) {
                $this->compare($chunk, $result);
                $chunk = [];
            }
        }
        if ($chunk) {
            $this->compare($chunk, $result);
        }

        if ($result->missing > 0) {
            $counts = ['checked' => $result->checked, 'missing' => $result->missing, 'queued' => $result->missing];
            $result->runid = run_log::start('task', 'reconcile');
            run_log::finish($result->runid, 'success', $counts, []);
            grade_outbox::schedule_delivery($now);
        }
        // Only now: a run that died half way is done again, from the same point, by the next one.
        set_config(self::LASTRUN, $now, 'local_django_sync');
        set_config(self::LASTRESULT, json_encode(['time' => $now, 'since' => $result->since,
            'checked' => $result->checked, 'missing' => $result->missing]), 'local_django_sync');
        return $result;
    }

    /**
     * Ids of the grades inserted or updated since a time, in id order.
     *
     * @param int $since
     * @return \Generator of int
     */
    protected function changed_grade_ids(int $since): \Generator {
        global $CFG, $DB;
        require_once($CFG->libdir . '/gradelib.php');
        if (empty($CFG->disablegradehistory)) {
            $sql = "SELECT DISTINCT oldid
                      FROM {grade_grades_history}
                     WHERE timemodified >= :since AND action <> :deleted
                  ORDER BY oldid";
            $params = ['since' => $since, 'deleted' => GRADE_HISTORY_DELETE];
        } else {
            $sql = "SELECT id AS oldid FROM {grade_grades} WHERE timemodified >= :since ORDER BY id";
            $params = ['since' => $since];
        }
        $rs = $DB->get_recordset_sql($sql, $params);
        try {
            foreach ($rs as $row) {
                yield (int)$row->oldid;
            }
        } finally {
            $rs->close();
        }
    }

    /**
     * Compares a chunk of grades with the outbox and writes the missing rows.
     *
     * @param int[] $gradeids
     * @param \stdClass $result counters
     */
    protected function compare(array $gradeids, \stdClass $result): void {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal($gradeids, SQL_PARAMS_NAMED);
        $sql = "SELECT g.id, g.userid, g.itemid, g.finalgrade, g.timemodified,
                       gi.courseid, gi.itemtype, gi.itemmodule, gi.itemname, gi.grademax
                  FROM {grade_grades} g
                  JOIN {grade_items} gi ON gi.id = g.itemid
                 WHERE g.id $insql AND g.timemodified IS NOT NULL";
        $courseonly = get_config('local_django_sync', 'grades_items') === grade_outbox::ITEMS_COURSE;
        $grades = [];
        foreach ($DB->get_records_sql($sql, $params) as $row) {
            if ($courseonly && $row->itemtype !== 'course') {
                // Left out by the "which grade items" setting, as the observer leaves it out.
                continue;
            }
            $finalgrade = $row->finalgrade === null ? null : (float)$row->finalgrade;
            $row->key = grade_outbox::key(
                (int)$row->id,
                (int)$row->userid,
                (int)$row->itemid,
                $finalgrade,
                (int)$row->timemodified
            );
            $grades[$row->key] = $row;
        }
        $result->checked += count($grades);
        if (!$grades) {
            return;
        }

        [$insql, $params] = $DB->get_in_or_equal(array_keys($grades), SQL_PARAMS_NAMED);
        $present = $DB->get_fieldset_select(grade_outbox::TABLE, 'idempotencykey', "idempotencykey $insql", $params);
        foreach ($present as $key) {
            unset($grades[$key]);
        }
        $result->present += count($present);
        if (!$grades) {
            return;
        }

        $latest = $this->latest_values($grades);
        $hadgrade = $this->had_grade(array_filter($grades, fn($row) => !isset($latest[$row->userid . ':' . $row->itemid])
            && $row->finalgrade === null));
        foreach ($grades as $row) {
            $cell = $row->userid . ':' . $row->itemid;
            $finalgrade = $row->finalgrade === null ? null : (float)$row->finalgrade;
            if (array_key_exists($cell, $latest)) {
                $sent = $latest[$cell];
                if ($sent === $finalgrade || ($sent !== null && $finalgrade !== null && abs($sent - $finalgrade) < 0.000005)) {
                    $result->unchanged++;
                    continue;
                }
            } else if ($finalgrade === null && !isset($hadgrade[(int)$row->id])) {
                $result->nograde++;
                continue;
            }
            $grade = new \grade_grade(['id' => $row->id, 'userid' => $row->userid, 'itemid' => $row->itemid,
                'finalgrade' => $row->finalgrade, 'timemodified' => $row->timemodified], false);
            $item = new \grade_item(['id' => $row->itemid, 'courseid' => $row->courseid, 'itemtype' => $row->itemtype,
                'itemmodule' => $row->itemmodule, 'itemname' => $row->itemname, 'grademax' => $row->grademax], false);
            grade_outbox::insert_if_absent(grade_outbox::snapshot($grade, $item));
            $result->missing++;
        }
    }

    /**
     * The final grade of the latest outbox row of each of these grades' cells.
     *
     * @param \stdClass[] $grades
     * @return array "userid:itemid" => ?float
     */
    protected function latest_values(array $grades): array {
        global $DB;
        [$usql, $params] = $DB->get_in_or_equal(array_unique(array_column($grades, 'userid')), SQL_PARAMS_NAMED, 'u');
        [$isql, $iparams] = $DB->get_in_or_equal(array_unique(array_column($grades, 'itemid')), SQL_PARAMS_NAMED, 'i');
        $table = '{' . grade_outbox::TABLE . '}';
        $sql = "SELECT o.id, o.userid, o.itemid, o.payload
                  FROM $table o
                  JOIN (SELECT MAX(id) AS id FROM $table WHERE userid $usql AND itemid $isql GROUP BY userid, itemid) m
                       ON m.id = o.id";
        $latest = [];
        foreach ($DB->get_records_sql($sql, $params + $iparams) as $row) {
            $payload = json_decode($row->payload, true);
            $value = is_array($payload) && isset($payload['finalgrade']) ? (float)$payload['finalgrade'] : null;
            $latest[$row->userid . ':' . $row->itemid] = $value;
        }
        return $latest;
    }

    /**
     * Which of these grades had a final grade at some time (in the grade history).
     *
     * @param \stdClass[] $grades
     * @return array grade id => true
     */
    protected function had_grade(array $grades): array {
        global $CFG, $DB;
        if (!$grades || !empty($CFG->disablegradehistory)) {
            // Without history nothing says the grade was ever set: an empty grade is not sent.
            return [];
        }
        [$insql, $params] = $DB->get_in_or_equal(array_map('intval', array_column($grades, 'id')), SQL_PARAMS_NAMED);
        $ids = $DB->get_fieldset_select(
            'grade_grades_history',
            'DISTINCT oldid',
            "oldid $insql AND finalgrade IS NOT NULL",
            $params
        );
        return array_fill_keys(array_map('intval', $ids), true);
    }
}
