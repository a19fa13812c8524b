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
 * The run table: one row per run, with where it stands, its counts and per-user failures.
 *
 * A user sync run (mode plan, apply or undo) goes through these states:
 * queued (waiting for a process) -> planning -> running (applying, chunk by chunk) -> success, partial or failed;
 * or planning -> held (a mass change waiting for an administrator) -> queued again once approved, or rejected;
 * an approved run whose plan changed meanwhile ends stale; a run whose process is gone and cannot be resumed ends
 * abandoned. Only one user sync run is active (queued, planning or running) at a time: start() refuses a second
 * one with run_busy. Grade reconciliation records its runs here too (mode reconcile); they never block anything.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_log {
    /** The table. */
    public const TABLE = 'local_django_sync_runs';

    /** How many failures a run keeps in full in its row; the count of the rest is kept (all are in its items). */
    public const MAX_FAILURES = 1000;

    /** The user sync modes (reconcile is the grade reconciliation's). */
    public const SYNC_MODES = ['plan', 'apply', 'undo'];

    /** States of a run that is going on: one at a time. */
    public const ACTIVE = ['queued', 'planning', 'running'];

    /** A run waiting for an administrator's approval. */
    public const HELD = 'held';

    /** States a run ends in. */
    public const FINAL = ['success', 'partial', 'failed', 'abandoned', 'rejected', 'stale'];

    /** Every state, in the order the history page's filter lists them. */
    public const STATES = ['queued', 'planning', 'running', 'held', 'success', 'partial', 'failed', 'abandoned',
        'rejected', 'stale'];

    /** The lock factory type of the plugin's runs. */
    public const LOCK_TYPE = 'local_django_sync';

    /**
     * Records the start of a run. A user sync run is refused while another one is active.
     *
     * @param string $origin task, cli or page
     * @param string $mode plan, apply, undo or reconcile
     * @param int $userid who started it from a page, 0 otherwise
     * @param array $options what was asked (directions, selection, ...), stored as JSON
     * @param int $parentid for an undo: the run it undoes
     * @param string $status queued (a process takes it up later) or planning (this process goes on with it now)
     * @return int run id
     * @throws run_busy when another user sync run is active
     */
    public static function start(string $origin, string $mode, int $userid = 0, array $options = [], int $parentid = 0,
            string $status = 'planning'): int {
        global $DB;
        $record = (object)[
            'timestarted' => time(),
            'origin' => $origin,
            'mode' => $mode,
            'userid' => $userid,
            'status' => in_array($mode, self::SYNC_MODES, true) ? $status : 'running',
            'options' => json_encode((object)$options),
            'parentid' => $parentid,
        ];
        if (!in_array($mode, self::SYNC_MODES, true)) {
            return (int)$DB->insert_record(self::TABLE, $record);
        }
        // The check and the insert under one lock: two administrators clicking at once get one run.
        $lock = self::lock('start', 10);
        try {
            $active = self::active();
            if ($active !== null) {
                throw new run_busy($active);
            }
            return (int)$DB->insert_record(self::TABLE, $record);
        } finally {
            $lock->release();
        }
    }

    /**
     * A lock of the plugin's runs.
     *
     * @param string $resource
     * @param int $timeout seconds to wait
     * @return \core\lock\lock
     * @throws \moodle_exception when it cannot be had in time
     */
    public static function lock(string $resource, int $timeout) {
        $lock = \core\lock\lock_config::get_lock_factory(self::LOCK_TYPE)->get_lock($resource, $timeout, DAYSECS);
        if (!$lock) {
            throw new \moodle_exception('locktimeout');
        }
        return $lock;
    }

    /**
     * Tries the lock a run's process holds while it works on it: a lock that can be had means no process has it.
     *
     * @param int $runid
     * @return \core\lock\lock|false the lock (release it), or false while a process holds it
     */
    public static function try_run_lock(int $runid) {
        return \core\lock\lock_config::get_lock_factory(self::LOCK_TYPE)->get_lock('run_' . $runid, 0, DAYSECS);
    }

    /**
     * The user sync run going on now, if one is.
     *
     * @return \stdClass|null
     */
    public static function active(): ?\stdClass {
        global $DB;
        [$states, $params] = $DB->get_in_or_equal(self::ACTIVE, SQL_PARAMS_NAMED, 'st');
        [$modes, $mparams] = $DB->get_in_or_equal(self::SYNC_MODES, SQL_PARAMS_NAMED, 'md');
        $runs = $DB->get_records_select(self::TABLE, "status $states AND mode $modes", $params + $mparams, 'id', '*', 0, 1);
        return $runs ? self::decode(reset($runs)) : null;
    }

    /**
     * Runs waiting for approval, oldest first.
     *
     * @return \stdClass[]
     */
    public static function held(): array {
        global $DB;
        return array_values(array_map([self::class, 'decode'],
            $DB->get_records(self::TABLE, ['status' => self::HELD], 'id')));
    }

    /**
     * One run, decoded.
     *
     * @param int $id
     * @param int $strictness MUST_EXIST or IGNORE_MISSING
     * @return \stdClass|null
     */
    public static function get(int $id, int $strictness = MUST_EXIST): ?\stdClass {
        global $DB;
        $run = $DB->get_record(self::TABLE, ['id' => $id], '*', $strictness);
        return $run ? self::decode($run) : null;
    }

    /**
     * Changes fields of a run.
     *
     * @param int $id
     * @param array $fields name => value (counts, options and plan as arrays: they are stored as JSON)
     */
    public static function update(int $id, array $fields): void {
        global $DB;
        foreach (['counts', 'options', 'plan'] as $json) {
            if (array_key_exists($json, $fields) && !is_string($fields[$json]) && $fields[$json] !== null) {
                $fields[$json] = json_encode((object)$fields[$json]);
            }
        }
        $fields['id'] = $id;
        $DB->update_record(self::TABLE, (object)$fields);
    }

    /**
     * Records the end of a run.
     *
     * @param int $id run id
     * @param string $status one of FINAL
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
            'counts' => json_encode((object)$counts),
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
        return array_values(array_map([self::class, 'decode'], $runs));
    }

    /**
     * The plan shown on the sync page: the latest plan run that has one.
     *
     * @return \stdClass|null
     */
    public static function latest_plan(): ?\stdClass {
        global $DB;
        $runs = $DB->get_records(self::TABLE, ['mode' => 'plan', 'status' => 'success'], 'id DESC', '*', 0, 1);
        return $runs ? self::decode(reset($runs)) : null;
    }

    /**
     * The latest apply run that suspended users and whose suspensions were not undone yet.
     *
     * @return \stdClass|null
     */
    public static function last_suspensions(): ?\stdClass {
        global $DB;
        // Only the latest apply run that changed anything (held, rejected and stale runs did nothing): an older run's
        // suspensions may have been dealt with by hand since.
        $runs = $DB->get_records_select(self::TABLE, "mode = 'apply' AND status IN ('success', 'partial', 'failed', "
            . "'abandoned')", null, 'id DESC', '*', 0, 1);
        if (!$runs) {
            return null;
        }
        $run = reset($runs);
        if (!$DB->record_exists(run_store::TABLE, ['runid' => $run->id, 'action' => 'suspend', 'status' => 'done'])) {
            return null;
        }
        if ($DB->record_exists_select(self::TABLE, "parentid = ? AND mode = 'undo' AND status NOT IN ('failed', 'abandoned')",
                [$run->id])) {
            return null;
        }
        return self::decode($run);
    }

    /**
     * A run row with its JSON fields decoded.
     *
     * @param \stdClass $run
     * @return \stdClass
     */
    public static function decode(\stdClass $run): \stdClass {
        foreach (['counts', 'options', 'plan'] as $field) {
            $value = property_exists($run, $field) ? json_decode((string)($run->$field ?? ''), true) : null;
            $run->$field = is_array($value) ? $value : [];
        }
        $failures = json_decode((string)($run->failures ?? ''), true);
        $run->failures = is_array($failures) ? $failures : [];
        $run->message = (string)($run->message ?? '');
        return $run;
    }

    /**
     * A run's count, for people: "create_in_django: done" reads "Create in Django: Done", a plan's "only_in_django"
     * "Only in Django"; a name with no string stays as it is.
     *
     * @param string $name a key of the run's counts
     * @return string plain text
     */
    public static function count_label(string $name): string {
        $sm = get_string_manager();
        $parts = explode(': ', $name, 2);
        if (count($parts) === 2 && $sm->string_exists('action_' . $parts[0], 'local_django_sync')
                && $sm->string_exists('itemstatus_' . $parts[1], 'local_django_sync')) {
            return get_string('action_' . $parts[0], 'local_django_sync') . ': '
                . get_string('itemstatus_' . $parts[1], 'local_django_sync');
        }
        foreach (['plan_', 'itemstatus_', 'count_'] as $prefix) {
            if ($sm->string_exists($prefix . $name, 'local_django_sync')) {
                return get_string($prefix . $name, 'local_django_sync');
            }
        }
        return $name;
    }

    /**
     * Who started a run, for people: a user's name, or the task or the command line.
     *
     * @param \stdClass $run
     * @return string plain text
     */
    public static function started_by(\stdClass $run): string {
        if ((int)$run->userid > 0) {
            $user = \core_user::get_user((int)$run->userid);
            if ($user) {
                return fullname($user);
            }
        }
        return get_string('origin_' . $run->origin, 'local_django_sync');
    }
}
