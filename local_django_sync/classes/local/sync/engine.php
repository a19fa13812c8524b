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
 * The jobs under it, one class each: {@see work_planner} turns a plan into work, {@see batch_runner} carries out one
 * batch (splitting a refused one), {@see field_guard} makes sure the profile fields written exist.
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
    /** @var field_guard the profile fields written must exist */
    private field_guard $fields;
    /** @var batch_runner carries out one batch */
    private batch_runner $runner;
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
        $this->fields = new field_guard($moodle, $this->index);
        $this->runner = new batch_runner($django, $moodle, $options, $this->fields, $progress);
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
     * One of the extension's progress events while Django's users are read: pages counted against the total once it
     * is known, a line for each retry.
     *
     * @param progress $progress
     * @param array<mixed> $event
     */
    private static function django_event(progress $progress, array $event): void {
        if (($event['event'] ?? '') === 'retry') {
            $progress->note(sprintf('Django: a request is retried (attempt %d failed: %s), in %d ms',
                is_int($event['attempt'] ?? null) ? $event['attempt'] : 0, is_string($event['reason'] ?? null)
                ? $event['reason'] : '?', is_int($event['wait_ms'] ?? null) ? $event['wait_ms'] : 0));
            return;
        }
        if (($event['done'] ?? null) === 1) {
            // page one tells how many there are (null while the pages are walked one by one)
            $progress->start('asking Django for its users', is_int($event['total'] ?? null) ? $event['total'] : null);
        }
        $progress->advance(1, 'pages');
    }

    /**
     * The plan: reads the Moodle side once (streamed into the extension) and Django's users. Changes nothing.
     *
     * @return plan
     * @throws \Mdsync\Exception|input_error|run_stopped|\UnexpectedValueException
     */
    public function plan(): plan {
        $this->index->clear();
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
            $raw = $this->django->plan($users, $this->options->plan_options(),
                $progress === null ? null : static function (array $event) use ($progress): void {
                    self::django_event($progress, $event);
                });
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
        return (new work_planner($this->moodle, $this->options, $this->index))->work($plan);
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
            $this->fields->check($work, $i, $end, $report);
            while ($i < $end) {
                if ($this->stop !== null && ($this->stop)()) {
                    $report->interrupt();
                    break;
                }
                $batch = $this->runner->next($work, $i, $end);
                $this->inflight = array_map(static fn(work_item $w): string => $w->key(), $batch);
                $this->runner->run($batch, $report);
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
     * A Moodle user as the plan's reading saw them: "username <email>", or "Moodle user N".
     *
     * @param int $moodleid
     * @return string
     */
    public function label(int $moodleid): string {
        return $this->index->label($moodleid);
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
}
