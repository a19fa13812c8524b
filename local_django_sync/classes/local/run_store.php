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

use local_django_sync\local\sync\plan;
use local_django_sync\local\sync\report;
use local_django_sync\local\sync\work_item;
use local_django_sync\local\sync\work_list;

/**
 * A run's plan and per-user report in the database: rows of local_django_sync_items keyed by run.
 *
 * Every user the plan names gets one row per category (only in Django, only in Moodle, identifiers to fill, to
 * suspend, to revive, to delete, conflicts, out of scope), with its name and email for paging, sorting and
 * searching. The rows the run does (its work list) carry their position in it; a chunk of the work is read back by
 * position, and what the engine did with each item is written into its row (status, message). So the work list and
 * the report are never held whole in memory, a page reads one page of rows, and a resumed run knows what is done.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_store {
    /** The table. */
    public const TABLE = 'local_django_sync_items';

    /** The plan category of each engine action. */
    public const CATEGORY_OF = [
        'set_identifiers' => 'moodle_updates',
        'create_in_moodle' => 'only_in_django',
        'create_in_django' => 'only_in_moodle',
        'suspend' => 'to_suspend',
        'revive' => 'to_revive',
        'delete' => 'to_delete',
    ];

    /** Categories, in the order the pages show them. */
    public const CATEGORIES = ['only_in_django', 'only_in_moodle', 'moodle_updates', 'to_suspend', 'to_revive', 'to_delete',
        'conflicts', 'excluded'];

    /** Rows written per insert. */
    public const INSERT_CHUNK = 1000;

    /** Rows whose results are written per update statement. */
    public const UPDATE_CHUNK = 250;

    /** The longest message kept (the column's length). */
    public const MESSAGE_LENGTH = 1333;

    /**
     * Stores a run's plan: its work items first (with their positions), then every other user the plan names.
     *
     * @param int $runid
     * @param plan|null $plan null for an undo (its work is all there is)
     * @param work_list $work
     * @param callable|null $progress fn(int $done, int $total) as rows are written
     * @return array<string, int> rows per category
     */
    public static function store(int $runid, ?plan $plan, work_list $work, ?callable $progress = null): array {
        $writer = new class($runid, $progress) {
            /** @var array[] rows waiting for their insert */
            public $rows = [];
            /** @var int[] rows per category */
            public $counts = [];
            /** @var int rows written */
            public $written = 0;
            /** @var int rows expected */
            public $expected = 0;

            /**
             * Constructor.
             *
             * @param int $runid
             * @param callable|null $progress
             */
            public function __construct(
                /** @var int */
                public int $runid,
                /** @var callable|null */
                public $progress
            ) {
            }

            /**
             * Adds a row; writes when a chunk is full.
             *
             * @param array $row
             */
            public function add(array $row): void {
                $row['runid'] = $this->runid;
                $this->rows[] = $row;
                $this->counts[$row['category']] = ($this->counts[$row['category']] ?? 0) + 1;
                if (count($this->rows) >= run_store::INSERT_CHUNK) {
                    $this->flush();
                }
            }

            /**
             * Writes the rows waiting.
             */
            public function flush(): void {
                global $DB;
                if (!$this->rows) {
                    return;
                }
                $DB->insert_records(run_store::TABLE, $this->rows);
                $this->written += count($this->rows);
                $this->rows = [];
                if ($this->progress) {
                    ($this->progress)($this->written, max($this->written, $this->expected));
                }
            }
        };

        // Every user the plan names gets a row; the work items are among them (an undo's work is all there is).
        $excluded = 0;
        foreach ($plan->excluded ?? [] as $rules) {
            foreach ($rules as $list) {
                $excluded += count($list);
            }
        }
        $writer->expected = $plan === null ? count($work) : count($plan->onlyindjango) + count($plan->onlyinmoodle)
            + count($plan->updates_by_user()) + count($plan->tosuspend) + count($plan->torevive) + count($plan->todelete)
            + count($plan->conflicts) + $excluded;
        if ($progress) {
            $progress(0, $writer->expected);
        }
        // Names of the Moodle users the plan gives by id only, read in batches.
        $ids = [];
        foreach ($work->items() as $item) {
            if ($item->moodleid !== null && $item->action !== 'create_in_django') {
                $ids[$item->moodleid] = true;
            }
        }
        if ($plan !== null) {
            foreach ([$plan->tosuspend, $plan->torevive, $plan->todelete, $plan->updates_by_user()] as $map) {
                foreach (array_keys($map) as $mid) {
                    $ids[$mid] = true;
                }
            }
            foreach ($plan->excluded['moodle'] as $list) {
                foreach ($list as $mid) {
                    $ids[$mid] = true;
                }
            }
        }
        $names = self::names(array_keys($ids));

        $inwork = [];
        foreach ($work->items() as $position => $item) {
            $inwork[$item->key()] = true;
            $writer->add(self::row($item, $position, $names));
        }
        if ($plan !== null) {
            // What the plan holds that this run does not do (other directions, other users than those selected).
            $candidates = [];
            foreach ($plan->updates_by_user() as $mid => $fields) {
                $candidates[] = new work_item('set_identifiers', $mid, $plan->both[$mid] ?? ($fields['djangoid'] ?? null),
                    self::label($names[$mid] ?? null, $mid), ['fields' => $fields]);
            }
            foreach ($plan->onlyindjango as $record) {
                $did = is_string($record['djangoid'] ?? null) ? $record['djangoid'] : '';
                $candidates[] = new work_item('create_in_moodle', null, $did, work_item::label_of($record),
                    ['record' => $record]);
            }
            foreach ($plan->onlyinmoodle as $record) {
                $candidates[] = new work_item('create_in_django', (int)$record['id'], null, work_item::label_of($record),
                    ['record' => $record]);
            }
            foreach ($plan->tosuspend as $mid => $s) {
                $candidates[] = new work_item('suspend', $mid, $s['django_id'], self::label($names[$mid] ?? null, $mid),
                    ['reason' => $s['reason']]);
            }
            foreach ($plan->torevive as $mid => $did) {
                $candidates[] = new work_item('revive', $mid, $did, self::label($names[$mid] ?? null, $mid));
            }
            foreach ($plan->todelete as $mid => $reason) {
                $candidates[] = new work_item('delete', $mid, null, self::label($names[$mid] ?? null, $mid),
                    ['reason' => $reason]);
            }
            foreach ($candidates as $item) {
                if (!isset($inwork[$item->key()])) {
                    $writer->add(self::row($item, null, $names));
                }
            }
            unset($candidates);
            foreach ($plan->conflicts as $i => $conflict) {
                $mid = $conflict['moodle_ids'][0] ?? null;
                $writer->add([
                    'category' => 'conflicts',
                    'position' => null,
                    'action' => null,
                    'itemkey' => 'conflict:' . $i,
                    'moodleid' => $mid,
                    'djangoid' => isset($conflict['django_ids'][0]) ? self::cut($conflict['django_ids'][0], 100) : null,
                    'username' => $mid !== null ? ($names[$mid]->username ?? null) : null,
                    'email' => self::cut((string)($conflict['email'] ?? ''), 255),
                    'firstname' => null,
                    'lastname' => null,
                    'details' => json_encode(['conflict' => $conflict]),
                ]);
            }
            foreach ($plan->excluded as $side => $rules) {
                foreach ($rules as $rule => $list) {
                    foreach ($list as $id) {
                        $user = $side === 'moodle' ? ($names[$id] ?? null) : null;
                        $writer->add([
                            'category' => 'excluded',
                            'position' => null,
                            'action' => null,
                            'itemkey' => 'excluded:' . ($side === 'moodle' ? 'm' : 'd') . $id,
                            'moodleid' => $side === 'moodle' ? (int)$id : null,
                            'djangoid' => $side === 'django' ? self::cut((string)$id, 100) : null,
                            'username' => $user->username ?? null,
                            'email' => $user ? self::cut((string)$user->email, 255) : null,
                            'firstname' => $user ? self::cut((string)$user->firstname, 255) : null,
                            'lastname' => $user ? self::cut((string)$user->lastname, 255) : null,
                            'details' => json_encode(['side' => $side, 'rule' => (string)$rule]),
                        ]);
                    }
                }
            }
        }
        $writer->flush();
        if ($progress && $writer->written < $writer->expected) {
            $progress($writer->written, $writer->written);
        }
        return $writer->counts;
    }

    /**
     * One row for a work item (or an item of the plan the run does not do: position null).
     *
     * @param work_item $item
     * @param int|null $position
     * @param \stdClass[] $names Moodle users by id (username, email, firstname, lastname)
     * @return array
     */
    protected static function row(work_item $item, ?int $position, array $names): array {
        $record = is_array($item->data['record'] ?? null) ? $item->data['record'] : null;
        $user = $record === null && $item->moodleid !== null ? ($names[$item->moodleid] ?? null) : null;
        $text = static fn($v): ?string => is_scalar($v) && (string)$v !== '' ? self::cut((string)$v, 255) : null;
        return [
            'category' => self::CATEGORY_OF[$item->action],
            'position' => $position,
            'action' => $item->action,
            'itemkey' => self::cut($item->key(), 255),
            'moodleid' => $item->moodleid,
            'djangoid' => $item->djangoid !== null ? self::cut($item->djangoid, 100) : null,
            'username' => $record !== null ? $text($record['username'] ?? null) : $text($user->username ?? null),
            'email' => $record !== null ? $text(trim((string)($record['email'] ?? ''))) : $text($user->email ?? null),
            'firstname' => $record !== null ? $text($record['firstname'] ?? null) : $text($user->firstname ?? null),
            'lastname' => $record !== null ? $text($record['lastname'] ?? null) : $text($user->lastname ?? null),
            'details' => json_encode(['label' => $item->label, 'data' => $item->data],
                JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_INVALID_UTF8_SUBSTITUTE),
        ];
    }

    /**
     * Moodle users by id (username, email, names), read 1,000 at a time.
     *
     * @param int[] $ids
     * @return \stdClass[] by id
     */
    public static function names(array $ids): array {
        global $DB;
        $out = [];
        foreach (array_chunk($ids, 1000) as $chunk) {
            $out += $DB->get_records_list('user', 'id', $chunk, '', 'id, username, email, firstname, lastname');
        }
        return $out;
    }

    /**
     * "username <email>" of a Moodle user, or "Moodle user N".
     *
     * @param \stdClass|null $user
     * @param int $id
     * @return string
     */
    protected static function label(?\stdClass $user, int $id): string {
        if ($user === null) {
            return "Moodle user $id";
        }
        return trim($user->username . ($user->email !== '' ? " <{$user->email}>" : ''));
    }

    /**
     * Text cut to a column's length.
     *
     * @param string $text
     * @param int $length
     * @return string
     */
    public static function cut(string $text, int $length): string {
        return \core_text::strlen($text) > $length ? \core_text::substr($text, 0, $length) : $text;
    }

    /**
     * A piece of the work: the items at positions $from to $from + $count - 1, and their rows' ids.
     *
     * @param int $runid
     * @param int $from
     * @param int $count
     * @return array{0: work_list, 1: array<string, int>} the items, and row id by item key
     */
    public static function work(int $runid, int $from, int $count): array {
        $items = [];
        $rowids = [];
        foreach (self::work_rows($runid, $from, $count) as $row) {
            $item = self::item($row);
            $items[] = $item;
            $rowids[$item->key()] = (int)$row->id;
        }
        return [new work_list($items), $rowids];
    }

    /**
     * Rows of the work at positions $from to $from + $count - 1, in order.
     *
     * @param int $runid
     * @param int $from
     * @param int $count
     * @return \stdClass[]
     */
    public static function work_rows(int $runid, int $from, int $count): array {
        global $DB;
        return array_values($DB->get_records_select(self::TABLE, 'runid = :runid AND position >= :from AND position < :to',
            ['runid' => $runid, 'from' => $from, 'to' => $from + $count], 'position',
            'id, position, action, itemkey, moodleid, djangoid, details, status, message'));
    }

    /**
     * The work item a row holds.
     *
     * @param \stdClass $row
     * @return work_item
     */
    public static function item(\stdClass $row): work_item {
        $details = json_decode((string)$row->details, true);
        $details = is_array($details) ? $details : [];
        return new work_item(
            (string)$row->action,
            $row->moodleid === null ? null : (int)$row->moodleid,
            $row->djangoid === null ? null : (string)$row->djangoid,
            (string)($details['label'] ?? ''),
            is_array($details['data'] ?? null) ? $details['data'] : []
        );
    }

    /**
     * Writes what the engine did with a piece of the work into its rows: one statement per 250 items.
     *
     * @param array<string, int> $rowids row id by item key (from work())
     * @param report $report the piece's report
     */
    public static function save_results(array $rowids, report $report): void {
        global $DB;
        $updates = [];
        foreach ($report->entries() as $entry) {
            if (!isset($rowids[$entry['key']]) || $entry['status'] === 'queued') {
                continue;
            }
            $updates[$rowids[$entry['key']]] = $entry;
        }
        foreach (array_chunk($updates, self::UPDATE_CHUNK, true) as $chunk) {
            // One CASE per column; every placeholder has its own name (Moodle refuses one used twice).
            $params = [];
            $status = $message = $moodleid = $djangoid = '';
            $n = 0;
            foreach ($chunk as $id => $entry) {
                $n++;
                $params += ["ia$n" => $id, "st$n" => $entry['status'], "ib$n" => $id,
                    "ms$n" => self::cut((string)$entry['message'], self::MESSAGE_LENGTH)];
                $status .= " WHEN :ia$n THEN :st$n";
                $message .= " WHEN :ib$n THEN :ms$n";
                if ($entry['action'] === 'create_in_moodle' && is_int($entry['moodle_id'])) {
                    $params += ["ic$n" => $id, "mo$n" => (string)$entry['moodle_id']];
                    $moodleid .= " WHEN :ic$n THEN " . $DB->sql_cast_char2int(":mo$n");
                }
                if ($entry['action'] === 'create_in_django' && is_string($entry['django_id']) && $entry['django_id'] !== '') {
                    $params += ["id$n" => $id, "dj$n" => self::cut($entry['django_id'], 100)];
                    $djangoid .= " WHEN :id$n THEN :dj$n";
                }
            }
            [$insql, $inparams] = $DB->get_in_or_equal(array_keys($chunk), SQL_PARAMS_NAMED, 'row');
            $sql = "UPDATE {" . self::TABLE . "}
                       SET status = CASE id $status END,
                           message = CASE id $message END"
                . ($moodleid !== '' ? ", moodleid = CASE id $moodleid ELSE moodleid END" : '')
                . ($djangoid !== '' ? ", djangoid = CASE id $djangoid ELSE djangoid END" : '')
                . " WHERE id $insql";
            $DB->execute($sql, $params + $inparams);
        }
    }

    /**
     * Items from a position on that were never reached get a not_done row (the run stopped, was interrupted, was
     * abandoned).
     *
     * @param int $runid
     * @param int $from
     * @param string $message why
     */
    public static function mark_rest(int $runid, int $from, string $message): void {
        global $DB;
        $DB->execute("UPDATE {" . self::TABLE . "} SET status = :status, message = :message
                       WHERE runid = :runid AND position >= :from AND status IS NULL",
            ['status' => 'not_done', 'message' => self::cut($message, self::MESSAGE_LENGTH), 'runid' => $runid,
                'from' => $from]);
    }

    /**
     * Work items per status (as the report counts them), and per action and status.
     *
     * @param int $runid
     * @return array{0: array<string, int>, 1: array<string, int>} status => n, "action status" => n
     */
    public static function status_counts(int $runid): array {
        global $DB;
        $rows = $DB->get_recordset_sql("SELECT action, status, COUNT(1) AS n
                                          FROM {" . self::TABLE . "}
                                         WHERE runid = :runid AND position IS NOT NULL AND status IS NOT NULL
                                      GROUP BY action, status", ['runid' => $runid]);
        $bystatus = [];
        $byaction = [];
        foreach ($rows as $row) {
            $bystatus[$row->status] = ($bystatus[$row->status] ?? 0) + (int)$row->n;
            $byaction[$row->action . ' ' . $row->status] = (int)$row->n;
        }
        $rows->close();
        $ordered = [];
        foreach (report::STATUSES as $status) {
            if (isset($bystatus[$status])) {
                $ordered[$status] = $bystatus[$status];
            }
        }
        return [$ordered, $byaction];
    }

    /**
     * Failed and not done items, as the run log keeps them.
     *
     * @param int $runid
     * @param int $limit
     * @return array[] list of ['side', 'moodle_id', 'django_id', 'email', 'reason']
     */
    public static function failures(int $runid, int $limit = run_log::MAX_FAILURES): array {
        global $DB;
        $rows = $DB->get_records_select(self::TABLE, 'runid = :runid AND position IS NOT NULL AND status IN (:f, :n)',
            ['runid' => $runid, 'f' => 'failed', 'n' => 'not_done'], 'position', 'id, action, moodleid, djangoid, email,
            details, message', 0, $limit);
        $out = [];
        foreach ($rows as $row) {
            $details = json_decode((string)$row->details, true);
            $out[] = [
                'side' => $row->action === 'create_in_django' ? 'django' : 'moodle',
                'moodle_id' => (int)$row->moodleid,
                'django_id' => (string)$row->djangoid,
                'email' => (string)($details['label'] ?? $row->email),
                'reason' => (string)$row->message,
            ];
        }
        return $out;
    }

    /**
     * The whole report of a run, as the engine would have made it in one piece (for cli/sync.php --json and tests;
     * pages and the history read rows instead).
     *
     * @param \stdClass $run as run_log::get() gives it
     * @return report
     */
    public static function report(\stdClass $run): report {
        global $DB;
        $entries = [];
        $rs = $DB->get_recordset_select(self::TABLE, 'runid = :runid AND position IS NOT NULL AND status IS NOT NULL',
            ['runid' => $run->id], 'position', 'id, action, itemkey, moodleid, djangoid, details, status, message');
        foreach ($rs as $row) {
            $item = self::item($row);
            $entries[] = [
                'key' => $item->key(),
                'category' => $item->category(),
                'action' => $item->action,
                'user' => $item->label,
                'moodle_id' => $row->moodleid === null ? null : (int)$row->moodleid,
                'django_id' => $row->djangoid === null ? null : (string)$row->djangoid,
                'status' => (string)$row->status,
                'message' => (string)$row->message,
            ];
        }
        $rs->close();
        $interrupted = ($run->options['outcome'] ?? '') === 'interrupted';
        return report::from_array([
            'schema' => report::SCHEMA,
            'outcome' => $interrupted ? 'interrupted' : null,
            'stopped' => ($run->options['outcome'] ?? '') === 'stopped' ? $run->message : null,
            'entries' => $entries,
            'notes' => $run->options['notes'] ?? [],
        ]);
    }

    /**
     * Deletes a run's rows.
     *
     * @param int $runid
     */
    public static function delete(int $runid): void {
        global $DB;
        $DB->delete_records(self::TABLE, ['runid' => $runid]);
    }
}
