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

use core\output\stored_progress_bar;
use local_django_sync\local\sync\options;
use local_django_sync\local\sync\plan;
use local_django_sync\local\sync\progress;
use local_django_sync\local\sync\report;
use local_django_sync\local\sync\work_item;
use local_django_sync\local\sync\work_list;
use local_django_sync\task\run_sync;
use moodle_url;

/**
 * Carries out a run, whoever started it: the sync page (in the background, as the adhoc task run_sync), the
 * scheduled task and cli/sync.php (in their own process). One bookkeeping for all of them:
 *
 * - The process that works on a run holds its lock ("run_<id>"); a run whose lock can be had has no process.
 * - Planning stores the plan as rows (run_store) and ends with the run's plan summary; a run without one is planned
 *   (again) from scratch.
 * - An apply run the guard (run_guard) finds too big is held; the alert recipients are told (notifier::run_held).
 *   Approved, it is planned again and applies exactly the held work if every held item is still what a fresh plan
 *   would do; otherwise it ends stale and asks for a new plan.
 * - The work is applied in chunks of the setting chunk_size: after each chunk its results and the new position are
 *   committed together, so a process that dies loses at most its chunk in flight, and the run continues from there.
 * - A run that fails is reported to the alert recipients (notifier::sync_failed).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class runner {
    /** How many processes may take a run up before it is abandoned. */
    public const MAX_ATTEMPTS = 3;

    /** Work items per chunk unless the setting says otherwise. */
    public const DEFAULT_CHUNK_SIZE = 500;

    /** @var sync_service */
    protected $service;

    /** @var notifier */
    protected $notifier;

    /** @var plan|null the last plan this runner made */
    public $plan = null;

    /**
     * Constructor.
     *
     * @param sync_service|null $service
     * @param notifier|null $notifier
     */
    public function __construct(?sync_service $service = null, ?notifier $notifier = null) {
        $this->service = $service ?? new sync_service();
        $this->notifier = $notifier ?? new notifier();
    }

    /**
     * Starts a run in the background (the sync page): the run, its adhoc task, its progress bar.
     *
     * @param string $mode plan, apply or undo
     * @param int $userid who asked
     * @param array $request what was asked: only (directions), selection
     * @param int $parentid for an undo: the run it undoes
     * @return int run id
     * @throws run_busy when another run is going on
     */
    public function queue(string $mode, int $userid, array $request = [], int $parentid = 0): int {
        $runid = run_log::start('page', $mode, $userid, $request, $parentid, 'queued');
        $this->queue_task($runid, get_string('progress_queued', 'local_django_sync'));
        return $runid;
    }

    /**
     * Approves a held run: it goes back to the queue, to be planned again and applied only if its plan is current.
     *
     * @param int $runid
     * @param int $userid who approves
     * @throws run_busy when another run is going on (approve it once that one has finished)
     * @throws \moodle_exception notheld when the run does not wait for approval
     */
    public function approve(int $runid, int $userid): void {
        $lock = run_log::lock('start', 10);
        try {
            $run = run_log::get($runid, IGNORE_MISSING);
            if (!$run || $run->status !== run_log::HELD) {
                throw new \moodle_exception('notheld', 'local_django_sync', '', $runid);
            }
            $active = run_log::active();
            if ($active !== null) {
                throw new run_busy($active);
            }
            $user = \core_user::get_user($userid);
            // Approval starts the run's second part: its processes are counted afresh.
            run_log::update($runid, ['status' => 'queued', 'decidedby' => $userid, 'timedecided' => time(), 'attempts' => 0,
                'message' => get_string('approvedby', 'local_django_sync', $user ? fullname($user) : (string)$userid)]);
        } finally {
            $lock->release();
        }
        $this->queue_task($runid, get_string('progress_approved', 'local_django_sync'));
    }

    /**
     * Rejects a held run: it ends, nothing of it done.
     *
     * @param int $runid
     * @param int $userid who rejects
     * @throws \moodle_exception notheld when the run does not wait for approval
     */
    public function reject(int $runid, int $userid): void {
        $run = run_log::get($runid, IGNORE_MISSING);
        if (!$run || $run->status !== run_log::HELD) {
            throw new \moodle_exception('notheld', 'local_django_sync', '', $runid);
        }
        $user = \core_user::get_user($userid);
        run_log::update($runid, ['decidedby' => $userid, 'timedecided' => time()]);
        run_log::finish($runid, 'rejected', $run->counts, [], get_string('rejectedby', 'local_django_sync',
            (object)['reason' => $run->message, 'by' => $user ? fullname($user) : (string)$userid]));
    }

    /**
     * Undoes the last run's suspensions in the background: a run that revives the users it suspended.
     *
     * @param int $runid the run whose suspensions to undo (it must be run_log::last_suspensions())
     * @param int $userid who asks
     * @return int the undo run's id
     * @throws run_busy when another run is going on
     * @throws \moodle_exception undo_notoffered when that run's suspensions cannot be undone
     */
    public function undo(int $runid, int $userid): int {
        $last = run_log::last_suspensions();
        if ($last === null || (int)$last->id !== $runid) {
            throw new \moodle_exception('undo_notoffered', 'local_django_sync');
        }
        return $this->queue('undo', $userid, [], $runid);
    }

    /**
     * Queues the adhoc task that carries a run, with its progress bar (so the page shows it before cron takes it).
     *
     * @param int $runid
     * @param string $message the bar's first message
     * @return int the task's id
     */
    public function queue_task(int $runid, string $message): int {
        $task = new run_sync();
        $task->set_custom_data(['runid' => $runid]);
        $taskid = (int)\core\task\manager::queue_adhoc_task($task);
        // The name stored_progress_task_trait gives the bar of this task, which the task then takes over.
        $idnumber = stored_progress_bar::convert_to_idnumber(run_sync::class . '_' . $taskid);
        $bar = new stored_progress_bar($idnumber);
        $bar->auto_update(false);
        $bar->create();
        $bar->start();
        $bar->update_full(0, \core_text::substr($message, 0, 255));
        run_log::update($runid, ['taskid' => $taskid, 'progressbar' => $idnumber]);
        return $taskid;
    }

    /**
     * The chunk size from the settings.
     *
     * @return int
     */
    public function chunk_size(): int {
        $size = (int)($this->service->gateway()->config()->chunk_size ?? 0);
        return $size > 0 ? min(100000, $size) : self::DEFAULT_CHUNK_SIZE;
    }

    /**
     * Works on a run from where it stands: plans it if it has no plan, holds it, checks an approved one, applies its
     * work chunk by chunk, ends it. Returns at once if another process has it or it is not active.
     *
     * @param int $runid
     * @param stored_progress_bar|null $bar where to show progress
     * @param progress|null $log another progress to tell (the task's log)
     * @param \Closure|null $stop returns true when the run should stop after the batch in flight (SIGINT, SIGTERM)
     * @param \Closure|null $onchunk called with each chunk's report once it is stored
     * @return \stdClass the run as it stands afterwards
     */
    public function execute(int $runid, ?stored_progress_bar $bar = null, ?progress $log = null, ?\Closure $stop = null,
            ?\Closure $onchunk = null): \stdClass {
        $lock = run_log::try_run_lock($runid);
        if (!$lock) {
            return run_log::get($runid);
        }
        try {
            $run = run_log::get($runid);
            if (!in_array($run->status, run_log::ACTIVE, true)) {
                return $run;
            }
            $fields = ['attempts' => $run->attempts + 1, 'hostname' => (string)gethostname(), 'pid' => (int)getmypid(),
                'timeheartbeat' => time()];
            if ($bar !== null) {
                $fields['progressbar'] = $bar->get_id();
            }
            run_log::update($runid, $fields);
            $run = run_log::get($runid);
            $progress = new run_progress($bar, $log, $run->mode);
            if ($run->attempts > self::MAX_ATTEMPTS) {
                return $this->abandon($run, get_string('abandoned_attempts', 'local_django_sync', self::MAX_ATTEMPTS),
                    $progress);
            }
            if (empty($run->plan)) {
                $run = $this->plan_run($run, $progress, $stop);
            } else if ($run->status !== 'running' && (int)$run->decidedby > 0) {
                $run = $this->check_current($run, $progress, $stop);
            } else if ($run->status !== 'running') {
                run_log::update($runid, ['status' => 'running']);
                $run = run_log::get($runid);
            }
            if ($run->status !== 'running') {
                return $run;
            }
            return $this->apply_run($run, $progress, $stop, $onchunk);
        } finally {
            $lock->release();
        }
    }

    /**
     * Plans a run (an undo: builds its work) and stores the plan; then the run is done (a plan), held, or running.
     *
     * @param \stdClass $run
     * @param run_progress $progress
     * @param \Closure|null $stop
     * @return \stdClass the run afterwards
     */
    protected function plan_run(\stdClass $run, run_progress $progress, ?\Closure $stop): \stdClass {
        global $DB;
        run_log::update($run->id, ['status' => 'planning']);
        // Rows a process stored before it died: the plan is made again from scratch.
        run_store::delete((int)$run->id);
        try {
            if ($run->mode === 'undo') {
                $plan = null;
                $work = $this->undo_work(run_log::get((int)$run->parentid));
                // Revivals only, whatever the suspend setting says now (it may have been switched off since).
                $options = options::from_array(['only' => ['suspend'], 'suspend' => true])->to_array();
            } else {
                $request = $run->options;
                $engine = $this->service->engine($request['only'] ?? [], $request['selection'] ?? null, $progress, $stop);
                $progress->expect($this->moodle_user_count());
                $plan = $engine->plan();
                $this->plan = $plan;
                $work = $engine->work($plan);
                $options = $engine->options()->to_array();
            }
            $counts = run_store::store((int)$run->id, $plan, $work,
                static fn(int $done, int $total) => $progress->storing($done, $total));
        } catch (\Throwable $e) {
            // No plan (Django down, a bad setting, an empty answer, the ceiling on suspensions): nothing was done.
            return $this->fail($run, sync_service::describe($e), $progress);
        }
        $summary = self::summary($plan, $work, $counts);
        $fields = ['plan' => $summary, 'total' => count($work), 'position' => 0,
            'options' => $run->options + ['apply' => $options], 'counts' => $summary['counts']];
        if ($run->mode === 'plan') {
            run_log::update($run->id, $fields);
            run_log::finish($run->id, 'success', $summary['counts'], []);
            // Only the latest plan is shown: the rows of older plans go.
            $older = $DB->get_fieldset_select(run_log::TABLE, 'id', "mode = 'plan' AND id < ?", [$run->id]);
            foreach ($older as $id) {
                run_store::delete((int)$id);
            }
            $progress->ended(get_string('progress_planned', 'local_django_sync'));
            return run_log::get((int)$run->id);
        }
        $reason = $run->mode === 'apply' && (int)$run->decidedby === 0
            ? run_guard::reason($summary['actions'], (int)($summary['stats']['moodle_users'] ?? 0),
                $this->service->gateway()->config())
            : null;
        if ($reason !== null) {
            run_log::update($run->id, $fields + ['status' => run_log::HELD, 'message' => $reason]);
            $this->notifier->run_held((int)$run->id, run_guard::counts($summary['actions']), $reason);
            $progress->ended(get_string('progress_held', 'local_django_sync'));
            return run_log::get((int)$run->id);
        }
        run_log::update($run->id, $fields + ['status' => 'running']);
        return run_log::get((int)$run->id);
    }

    /**
     * An approved run: planned again; it goes on only if every held item is still what the fresh plan would do.
     *
     * @param \stdClass $run
     * @param run_progress $progress
     * @param \Closure|null $stop
     * @return \stdClass the run afterwards: running, or stale
     */
    protected function check_current(\stdClass $run, run_progress $progress, ?\Closure $stop): \stdClass {
        run_log::update($run->id, ['status' => 'planning']);
        try {
            $engine = $this->service->engine_for($run->options['apply'] ?? [], $progress, $stop);
            $progress->expect($this->moodle_user_count());
            $plan = $engine->plan();
            $this->plan = $plan;
            $fresh = [];
            foreach ($engine->work($plan)->items() as $item) {
                $fresh[$item->key()] = self::fingerprint($item);
            }
        } catch (\Throwable $e) {
            return $this->fail($run, sync_service::describe($e), $progress);
        }
        $changed = 0;
        for ($from = 0; $from < $run->total; $from += 1000) {
            foreach (run_store::work_rows((int)$run->id, $from, 1000) as $row) {
                $item = run_store::item($row);
                if (($fresh[$item->key()] ?? null) !== self::fingerprint($item)) {
                    $changed++;
                }
            }
        }
        if ($changed > 0) {
            $message = get_string('stale_message', 'local_django_sync', (object)['changed' => $changed,
                'total' => $run->total]);
            run_log::finish($run->id, 'stale', $run->counts, [], $message);
            $progress->ended($message, true);
            return run_log::get((int)$run->id);
        }
        $extra = count($fresh) - $run->total;
        run_log::update($run->id, ['status' => 'running', 'message' => trim($run->message . ($extra > 0
            ? "\n" . get_string('approved_extra', 'local_django_sync', $extra) : ''))]);
        return run_log::get((int)$run->id);
    }

    /**
     * What an item does, to compare a held item with a fresh plan's.
     *
     * @param work_item $item
     * @return string
     */
    public static function fingerprint(work_item $item): string {
        $data = $item->data;
        ksort($data);
        return json_encode([$item->action, $item->moodleid, $item->djangoid, $data],
            JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE);
    }

    /**
     * Applies a run's work from its position, chunk by chunk, and ends it.
     *
     * @param \stdClass $run
     * @param run_progress $progress
     * @param \Closure|null $stop
     * @param \Closure|null $onchunk
     * @return \stdClass the run afterwards
     */
    protected function apply_run(\stdClass $run, run_progress $progress, ?\Closure $stop, ?\Closure $onchunk): \stdClass {
        global $DB;
        try {
            $engine = $this->service->engine_for($run->options['apply'] ?? [], $progress, $stop);
        } catch (\Throwable $e) {
            return $this->fail($run, sync_service::describe($e), $progress);
        }
        $position = (int)$run->position;
        $total = (int)$run->total;
        $chunksize = $this->chunk_size();
        $outcome = 'done';
        $stopped = '';
        $notes = $run->options['notes'] ?? [];
        while ($position < $total) {
            if ($stop !== null && $stop()) {
                $outcome = 'interrupted';
                break;
            }
            [$work, $rowids] = run_store::work((int)$run->id, $position, $chunksize);
            if (count($work) === 0) {
                break;
            }
            $report = new report();
            $progress->chunk($position, $total);
            $engine->apply($work, $report);
            // The chunk's results and the run's new position are committed together: a process that dies after this
            // point has nothing of the chunk to redo; one that dies before redoes the chunk (with "exists" for what it
            // already made).
            $transaction = $DB->start_delegated_transaction();
            try {
                run_store::save_results($rowids, $report);
                run_log::update($run->id, ['position' => $position + count($work), 'timeheartbeat' => time()]);
                $transaction->allow_commit();
            } catch (\Throwable $e) {
                // The run stays where it was: a retry of the task (or the recovery) redoes this chunk.
                $transaction->rollback($e);
            }
            $position += count($work);
            $notes = array_values(array_unique(array_merge($notes, $report->notes())));
            if ($onchunk !== null) {
                $onchunk($report);
            }
            if ($report->stopped() !== null) {
                $outcome = 'stopped';
                $stopped = (string)$report->stopped();
                break;
            }
            if ($report->outcome() === 'interrupted') {
                $outcome = 'interrupted';
                break;
            }
        }
        if ($outcome !== 'done') {
            run_store::mark_rest((int)$run->id, $position, $outcome === 'interrupted'
                ? 'not done: the run was interrupted before it' : 'not done: the run stopped before it');
        }
        return $this->end($run, $outcome, $stopped, $notes, $progress);
    }

    /**
     * Ends a run that applied its work (all of it, or until it stopped).
     *
     * @param \stdClass $run
     * @param string $outcome done, stopped or interrupted
     * @param string $stopped why it stopped
     * @param string[] $notes the engine's notes
     * @param run_progress $progress
     * @return \stdClass the run afterwards
     */
    protected function end(\stdClass $run, string $outcome, string $stopped, array $notes, run_progress $progress): \stdClass {
        [$bystatus, $byaction] = run_store::status_counts((int)$run->id);
        if ($outcome === 'done' && isset($bystatus['failed'])) {
            $outcome = 'partial';
        }
        $status = ['done' => 'success', 'partial' => 'partial'][$outcome] ?? 'failed';
        $message = $outcome === 'stopped' ? $stopped
            : ($outcome === 'interrupted' ? get_string('runinterrupted', 'local_django_sync') : (string)$run->message);
        if ($notes) {
            $message = trim($message . "\n" . implode("\n", $notes));
        }
        $counts = ($run->plan['counts'] ?? []) + $bystatus;
        foreach ($byaction as $key => $n) {
            $counts[str_replace(' ', ': ', $key)] = $n;
        }
        run_log::update($run->id, ['options' => $run->options + ['outcome' => $outcome, 'notes' => $notes]]);
        run_log::finish($run->id, $status, $counts, run_store::failures((int)$run->id), $message);
        if ($status === 'failed') {
            $this->notifier->sync_failed((int)$run->id, $message, self::run_url((int)$run->id));
            $progress->ended($message, true);
        } else {
            $progress->ended(get_string('progress_done', 'local_django_sync',
                get_string('status_' . $status, 'local_django_sync')));
        }
        return run_log::get((int)$run->id);
    }

    /**
     * Ends a run that could not be planned or carried on: nothing (more) was done.
     *
     * @param \stdClass $run
     * @param string $message why
     * @param run_progress|null $progress
     * @return \stdClass
     */
    protected function fail(\stdClass $run, string $message, ?run_progress $progress): \stdClass {
        run_store::mark_rest((int)$run->id, (int)$run->position, 'not done: ' . $message);
        [$bystatus] = run_store::status_counts((int)$run->id);
        run_log::finish($run->id, 'failed', $run->counts + $bystatus, run_store::failures((int)$run->id), $message);
        $this->notifier->sync_failed((int)$run->id, $message, self::run_url((int)$run->id));
        $progress?->ended($message, true);
        return run_log::get((int)$run->id);
    }

    /**
     * Ends a run whose processes kept dying: abandoned, with what it did.
     *
     * @param \stdClass $run
     * @param string $why
     * @param run_progress|null $progress
     * @return \stdClass
     */
    public function abandon(\stdClass $run, string $why, ?run_progress $progress = null): \stdClass {
        run_store::mark_rest((int)$run->id, (int)$run->position, 'not done: the run was abandoned before it');
        [$bystatus, $byaction] = run_store::status_counts((int)$run->id);
        $counts = $run->counts + $bystatus;
        foreach ($byaction as $key => $n) {
            $counts[str_replace(' ', ': ', $key)] = $n;
        }
        $message = get_string('abandoned_message', 'local_django_sync', (object)['why' => $why,
            'done' => (int)$run->position, 'total' => (int)$run->total]);
        run_log::finish($run->id, 'abandoned', $counts, run_store::failures((int)$run->id), $message);
        $this->notifier->sync_failed((int)$run->id, $message, self::run_url((int)$run->id));
        $progress?->ended($message, true);
        return run_log::get((int)$run->id);
    }

    /**
     * The revivals that undo a run's suspensions: its users suspended by it, still suspended by the sync.
     *
     * @param \stdClass $parent the run undone
     * @return work_list
     */
    protected function undo_work(\stdClass $parent): work_list {
        global $DB;
        $fieldid = (int)$DB->get_field('user_info_field', 'id', ['shortname' => profile_fields::SUSPENDED_AT]);
        $items = [];
        $rs = $DB->get_recordset_sql("SELECT i.moodleid, i.djangoid, i.details, u.suspended, u.deleted, d.data AS suspendedat
                                        FROM {" . run_store::TABLE . "} i
                                        JOIN {user} u ON u.id = i.moodleid
                                   LEFT JOIN {user_info_data} d ON d.userid = u.id AND d.fieldid = :fieldid
                                       WHERE i.runid = :runid AND i.action = :action AND i.status = :done
                                    ORDER BY i.position", ['fieldid' => $fieldid, 'runid' => $parent->id,
            'action' => 'suspend', 'done' => 'done']);
        foreach ($rs as $row) {
            $details = json_decode((string)$row->details, true);
            $at = trim((string)$row->suspendedat);
            $data = ['suspended_at' => ctype_digit($at) ? (int)$at : null];
            if ($row->deleted) {
                $data['skip'] = get_string('undo_skip_deleted', 'local_django_sync');
            } else if (!$row->suspended) {
                $data['skip'] = get_string('undo_skip_active', 'local_django_sync');
            } else if ($data['suspended_at'] === null) {
                $data['skip'] = get_string('undo_skip_byhand', 'local_django_sync');
            }
            $items[] = new work_item('revive', (int)$row->moodleid, $row->djangoid === null ? null : (string)$row->djangoid,
                (string)($details['label'] ?? ''), $data);
        }
        $rs->close();
        return new work_list($items);
    }

    /**
     * The summary a run keeps of its plan: counts per category, per action of its work, the plan's stats and scope.
     *
     * @param plan|null $plan
     * @param work_list $work
     * @param array<string, int> $rows rows stored per category
     * @return array
     */
    public static function summary(?plan $plan, work_list $work, array $rows): array {
        $counts = [];
        if ($plan !== null) {
            $counts = sync_service::plan_counts($plan) + [
                'to_suspend' => count($plan->tosuspend),
                'to_revive' => count($plan->torevive),
                'to_delete' => count($plan->todelete),
                'excluded' => $rows['excluded'] ?? 0,
            ];
        }
        $stats = [];
        foreach ($plan->stats ?? [] as $name => $value) {
            // Counts, and counts per rule (excluded_by_rule).
            if (is_int($value) || is_array($value)) {
                $stats[$name] = $value;
            }
        }
        return [
            'counts' => $counts,
            'categories' => $rows,
            'actions' => $work->counts(),
            'stats' => $stats,
            'scope' => $plan->scope ?? [],
            'time' => time(),
        ];
    }

    /**
     * Moodle users the plan will read (for the progress bar).
     *
     * @return int
     */
    protected function moodle_user_count(): int {
        global $DB, $CFG;
        return $DB->count_records_select('user', 'deleted = 0 AND mnethostid = ?', [$CFG->mnet_localhost_id]);
    }

    /**
     * Where a run is shown.
     *
     * @param int $runid
     * @return moodle_url
     */
    public static function run_url(int $runid): moodle_url {
        return new moodle_url('/local/django_sync/runs.php', ['id' => $runid]);
    }
}
