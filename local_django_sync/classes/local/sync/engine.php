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


namespace local_django_sync\local\sync;

/**
 * The one apply: the plan, the work it implies, and carrying it out, for bin/mdsync and the plugin alike.
 *
 * What differs between them is only the Moodle side ({@see moodle_side}) and how Django's options are built
 * ({@see django_side}). The engine owns the order ({@see work_list}), the batches (options::batchsize users per
 * write), splitting a refused batch until the bad record stands alone, a result per user and action
 * ({@see report}), and stopping: when a side stops answering the run stops, and everything not done is listed as
 * not_done; when asked to stop (SIGINT, SIGTERM, a time limit) it finishes the batch in flight and stops the same
 * way. Files a side writes are written either way.
 *
 * A run can be carried out in pieces: apply() takes a start position and a number of items, and the report and
 * the work list are data a caller can store between pieces.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class engine {
    /** The fields of a Moodle record sent to Django when creating its user there. */
    public const DJANGO_FIELDS = ['username', 'email', 'firstname', 'lastname', 'edeboid', 'iasid', 'suspended'];

    /** @var django_side */
    private django_side $django;
    /** @var moodle_side */
    private moodle_side $moodle;
    /** @var options */
    private options $options;
    /** @var progress|null */
    private ?progress $progress;
    /** @var (\Closure(): bool)|null true when the run should stop after the batch in flight */
    private ?\Closure $stop;
    /** @var user_index what is known of each Moodle user */
    private user_index $index;
    /** @var array<string, true> profile fields whose existence the first write that carries them must show */
    private array $unverified = [];
    /** @var array<string, bool> profile fields whose existence a write showed */
    private array $fieldexists = [];
    /** @var bool whether the fields were checked */
    private bool $checked = false;
    /** @var list<string> keys of the batch in flight */
    private array $inflight = [];
    /** @var \Throwable|null what stopped the last apply */
    private ?\Throwable $lasterror = null;

    /**
     * Constructor.
     *
     * @param django_side $django
     * @param moodle_side $moodle
     * @param options $options
     * @param progress|null $progress
     * @param (\Closure(): bool)|null $stop returns true when the run should stop after the batch in flight
     */
    public function __construct(django_side $django, moodle_side $moodle, options $options,
            ?progress $progress = null, ?\Closure $stop = null) {
        $this->django = $django;
        $this->moodle = $moodle;
        $this->options = $options;
        $this->progress = $progress;
        $this->stop = $stop;
        $this->index = new user_index();
    }

    /**
     * The options of this engine.
     *
     * @return options
     */
    public function options(): options {
        return $this->options;
    }

    /**
     * The plan: reads the Moodle side once (streamed into the extension) and Django's users. Changes nothing.
     *
     * @return plan
     * @throws \Mdsync\Exception|input_error|run_stopped|\UnexpectedValueException
     */
    public function plan(): plan {
        $this->index = new user_index();
        $progress = $this->progress;
        $progress?->start('reading Moodle users', null);
        $users = (function () use ($progress): \Generator {
            $n = 0;
            foreach ($this->moodle->users() as $user) {
                $this->index->add($user);
                if (++$n % 500 === 0) {
                    $progress?->advance(500, 'reading Moodle users');
                }
                yield $user;
            }
            $progress?->advance($n % 500, 'reading Moodle users');
            $progress?->finish();
            $progress?->start('asking Django for its users', null);
        })();
        try {
            $raw = $this->django->plan($users, $this->options->plan_options());
        } finally {
            $progress?->finish();
        }
        $plan = plan::from_extension($raw);
        if ($this->options->deleteafterdays !== null && $this->index->with_suspended_at() === 0
                && ($this->moodle->field_status([moodle_side::SUSPENDED_AT_FIELD])[moodle_side::SUSPENDED_AT_FIELD] ?? null)
                !== true) {
            throw new input_error(sprintf("delete_after_days: no Moodle user carries the profile field '%s', so the sync "
                . 'cannot tell when it suspended anyone and will not guess. Create it (Site administration > Users > '
                . 'User profile fields, text input, short name %s), then run with the suspend option and without '
                . 'delete_after_days: each suspension records its time there', moodle_side::SUSPENDED_AT_FIELD,
                moodle_side::SUSPENDED_AT_FIELD));
        }
        return $plan;
    }

    /**
     * The work a plan implies under these options, in order, each kind cut to the limit.
     *
     * @param plan $plan
     * @return work_list
     * @throws input_error when the options ask for what the Moodle side cannot do
     */
    public function work(plan $plan): work_list {
        $o = $this->options;
        $selm = $o->selectmoodle === null ? null : array_flip($o->selectmoodle);
        $seld = $o->selectdjango === null ? null : array_flip($o->selectdjango);
        $wanted = array_flip($o->only);
        /** @var list<work_item> $items */
        $items = [];

        if (isset($wanted['identifiers'])) {
            $this->require_support('set_identifiers', 'identifiers');
            $list = [];
            foreach ($plan->updates_by_user() as $mid => $fields) {
                if ($selm === null || isset($selm[$mid])) {
                    $list[] = new work_item('set_identifiers', $mid, $plan->both[$mid] ?? ($fields['djangoid'] ?? null),
                        $this->index->label($mid), ['fields' => $fields]);
                }
            }
            $items = array_merge($items, $this->take($list));
        }
        if (isset($wanted['to-moodle'])) {
            $this->require_support('create_in_moodle', 'to-moodle');
            $list = [];
            foreach ($plan->onlyindjango as $record) {
                $did = is_string($record['djangoid'] ?? null) ? $record['djangoid'] : '';
                if ($seld === null || isset($seld[$did])) {
                    $list[] = new work_item('create_in_moodle', null, $did, work_item::label_of($record), ['record' => $record]);
                }
            }
            $items = array_merge($items, $this->take($list));
        }
        if (isset($wanted['to-django'])) {
            $this->require_support('set_identifiers', 'to-django');
            $list = [];
            foreach ($plan->onlyinmoodle as $record) {
                $mid = is_int($record['id'] ?? null) ? $record['id'] : 0;
                if ($selm === null || isset($selm[$mid])) {
                    $list[] = new work_item('create_in_django', $mid, null, work_item::label_of($record), ['record' => $record]);
                }
            }
            $items = array_merge($items, $this->take($list));
        }
        if (isset($wanted['suspend'])) {
            $this->require_support('suspend', 'suspend');
            $list = [];
            foreach ($plan->tosuspend as $mid => $s) {
                if ($selm === null || isset($selm[$mid])) {
                    $list[] = new work_item('suspend', $mid, $s['django_id'], $this->index->label($mid), ['reason' => $s['reason']]);
                }
            }
            $items = array_merge($items, $this->take($list));
            $list = [];
            foreach ($plan->torevive as $mid => $did) {
                if ($selm === null || isset($selm[$mid])) {
                    $list[] = new work_item('revive', $mid, $did, $this->index->label($mid),
                        ['suspended_at' => $this->index->suspended_at($mid)]);
                }
            }
            $items = array_merge($items, $this->take($list));
            if ($o->deleteafterdays !== null) {
                $list = [];
                foreach ($plan->todelete as $mid => $reason) {
                    if ($selm === null || isset($selm[$mid])) {
                        $list[] = new work_item('delete', $mid, null, $this->index->label($mid), ['reason' => $reason]);
                    }
                }
                $items = array_merge($items, $this->take($list));
            }
        }
        return new work_list($items);
    }

    /**
     * A kind of work cut to the limit.
     *
     * @param list<work_item> $list
     * @return list<work_item>
     */
    private function take(array $list): array {
        return $this->options->limit === null ? $list : array_slice($list, 0, $this->options->limit);
    }

    /**
     * Carries out work from a position: at most $count items, or to the end.
     *
     * Items that already have a final entry in the report are not done again, so a report carried over from an
     * earlier piece of the same run can be passed back. When the run stops (a side stops answering, a check fails)
     * or is asked to stop, every item from there to the end of the work gets a not_done entry. The Moodle side's
     * files are written either way.
     *
     * @param work_list $work
     * @param report $report filled in
     * @param int $from the first position to do
     * @param int|null $count at most this many items (null: to the end)
     * @return int the position to continue from (count($work) when everything was reached)
     */
    public function apply(work_list $work, report $report, int $from = 0, ?int $count = null): int {
        $total = count($work);
        $end = $count === null ? $total : min($total, $from + $count);
        $i = max(0, $from);
        $this->lasterror = null;
        $this->progress?->start('applying', max(0, $end - $i));
        try {
            $this->check_fields($work, $i, $end, $report);
            while ($i < $end) {
                if ($this->stop !== null && ($this->stop)()) {
                    $report->interrupt();
                    break;
                }
                $batch = $this->next_batch($work, $i, $end);
                $this->inflight = array_map(static fn(work_item $w): string => $w->key(), $batch);
                $this->do_batch($batch, $report);
                $this->inflight = [];
                $i += count($batch);
            }
        } catch (run_stopped | input_error $e) {
            $this->lasterror = $e;
            $report->stop($e->getMessage());
        } catch (\Throwable $e) {
            $this->lasterror = $e;
            // A Django or Moodle failure (Mdsync\Exception: connection, HTTP, protocol), or a bug: the run stops
            // here and says why; nothing after it is claimed.
            $report->stop(self::describe($e));
        }
        try {
            foreach ($this->moodle->finish() as $file) {
                $report->settle($file);
            }
        } catch (\Throwable $e) {
            $report->note('the files could not be written: ' . self::describe($e));
        }
        $report->settle_leftovers();
        if ($report->stopped() !== null || $report->outcome() === 'interrupted') {
            $inflight = array_flip($this->inflight);
            $why = $report->outcome() === 'interrupted' ? 'not done: the run was interrupted before it'
                : 'not done: the run stopped before it';
            for ($j = $i; $j < $total; $j++) {
                $item = $work->item($j);
                if (!$report->has_final($item->key()) && !$report->has_status($item->key(), 'not_done')) {
                    $report->record($item, 'not_done', isset($inflight[$item->key()])
                        ? 'not done: the call that carried it got no answer (it may have gone through; the next plan shows)'
                        : $why);
                }
            }
        }
        $this->inflight = [];
        $this->progress?->finish();
        return $i;
    }

    /**
     * What stopped the last apply(), if something did (for hints: its previous exception is the peer's).
     *
     * @return \Throwable|null
     */
    public function last_error(): ?\Throwable {
        return $this->lasterror;
    }

    /**
     * Plan, work, apply: the whole run in one call.
     *
     * @return array{0: plan, 1: work_list, 2: report}
     */
    public function run(): array {
        $plan = $this->plan();
        $work = $this->work($plan);
        $report = new report();
        $this->apply($work, $report);
        return [$plan, $work, $report];
    }

    /**
     * A failure as one line: the kind of Mdsync error, never a credential (the extension redacts those).
     *
     * @param \Throwable $e
     * @return string
     */
    public static function describe(\Throwable $e): string {
        $message = trim($e->getMessage());
        if ($e instanceof \Mdsync\Exception || $e instanceof run_stopped || $e instanceof input_error) {
            return $message;
        }
        return 'unexpected error (' . get_class($e) . '): ' . $message;
    }

    /**
     * Django's own words for a failed create: its message and its field errors.
     *
     * @param array<string, mixed> $result
     * @return string
     */
    public static function django_message(array $result): string {
        $message = is_string($result['message'] ?? null) && $result['message'] !== '' ? $result['message'] : 'Django refused it';
        $errors = $result['errors'] ?? null;
        $parts = [];
        if (is_array($errors)) {
            foreach ($errors as $field => $list) {
                $words = is_array($list) ? implode(' ', array_map(static fn($m): string => is_scalar($m) ? (string)$m
                    : (string)json_encode($m), $list)) : (is_scalar($list) ? (string)$list : (string)json_encode($list));
                $parts[] = is_int($field) ? $words : "$field: $words";
            }
        } else if (is_string($errors) && $errors !== '') {
            $parts[] = $errors;
        }
        return $parts === [] ? $message : $message . ' (' . implode('; ', $parts) . ')';
    }

    /**
     * Refuses work the Moodle side cannot do.
     *
     * @param string $action
     * @param string $category
     * @throws input_error
     */
    private function require_support(string $action, string $category): void {
        if (!$this->moodle->supports($action)) {
            throw new input_error(sprintf('%s: %s cannot %s', $category, $this->moodle->describe(),
                work_item::ACTIONS[$action][1]));
        }
    }

    /**
     * Before the first write: the profile fields the work writes must exist. A field known to be missing stops the
     * run before anything is done; one that cannot be known without a write is checked by the first write that
     * carries it (a batch of one user, read back).
     *
     * @param work_list $work
     * @param int $from
     * @param int $end
     * @param report $report
     * @throws run_stopped
     */
    private function check_fields(work_list $work, int $from, int $end, report $report): void {
        if ($this->checked) {
            return;
        }
        $this->checked = true;
        $fields = [];
        $suspends = false;
        for ($i = $from; $i < $end; $i++) {
            foreach (array_keys(self::fields_written($work->item($i))) as $f) {
                $fields[$f] = true;
            }
            $suspends = $suspends || $work->item($i)->action === 'suspend';
        }
        if ($fields !== []) {
            $missing = [];
            foreach ($this->moodle->field_status(array_keys($fields)) as $f => $known) {
                if ($known !== null) {
                    $this->fieldexists[$f] = $known;
                }
                if ($known === false) {
                    $missing[] = $f;
                } else if ($known === null) {
                    $this->unverified[$f] = true;
                }
            }
            if ($missing !== []) {
                throw new run_stopped(self::missing_fields_message($missing));
            }
        }
        if ($suspends) {
            $f = moodle_side::SUSPENDED_AT_FIELD;
            $known = $this->moodle->field_status([$f])[$f] ?? null;
            if ($known !== null) {
                $this->fieldexists[$f] = $known;
            }
            if ($known === false) {
                $report->note(self::no_suspended_at_note());
            } else if ($known === null) {
                $this->unverified[$f] = true;
            }
        }
    }

    /**
     * Whether the Moodle side records when the sync suspends a user (the suspendedat field exists).
     *
     * @return bool
     */
    private function records_suspensions(): bool {
        $f = moodle_side::SUSPENDED_AT_FIELD;
        if (!isset($this->fieldexists[$f])) {
            $this->fieldexists[$f] = $this->index->with_suspended_at() > 0
                || ($this->moodle->field_status([$f])[$f] ?? null) === true;
        }
        return $this->fieldexists[$f];
    }

    /**
     * The profile fields an item writes, with their values.
     *
     * @param work_item $item
     * @return array<string, string>
     */
    private static function fields_written(work_item $item): array {
        switch ($item->action) {
            case 'set_identifiers':
                $out = [];
                foreach (is_array($item->data['fields'] ?? null) ? $item->data['fields'] : [] as $f => $v) {
                    $out[(string)$f] = is_scalar($v) ? (string)$v : '';
                }
                return $out;
            case 'create_in_moodle':
                $record = is_array($item->data['record'] ?? null) ? $item->data['record'] : [];
                $out = [];
                foreach (moodle_side::ID_FIELDS as $f) {
                    $v = $record[$f] ?? null;
                    if (is_scalar($v) && trim((string)$v) !== '') {
                        $out[$f] = trim((string)$v);
                    }
                }
                return $out;
            case 'create_in_django':
                return ['djangoid' => '?'];
        }
        return [];
    }

    /**
     * The next batch from $i: items of one action, up to the batch size; one item when it must show that a field
     * exists.
     *
     * @param work_list $work
     * @param int $i
     * @param int $end
     * @return list<work_item>
     */
    private function next_batch(work_list $work, int $i, int $end): array {
        $first = $work->item($i);
        $size = $this->options->batchsize;
        $fields = self::fields_written($first);
        if ($first->action === 'suspend') {
            $fields[moodle_side::SUSPENDED_AT_FIELD] = '';
        }
        if (array_intersect_key($fields, $this->unverified) !== [] && !isset($first->data['skip'])) {
            $size = 1;
        }
        $batch = [$first];
        for ($j = $i + 1; $j < $end && count($batch) < $size; $j++) {
            $item = $work->item($j);
            if ($item->action !== $first->action) {
                break;
            }
            $batch[] = $item;
        }
        return $batch;
    }

    /**
     * Carries out one batch and records a result for each of its items.
     *
     * @param list<work_item> $batch
     * @param report $report
     * @throws run_stopped|\Mdsync\Exception
     */
    private function do_batch(array $batch, report $report): void {
        $todo = [];
        foreach ($batch as $item) {
            if ($report->has_final($item->key())) {
                continue; // Done by an earlier piece of this run.
            }
            if (isset($item->data['skip'])) {
                $report->record($item, 'skipped', is_string($item->data['skip']) ? $item->data['skip'] : 'skipped');
                continue;
            }
            if ($item->action === 'revive' && ($item->data['suspended_at'] ?? null) === null && $this->records_suspensions()) {
                // Where the sync records when it suspends, a suspended user without that time was suspended by
                // hand: an administrator's decision stands.
                $report->record($item, 'skipped', 'suspended in Moodle, but not by the sync (no '
                    . moodle_side::SUSPENDED_AT_FIELD . '): left alone');
                continue;
            }
            $todo[$item->key()] = $item;
        }
        if ($todo !== []) {
            $action = reset($todo)->action;
            if ($action === 'create_in_django') {
                $this->create_in_django($todo, $report);
            } else {
                $this->moodle_writes($action, $todo, $report);
            }
        }
        $this->progress?->advance(count($batch), $batch[0]->action_label());
    }

    /**
     * A batch of Moodle writes (identifiers, creates, suspensions, revivals, deletions), split on refusal.
     *
     * @param string $action
     * @param array<string, work_item> $items
     * @param report $report
     * @throws run_stopped
     */
    private function moodle_writes(string $action, array $items, report $report): void {
        $payload = [];
        foreach ($items as $key => $item) {
            $payload[$key] = match ($action) {
                'set_identifiers' => ['moodleid' => (int)$item->moodleid, 'fields' => self::fields_written($item)],
                'create_in_moodle' => is_array($item->data['record'] ?? null) ? $item->data['record'] : [],
                default => (int)$item->moodleid,
            };
        }
        $now = time();
        $results = $this->write($action, $payload, $now);
        foreach ($items as $key => $item) {
            $r = $results[$key] ?? item_result::failed('the Moodle side gave no result for this user');
            $this->record_moodle_result($item, $r, $report);
        }
        if (count($items) === 1) {
            $item = reset($items);
            $r = $results[$item->key()] ?? null;
            if ($r !== null && $r->status === 'done') {
                $values = self::fields_written($item);
                if ($action === 'suspend') {
                    $values[moodle_side::SUSPENDED_AT_FIELD] = (string)$now;
                }
                $this->verify_fields($item, $r->moodleid ?? $item->moodleid, $values, $report);
            }
        }
    }

    /**
     * Records a Moodle write's result.
     *
     * @param work_item $item
     * @param item_result $r
     * @param report $report
     */
    private function record_moodle_result(work_item $item, item_result $r, report $report): void {
        if ($r->status === 'failed') {
            $report->record($item, 'failed', $r->message);
            return;
        }
        $message = $r->message !== '' ? $r->message : match ($item->action) {
            'set_identifiers' => self::describe_fields(self::fields_written($item)),
            'create_in_moodle' => ($r->moodleid !== null ? "Moodle id {$r->moodleid}" : 'for Upload users')
                . ($this->options->auth === 'manual' ? ', password mailed by Moodle' : ", auth {$this->options->auth}"),
            'suspend' => ($item->data['reason'] ?? '') === 'django_user_inactive' ? 'inactive in Django' : 'not in Django',
            'revive' => 'active in Django again',
            'delete' => ($item->data['reason'] ?? '') === 'django_user_inactive' ? 'still inactive in Django'
                : 'still not in Django',
            default => '',
        };
        if ($r->status === 'queued') {
            $report->record_queued($item, 'written', $message, 'not written');
        } else {
            $report->record($item, $r->status === 'exists' ? 'exists' : 'done', $message, $r->moodleid);
        }
    }

    /**
     * A batch of users created in Django, then their new Django ids written into Moodle's djangoid.
     *
     * Django answers per user. A refusal (4xx) fails that user; no answer, 429 or 5xx mean Django is not
     * working: the users it did create are linked, then the run stops.
     *
     * @param array<string, work_item> $items
     * @param report $report
     * @throws run_stopped|\Mdsync\Exception
     */
    private function create_in_django(array $items, report $report): void {
        $records = [];
        foreach ($items as $key => $item) {
            $record = is_array($item->data['record'] ?? null) ? $item->data['record'] : [];
            // What Django gets: the person, never Moodle's id (field_map maps 'id' onto Django's own).
            $send = array_intersect_key($record, array_flip(self::DJANGO_FIELDS));
            $send['email'] = is_scalar($record['email'] ?? null) ? trim((string)$record['email']) : '';
            $records[$key] = $send;
        }
        /** @var array<string, array<string, mixed>> $results */
        $results = $this->django->create_users($records);
        $links = [];
        $created = [];
        $outcomes = [];
        $unavailable = null;
        foreach ($items as $key => $item) {
            $r = $results[$key] ?? ['status' => 'error', 'message' => 'the extension gave no result for this user'];
            $status = $r['status'] ?? 'error';
            if ($status === 'created' && is_string($r['django_id'] ?? null) && $r['django_id'] !== '') {
                $created[$key] = $r['django_id'];
                $links[$key] = ['moodleid' => (int)$item->moodleid, 'fields' => ['djangoid' => $r['django_id']]];
            } else if ($status === 'exists') {
                $outcomes[$key] = ['exists', 'already in Django (not created again); the next plan links it by email'];
            } else {
                $http = is_int($r['http_status'] ?? null) ? $r['http_status'] : 0;
                $message = self::django_message($r);
                if ($http === 0 || $http === 429 || $http >= 500) {
                    $unavailable ??= $message;
                    $outcomes[$key] = ['not_done', $http === 0
                        ? "not done: Django did not answer ($message); it may have been created: the next plan shows"
                        : "not done: Django could not take it ($message)"];
                } else {
                    $outcomes[$key] = ['failed', $message];
                }
            }
        }
        $linked = $links === [] ? [] : $this->write('set_identifiers', $links, time());
        // Recorded in the order of the work, whatever order Django answered in.
        foreach ($items as $key => $item) {
            if (isset($outcomes[$key])) {
                $report->record($item, $outcomes[$key][0], $outcomes[$key][1]);
                continue;
            }
            $did = $created[$key];
            $r = $linked[$key] ?? item_result::failed('the Moodle side gave no result for this user');
            if ($r->status === 'done') {
                $report->record($item, 'done', "Django id $did; djangoid set in Moodle", null, $did);
            } else if ($r->status === 'queued') {
                $report->record_queued($item, 'done', "Django id $did; djangoid for Moodle",
                    "created in Django as $did, but its djangoid is not in Moodle (the next plan offers it)", $did);
            } else {
                $report->record($item, 'failed', "created in Django as $did, but Moodle refused its djangoid: "
                    . $r->message, null, $did);
            }
        }
        if (count($created) === 1) {
            $key = (string)array_key_first($created);
            if (($linked[$key] ?? null)?->status === 'done') {
                $this->verify_fields($items[$key], $items[$key]->moodleid, ['djangoid' => $created[$key]], $report);
            }
        }
        if ($unavailable !== null) {
            throw new run_stopped("Django stopped answering: $unavailable");
        }
    }

    /**
     * After the one-user batch that carries a field not yet known to exist: read it back.
     *
     * @param work_item $item
     * @param int|null $moodleid
     * @param array<string, string> $values
     * @param report $report
     * @throws run_stopped when an identifier field does not exist
     */
    private function verify_fields(work_item $item, ?int $moodleid, array $values, report $report): void {
        $check = array_intersect_key($values, $this->unverified);
        if ($check === [] || $moodleid === null) {
            return;
        }
        $missing = $this->moodle->fields_missing_after_write($moodleid, $check);
        foreach (array_keys($check) as $f) {
            unset($this->unverified[$f]);
            $this->fieldexists[$f] = !in_array($f, $missing, true);
        }
        $idmissing = array_values(array_intersect($missing, moodle_side::ID_FIELDS));
        if (in_array(moodle_side::SUSPENDED_AT_FIELD, $missing, true)) {
            $report->note(self::no_suspended_at_note());
        }
        if ($idmissing !== []) {
            $entry = array_values(array_filter($report->entries(), static fn(array $e): bool => $e['key'] === $item->key()));
            $was = $entry[0]['message'] ?? '';
            $report->record($item, 'failed', trim("$was; but Moodle dropped " . implode(', ', $idmissing)
                . ': no such profile field', '; '), $item->action === 'create_in_moodle' ? $moodleid : null,
                $entry[0]['django_id'] ?? null);
            throw new run_stopped(self::missing_fields_message($idmissing));
        }
    }

    /**
     * Calls the Moodle side; a batch it refuses as a whole is split in halves until the bad record stands alone.
     *
     * @param string $action
     * @param array<string, mixed> $payload key => what the side's method takes
     * @param int $now the time suspensions record
     * @return array<string, item_result>
     * @throws run_stopped
     */
    private function write(string $action, array $payload, int $now): array {
        try {
            /** @var array<string, array<string, mixed>> $records */
            $records = $payload;
            /** @var array<string, array{moodleid: int, fields: array<string, string>}> $updates */
            $updates = $payload;
            /** @var array<string, int> $ids */
            $ids = $payload;
            return match ($action) {
                'set_identifiers' => $this->moodle->set_identifiers($updates),
                'create_in_moodle' => $this->moodle->create_users($records, $this->options->auth),
                'suspend' => $this->moodle->suspend_users($ids, $now),
                'revive' => $this->moodle->revive_users($ids),
                'delete' => $this->moodle->delete_users($ids),
                default => throw new \LogicException("no Moodle write for $action"),
            };
        } catch (batch_refused $e) {
            if (count($payload) <= 1) {
                return [(string)array_key_first($payload) => item_result::failed($e->getMessage())];
            }
            $half = intdiv(count($payload), 2);
            return $this->write($action, array_slice($payload, 0, $half, true), $now)
                + $this->write($action, array_slice($payload, $half, null, true), $now);
        }
    }

    /**
     * "edeboid=E1, djangoid=7".
     *
     * @param array<string, string> $fields
     * @return string
     */
    public static function describe_fields(array $fields): string {
        $parts = [];
        foreach ($fields as $k => $v) {
            $parts[] = "$k=$v";
        }
        return implode(', ', $parts);
    }

    /**
     * Why a run cannot write identifiers.
     *
     * @param list<string> $fields
     * @return string
     */
    private static function missing_fields_message(array $fields): string {
        return sprintf('Moodle has no custom profile field%s %s, so the identifiers cannot be stored there (and the next '
            . 'plan would offer them again). Install local_django_sync, which creates edeboid, iasid and djangoid, or '
            . 'create them in Site administration > Users > User profile fields (text input, those short names)',
            count($fields) === 1 ? '' : 's', implode(', ', $fields));
    }

    /**
     * The note when suspensions cannot record their time.
     *
     * @return string
     */
    private static function no_suspended_at_note(): string {
        $f = moodle_side::SUSPENDED_AT_FIELD;
        return "Note: Moodle has no profile field '$f' (text; local_django_sync creates it, or an administrator): suspension times are not "
            . 'recorded, so delete_after_days cannot be used and users suspended by hand cannot be told from users the '
            . 'sync suspended.';
    }
}
