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
 * The grade outbox: records grade changes (in the change's transaction) and lets administrators act on them.
 *
 * A row is a snapshot of one grade change in the shape mdsync_push_grades() takes, with its idempotency key.
 * Rows are immutable once written; a row stops being pending only when Django acknowledged it
 * ({@see grade_delivery}; it is then kept as 'delivered' for a few days, a short history for the grades page,
 * and removed by a task) or an administrator discarded it. Rows that exhausted their attempts, or that
 * Django rejected, stay as 'failed' until an administrator retries or discards them.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class grade_outbox {
    /** The table. */
    public const TABLE = 'local_django_sync_grades';

    /** Waiting to be sent (perhaps not before nextattempt). */
    public const PENDING = 'pending';

    /** Rejected by Django or out of attempts: waits for an administrator. */
    public const FAILED = 'failed';

    /** Acknowledged by Django (2xx): kept for a few days as history, then deleted. */
    public const DELIVERED = 'delivered';

    /** Default days a delivered row is kept. */
    public const DEFAULT_KEEP_DAYS = 7;

    /** Setting value: send every grade item. */
    public const ITEMS_ALL = 'all';

    /** Setting value: send course totals only. */
    public const ITEMS_COURSE = 'course';

    /** @var array per-request cache of user fields (userid => [email, djangoid, time]) */
    protected static $users = [];

    /** @var array per-request cache of course fields (courseid => [shortname, idnumber, time]) */
    protected static $courses = [];

    /** @var int when this process last queued the delivery task */
    protected static $queuedat = 0;

    /**
     * Is grade delivery switched on?
     *
     * @return bool
     */
    public static function enabled(): bool {
        return (bool)get_config('local_django_sync', 'grades_enabled');
    }

    /**
     * Records a grade change: one outbox row (if its key is new) and a de-duplicated delivery task.
     *
     * Called by the observers, inside the grade change's transaction. No network, no mdsync call.
     *
     * @param \grade_grade $grade the grade as it is now (its grade_item loaded)
     * @param bool $deleted whether the grade was deleted
     * @return bool whether the change is in the outbox (false: grades off, or an item the settings leave out)
     */
    public static function record_grade(\grade_grade $grade, bool $deleted = false): bool {
        if (!self::enabled()) {
            return false;
        }
        $item = $grade->grade_item ?? $grade->load_grade_item();
        if (!$item || !self::item_wanted($item)) {
            return false;
        }
        $snapshot = self::snapshot($grade, $item, $deleted);
        self::insert_if_absent($snapshot);
        self::queue_delivery();
        return true;
    }

    /**
     * Does the "which grade items" setting include this item?
     *
     * @param \grade_item $item
     * @return bool
     */
    public static function item_wanted(\grade_item $item): bool {
        $which = get_config('local_django_sync', 'grades_items') ?: self::ITEMS_ALL;
        return $which === self::ITEMS_ALL || $item->itemtype === 'course';
    }

    /**
     * The grade as mdsync_push_grade() takes it, with a stable idempotency key.
     *
     * The key is "grade:<grade id>:<time modified>:<final grade>" (or "grade:<grade id>:deleted:<time>"): the
     * same change observed twice gives the same key (one row, one delivery), while two different values
     * saved in the same second get different keys, so Django never mistakes the second for a replay.
     *
     * @param \grade_grade $grade
     * @param \grade_item $item
     * @param bool $deleted
     * @return array
     */
    public static function snapshot(\grade_grade $grade, \grade_item $item, bool $deleted = false): array {
        $user = self::user_fields((int)$grade->userid);
        $course = self::course_fields((int)$item->courseid);
        $finalgrade = ($deleted || $grade->finalgrade === null) ? null : (float)$grade->finalgrade;
        $timemodified = $deleted ? time() : (int)($grade->timemodified ?: time());
        $gradeid = empty($grade->id) ? null : (int)$grade->id;
        $key = self::key($gradeid, (int)$grade->userid, (int)$item->id, $finalgrade, $timemodified, $deleted);
        return [
            'userid' => (int)$grade->userid,
            'djangoid' => $user['djangoid'],
            'email' => $user['email'],
            'courseid' => (int)$item->courseid,
            'courseshortname' => $course['shortname'],
            'courseidnumber' => $course['idnumber'],
            'itemid' => (int)$item->id,
            'itemtype' => (string)$item->itemtype,
            'itemmodule' => $item->itemmodule === null || $item->itemmodule === '' ? null : (string)$item->itemmodule,
            'itemname' => $item->itemname === null || $item->itemname === '' ? null : (string)$item->itemname,
            'grademax' => $item->grademax === null ? null : (float)$item->grademax,
            'finalgrade' => $finalgrade,
            'timemodified' => $timemodified,
            'gradeid' => $gradeid,
            'idempotency_key' => $key,
        ];
    }

    /**
     * The idempotency key of a grade change ({@see snapshot()}).
     *
     * @param int|null $gradeid the grade_grades id, if known
     * @param int $userid
     * @param int $itemid
     * @param float|null $finalgrade
     * @param int $timemodified the grade's time modified (the time of the deletion for a deleted grade)
     * @param bool $deleted
     * @return string
     */
    public static function key(
        ?int $gradeid,
        int $userid,
        int $itemid,
        ?float $finalgrade,
        int $timemodified,
        bool $deleted = false
    ): string {
        $value = $finalgrade === null ? 'null' : sprintf('%.5F', $finalgrade);
        $who = $gradeid !== null ? (string)$gradeid : $userid . ':' . $itemid;
        return $deleted ? "grade:$who:deleted:$timemodified" : "grade:$who:$timemodified:$value";
    }

    /**
     * Email and Django id of a user (cached for a minute in this process: a grader report saves many grades).
     *
     * @param int $userid
     * @return array ['email' => ?string, 'djangoid' => ?string]
     */
    public static function user_fields(int $userid): array {
        global $DB;
        $now = time();
        if (isset(self::$users[$userid]) && self::$users[$userid]['time'] > $now - 60) {
            return self::$users[$userid];
        }
        if (count(self::$users) > 1000) {
            self::$users = [];
        }
        $sql = "SELECT u.email, d.data AS djangoid
                  FROM {user} u
             LEFT JOIN {user_info_field} f ON f.shortname = :shortname
             LEFT JOIN {user_info_data} d ON d.fieldid = f.id AND d.userid = u.id
                 WHERE u.id = :userid";
        $record = $DB->get_record_sql($sql, ['shortname' => 'djangoid', 'userid' => $userid]);
        $email = $record ? trim((string)$record->email) : '';
        $djangoid = $record ? trim((string)$record->djangoid) : '';
        return self::$users[$userid] = [
            'email' => $email === '' ? null : $email,
            'djangoid' => $djangoid === '' ? null : $djangoid,
            'time' => $now,
        ];
    }

    /**
     * Short name and id number of a course (cached for a minute in this process).
     *
     * @param int $courseid
     * @return array ['shortname' => string, 'idnumber' => ?string]
     */
    protected static function course_fields(int $courseid): array {
        global $DB;
        $now = time();
        if (isset(self::$courses[$courseid]) && self::$courses[$courseid]['time'] > $now - 60) {
            return self::$courses[$courseid];
        }
        if (count(self::$courses) > 100) {
            self::$courses = [];
        }
        $course = $DB->get_record('course', ['id' => $courseid], 'id, shortname, idnumber');
        return self::$courses[$courseid] = [
            'shortname' => $course ? (string)$course->shortname : '',
            'idnumber' => $course && (string)$course->idnumber !== '' ? (string)$course->idnumber : null,
            'time' => $now,
        ];
    }

    /**
     * Forgets the per-process caches (tests, and after the user sync filled identifiers).
     */
    public static function reset_caches(): void {
        self::$users = [];
        self::$courses = [];
        self::$queuedat = 0;
    }

    /**
     * Inserts the row unless a row with its key exists, without ever failing the caller's transaction.
     *
     * A failed INSERT would abort a PostgreSQL transaction, and with it the grade change; so on PostgreSQL
     * and MySQL/MariaDB the database does insert-if-absent itself (ON CONFLICT DO NOTHING, INSERT IGNORE);
     * elsewhere a look-up comes first.
     *
     * @param array $snapshot {@see snapshot()}
     */
    public static function insert_if_absent(array $snapshot): void {
        global $DB;
        $now = time();
        $row = [
            'idempotencykey' => $snapshot['idempotency_key'],
            'userid' => $snapshot['userid'],
            'courseid' => $snapshot['courseid'],
            'itemid' => $snapshot['itemid'],
            'gradeid' => $snapshot['gradeid'],
            'payload' => json_encode($snapshot, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION),
            'state' => self::PENDING,
            'attempts' => 0,
            'nextattempt' => $now,
            'lasthttpstatus' => 0,
            'timecreated' => $now,
            'timemodified' => $now,
        ];
        $family = $DB->get_dbfamily();
        if ($family === 'postgres' || $family === 'mysql') {
            $columns = implode(', ', array_keys($row));
            $placeholders = implode(', ', array_fill(0, count($row), '?'));
            $table = '{' . self::TABLE . '}';
            $sql = $family === 'postgres'
                ? "INSERT INTO $table ($columns) VALUES ($placeholders) ON CONFLICT (idempotencykey) DO NOTHING"
                : "INSERT IGNORE INTO $table ($columns) VALUES ($placeholders)";
            $DB->execute($sql, array_values($row));
            return;
        }
        if (!$DB->record_exists(self::TABLE, ['idempotencykey' => $row['idempotencykey']])) {
            $DB->insert_record(self::TABLE, (object)$row);
        }
    }

    /**
     * Queues the delivery task to run now (at most once a minute from one process).
     */
    public static function queue_delivery(): void {
        if (self::$queuedat > time() - 60) {
            return;
        }
        self::schedule_delivery(time());
        self::$queuedat = time();
    }

    /**
     * Makes sure a delivery task will run at $when (or earlier): queues one unless a waiting one is due by then.
     *
     * Waiting means queued and not running. A running delivery task (the one calling this at the end of its
     * drain, typically) does not count: it is about to finish. That is why this does not use
     * queue_adhoc_task($task, true), whose de-duplication matches a running task too, so that a delivery task
     * could not queue its own retry and the retry waited for the safety net. Two processes racing here may
     * both queue a task: harmless, the second finds the drain lock or nothing due.
     *
     * @param int $when Unix time the earliest row is due (the past means now)
     * @return bool whether a task was queued (false: a waiting task already runs by then)
     */
    public static function schedule_delivery(int $when): bool {
        $now = time();
        $waiting = \core\task\manager::get_adhoc_tasks(\local_django_sync\task\push_grades::class, false, true);
        foreach ($waiting as $task) {
            if ((int)$task->get_next_run_time() <= max($now, $when)) {
                return false;
            }
        }
        $task = new \local_django_sync\task\push_grades();
        if ($when > $now) {
            // Otherwise as soon as possible (Moodle's default: cron takes tasks due strictly before now).
            $task->set_next_run_time($when);
        }
        \core\task\manager::queue_adhoc_task($task);
        return true;
    }

    /**
     * Figures for the status page.
     *
     * @return \stdClass pending, due, failed, oldestpending (time or null), nextattempt (time or null)
     */
    public static function stats(): \stdClass {
        global $DB;
        $now = time();
        $pending = $DB->get_record_sql(
            "SELECT COUNT(1) AS total, MIN(timecreated) AS oldest, MIN(nextattempt) AS nextattempt,
                    SUM(CASE WHEN nextattempt <= :now THEN 1 ELSE 0 END) AS due,
                    SUM(CASE WHEN attempts > 0 THEN 1 ELSE 0 END) AS retrying
               FROM {" . self::TABLE . "}
              WHERE state = :state",
            ['state' => self::PENDING, 'now' => $now]
        );
        return (object)[
            'pending' => (int)$pending->total,
            'due' => (int)$pending->due,
            'retrying' => (int)$pending->retrying,
            'failed' => $DB->count_records(self::TABLE, ['state' => self::FAILED]),
            'delivered' => $DB->count_records(self::TABLE, ['state' => self::DELIVERED]),
            'oldestpending' => $pending->oldest === null ? null : (int)$pending->oldest,
            'nextattempt' => $pending->nextattempt === null ? null : (int)$pending->nextattempt,
        ];
    }

    /**
     * How many days delivered rows are kept (the setting, at least one day).
     *
     * At least a day because the reconciliation ({@see grade_reconciler}) compares recent grade changes with
     * the outbox, delivered rows included: a change delivered and already forgotten would be sent again.
     *
     * @return int
     */
    public static function keep_days(): int {
        $days = get_config('local_django_sync', 'grades_keep_days');
        return max(1, $days === false || $days === '' ? self::DEFAULT_KEEP_DAYS : (int)$days);
    }

    /**
     * Deletes delivered rows older than the history keeps them.
     *
     * @param int|null $now the time to count from (tests)
     * @return int rows deleted
     */
    public static function cleanup(?int $now = null): int {
        global $DB;
        $select = 'state = :state AND timemodified < :before';
        $params = ['state' => self::DELIVERED, 'before' => ($now ?? time()) - self::keep_days() * DAYSECS];
        $count = $DB->count_records_select(self::TABLE, $select, $params);
        if ($count) {
            $DB->delete_records_select(self::TABLE, $select, $params);
        }
        return $count;
    }

    /**
     * Rows that need an administrator's eye: failed ones, then pending ones that have failed before.
     *
     * @param string $state self::FAILED or self::PENDING (then only rows with attempts)
     * @param int $limit
     * @return \stdClass[]
     */
    public static function problems(string $state, int $limit = 50): array {
        global $DB;
        $select = 'state = :state' . ($state === self::PENDING ? ' AND attempts > 0' : '');
        return array_values($DB->get_records_select(
            self::TABLE,
            $select,
            ['state' => $state],
            'id',
            'id, idempotencykey, userid, courseid, itemid, attempts, nextattempt, lasthttpstatus, lasterror, timecreated',
            0,
            $limit
        ));
    }

    /**
     * Puts failed rows (one, or all when $id is null) back in the queue with fresh attempts, and queues delivery.
     *
     * @param int|null $id
     * @return int rows put back
     */
    public static function retry(?int $id): int {
        global $DB;
        $params = ['state' => self::FAILED];
        $select = 'state = :state';
        if ($id !== null) {
            $select .= ' AND id = :id';
            $params['id'] = $id;
        }
        $count = $DB->count_records_select(self::TABLE, $select, $params);
        if ($count) {
            $DB->execute(
                "UPDATE {" . self::TABLE . "} SET state = :pending, attempts = 0, nextattempt = :now, timemodified = :now2
                  WHERE $select",
                $params + ['pending' => self::PENDING, 'now' => time(), 'now2' => time()]
            );
            self::$queuedat = 0;
            self::queue_delivery();
        }
        return $count;
    }

    /**
     * Discards failed rows (one, or all when $id is null): Django will never get them.
     *
     * @param int|null $id
     * @return int rows discarded
     */
    public static function discard(?int $id): int {
        global $DB;
        $params = ['state' => self::FAILED];
        if ($id !== null) {
            $params['id'] = $id;
        }
        $count = $DB->count_records(self::TABLE, $params);
        $DB->delete_records(self::TABLE, $params);
        return $count;
    }
}
