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
 * Drains the grade outbox into Django, in batches, through the gateway's push_grades().
 *
 * One drain at a time across the whole site: the drain holds a lock from Moodle's lock API for as long as it
 * runs, so two cron nodes (an adhoc and the scheduled task, or two of either) never send the same row at once.
 * One node is enough: inside a batch the extension sends concurrently. Rows of one grade cell (user and item)
 * go in the order they were recorded: a row waits while an older row of its cell is pending.
 *
 * Per row: delivered (2xx) marks it delivered (kept a few days as history); retry (Django down, timeout, 429,
 * 5xx) counts an attempt and waits 60 s doubling up to an hour, or longer if Django said so (Retry-After);
 * after the maximum attempts, or at once when Django rejected it (a 4xx that retrying cannot fix), the row
 * stays as failed for an administrator, and the alert recipients get one message for the drain.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class grade_delivery {
    /** Lock resource name. */
    public const LOCK = 'grade_outbox_drain';

    /** First wait after a failed attempt, in seconds. */
    public const BACKOFF_FIRST = 60;

    /** Longest wait between attempts, in seconds. */
    public const BACKOFF_MAX = 3600;

    /** Default maximum attempts: with the backoff above, about a day of Django being away. */
    public const DEFAULT_MAX_ATTEMPTS = 30;

    /** Default rows per batch (one mdsync_push_grades() call). */
    public const DEFAULT_BATCH = 200;

    /** @var gateway */
    protected $gateway;

    /** @var notifier */
    protected $notifier;

    /** @var callable|null called with the rows of each batch before it is sent (tests) */
    public $beforesend = null;

    /**
     * Constructor.
     *
     * @param gateway|null $gateway the door to the extension (tests pass a fake)
     * @param notifier|null $notifier who tells the administrators about failed rows
     */
    public function __construct(?gateway $gateway = null, ?notifier $notifier = null) {
        $this->gateway = $gateway ?? new gateway();
        $this->notifier = $notifier ?? new notifier();
    }

    /**
     * The gateway in use.
     *
     * @return gateway
     */
    public function gateway(): gateway {
        return $this->gateway;
    }

    /**
     * Sends every due row, batch after batch, under the drain lock.
     *
     * @param int $lockwait seconds to wait for the lock (another node draining) before giving up
     * @param int $maxseconds stop starting new batches after this long (the rest waits for the next run)
     * @return \stdClass locked (bool: got the lock), batches, sent, delivered, retry, rejected, failed (out of attempts),
     *         remaining (pending rows left), nextattempt (earliest time a remaining row is due, or null),
     *         failedtotal (failed rows in the outbox after the drain)
     */
    public function drain(int $lockwait = 5, int $maxseconds = 240): \stdClass {
        $result = (object)['locked' => false, 'batches' => 0, 'sent' => 0, 'delivered' => 0, 'retry' => 0,
            'rejected' => 0, 'failed' => 0, 'remaining' => 0, 'nextattempt' => null, 'failedtotal' => 0];
        $factory = \core\lock\lock_config::get_lock_factory('local_django_sync');
        $lock = $factory->get_lock(self::LOCK, $lockwait, 3600);
        if (!$lock) {
            return $result;
        }
        $result->locked = true;
        try {
            $config = $this->gateway->config();
            $batchsize = max(1, (int)($config->grades_batch_size ?? 0) ?: self::DEFAULT_BATCH);
            $maxattempts = max(1, (int)($config->grades_max_attempts ?? 0) ?: self::DEFAULT_MAX_ATTEMPTS);
            $started = time();
            while (time() - $started < $maxseconds) {
                $rows = $this->due_rows($batchsize);
                if (!$rows) {
                    break;
                }
                $this->send($rows, $maxattempts, $result);
                $result->batches++;
            }
            if ($result->delivered > 0 && $result->retry === 0) {
                // Django answers again: rows waiting out a backoff from its absence need not wait any longer.
                $this->bring_forward();
            }
            $stats = grade_outbox::stats();
            $result->remaining = $stats->pending;
            $result->nextattempt = $stats->nextattempt;
            $result->failedtotal = $stats->failed;
        } finally {
            $lock->release();
        }
        if ($result->rejected + $result->failed > 0) {
            // One message for the whole drain, however many rows failed in it.
            $this->notifier->grades_failed($result->rejected, $result->failed, $result->failedtotal);
        }
        return $result;
    }

    /**
     * Pending rows that are due, oldest first, at most one per grade cell and none behind an older pending row of its cell.
     *
     * @param int $limit
     * @return \stdClass[]
     */
    protected function due_rows(int $limit): array {
        global $DB;
        $table = '{' . grade_outbox::TABLE . '}';
        $sql = "SELECT o.id, o.idempotencykey, o.userid, o.payload, o.attempts
                  FROM $table o
                 WHERE o.state = :state AND o.nextattempt <= :now
                       AND NOT EXISTS (SELECT 1 FROM $table p
                                        WHERE p.userid = o.userid AND p.itemid = o.itemid
                                              AND p.state = :state2 AND p.id < o.id)
              ORDER BY o.id";
        $params = ['state' => grade_outbox::PENDING, 'state2' => grade_outbox::PENDING, 'now' => time()];
        return array_values($DB->get_records_sql($sql, $params, 0, $limit));
    }

    /**
     * Sends one batch and records each row's outcome.
     *
     * @param \stdClass[] $rows
     * @param int $maxattempts
     * @param \stdClass $result counters to update
     */
    protected function send(array $rows, int $maxattempts, \stdClass $result): void {
        global $DB;
        $needsdjangoid = strpos((string)($this->gateway->config()->grades_url_template ?? ''), '{djangoid}') !== false;
        $grades = [];
        $byid = [];
        foreach ($rows as $row) {
            $grade = json_decode($row->payload, true);
            if (!is_array($grade)) {
                $this->fail($row, 0, get_string('error_badpayload', 'local_django_sync'), $result);
                continue;
            }
            if ($grade['djangoid'] === null) {
                // The user sync may have found the user's Django id since the grade was recorded.
                grade_outbox::reset_caches();
                $grade['djangoid'] = grade_outbox::user_fields((int)$row->userid)['djangoid'];
            }
            if ($grade['djangoid'] === null && $needsdjangoid) {
                // The URL cannot be built yet; wait (without spending an attempt) until the user sync fills it.
                $DB->update_record(grade_outbox::TABLE, (object)['id' => $row->id, 'nextattempt' => time() + self::BACKOFF_MAX,
                    'lasterror' => get_string('error_nodjangoid', 'local_django_sync'), 'timemodified' => time()]);
                continue;
            }
            $grade['idempotency_key'] = $row->idempotencykey;
            $grades[$row->id] = $grade;
            $byid[$row->id] = $row;
        }
        if (!$grades) {
            return;
        }
        if ($this->beforesend) {
            ($this->beforesend)($byid);
        }
        try {
            $answers = $this->gateway->push_grades($grades);
        } catch (\moodle_exception | \ValueError | \TypeError $e) {
            // Configuration problems: nothing was sent; the rows keep their attempts and the task reports the error.
            throw $e;
        } catch (\Throwable $e) {
            // Anything else from the extension counts as a failed attempt for every row of the batch.
            $answers = array_fill_keys(array_keys($grades), ['status' => 'retry', 'http_status' => 0,
                'message' => gateway::redact_url($e->getMessage())]);
        }
        $result->sent += count($grades);
        $delivered = [];
        foreach ($byid as $id => $row) {
            $answer = $answers[$id] ?? ['status' => 'retry', 'http_status' => 0,
                'message' => get_string('error_noresult', 'local_django_sync')];
            $status = (int)($answer['http_status'] ?? 0);
            switch ($answer['status'] ?? '') {
                case 'delivered':
                    $delivered[$status][] = $id;
                    $result->delivered++;
                    break;
                case 'rejected':
                    $result->rejected++;
                    $this->fail($row, $status, self::describe($answer), $result, false);
                    break;
                default:
                    $result->retry++;
                    $attempts = (int)$row->attempts + 1;
                    if ($attempts >= $maxattempts) {
                        $this->fail($row, $status, self::describe($answer), $result);
                        break;
                    }
                    $DB->update_record(grade_outbox::TABLE, (object)[
                        'id' => $id,
                        'attempts' => $attempts,
                        'nextattempt' => time() + self::backoff($attempts, (int)($answer['retry_after'] ?? 0)),
                        'lasthttpstatus' => $status,
                        'lasterror' => self::describe($answer),
                        'timemodified' => time(),
                    ]);
            }
        }
        foreach ($delivered as $status => $ids) {
            // Kept as history for a few days ({@see grade_outbox::cleanup()}); one statement per status.
            [$insql, $params] = $DB->get_in_or_equal($ids, SQL_PARAMS_NAMED);
            $DB->execute(
                "UPDATE {" . grade_outbox::TABLE . "}
                    SET state = :delivered, attempts = attempts + 1, lasthttpstatus = :status, lasterror = NULL,
                        timemodified = :now
                  WHERE id $insql",
                $params + ['delivered' => grade_outbox::DELIVERED, 'status' => $status, 'now' => time()]
            );
        }
    }

    /**
     * Marks a row failed: it stays for an administrator to retry or discard.
     *
     * @param \stdClass $row
     * @param int $status HTTP status of the last attempt
     * @param string $message
     * @param \stdClass $result
     * @param bool $outofattempts whether it failed by running out of attempts (counted separately)
     */
    protected function fail(\stdClass $row, int $status, string $message, \stdClass $result, bool $outofattempts = true): void {
        global $DB;
        $DB->update_record(grade_outbox::TABLE, (object)[
            'id' => $row->id,
            'state' => grade_outbox::FAILED,
            'attempts' => (int)$row->attempts + 1,
            'lasthttpstatus' => $status,
            'lasterror' => $message,
            'timemodified' => time(),
        ]);
        if ($outofattempts) {
            $result->failed++;
        }
    }

    /**
     * Seconds to wait before the next attempt: 60 s doubling, at most an hour, at least what Django asked for.
     *
     * @param int $attempts attempts made so far (1 after the first failure)
     * @param int $retryafter seconds Django asked to wait (Retry-After), 0 if none
     * @return int
     */
    public static function backoff(int $attempts, int $retryafter = 0): int {
        $wait = self::BACKOFF_FIRST * (2 ** min(max(0, $attempts - 1), 16));
        return max(min($wait, self::BACKOFF_MAX), min($retryafter, 86400));
    }

    /**
     * The last error of a row, for the status page: status, message and Django's answer (truncated).
     *
     * @param array $answer one result of push_grades()
     * @return string
     */
    public static function describe(array $answer): string {
        $text = '';
        if (!empty($answer['http_status'])) {
            $text .= 'HTTP ' . (int)$answer['http_status'] . ': ';
        }
        $text .= gateway::redact_url((string)($answer['message'] ?? ''));
        if (isset($answer['answer']) && $answer['answer'] !== '' && $answer['answer'] !== null) {
            $body = is_string($answer['answer']) ? $answer['answer']
                : json_encode($answer['answer'], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
            $text .= ' ' . $body;
        }
        return \core_text::substr(trim($text), 0, 2000);
    }

    /**
     * Makes rows waiting out a backoff due now (called when Django answers again).
     */
    protected function bring_forward(): void {
        global $DB;
        $DB->set_field_select(
            grade_outbox::TABLE,
            'nextattempt',
            time(),
            'state = :state AND attempts > 0 AND nextattempt > :now',
            ['state' => grade_outbox::PENDING, 'now' => time()]
        );
    }
}
