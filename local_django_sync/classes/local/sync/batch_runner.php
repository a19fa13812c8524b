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
 * Carries out one step of an apply: a batch of work items of one action, with a result for each.
 *
 * Moodle writes go to the Moodle side in one call per batch; a batch the side refuses as a whole
 * ({@see batch_refused}: Moodle's web services roll back a call for one bad user) is split in halves until the bad
 * record stands alone. Users created in Django are then linked: their new Django id is written into Moodle's
 * djangoid in the same step. When Django or the side stops answering, this throws and the engine stops the run.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class batch_runner {
    /** @var django_side */
    private django_side $django;
    /** @var moodle_side */
    private moodle_side $moodle;
    /** @var options */
    private options $options;
    /** @var field_guard */
    private field_guard $fields;
    /** @var progress|null */
    private ?progress $progress;

    /**
     * Constructor.
     *
     * @param django_side $django
     * @param moodle_side $moodle
     * @param options $options
     * @param field_guard $fields
     * @param progress|null $progress
     */
    public function __construct(django_side $django, moodle_side $moodle, options $options, field_guard $fields,
            ?progress $progress = null) {
        $this->django = $django;
        $this->moodle = $moodle;
        $this->options = $options;
        $this->fields = $fields;
        $this->progress = $progress;
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
    public function next(work_list $work, int $i, int $end): array {
        $first = $work->item($i);
        $size = $this->options->batchsize;
        if ($this->fields->writes_unverified($first) && !isset($first->data['skip'])) {
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
    public function run(array $batch, report $report): void {
        $todo = [];
        foreach ($batch as $item) {
            if ($report->has_final($item->key())) {
                continue; // Done by an earlier piece of this run.
            }
            if (isset($item->data['skip'])) {
                $report->record($item, 'skipped', is_string($item->data['skip']) ? $item->data['skip'] : 'skipped');
                continue;
            }
            if ($item->action === 'revive' && ($item->data['suspended_at'] ?? null) === null
                    && $this->fields->records_suspensions()) {
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
                'set_identifiers' => ['moodleid' => (int)$item->moodleid, 'fields' => field_guard::fields_written($item)],
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
                $values = field_guard::fields_written($item);
                if ($action === 'suspend') {
                    $values[moodle_side::SUSPENDED_AT_FIELD] = (string)$now;
                }
                $this->fields->verify($item, $r->moodleid ?? $item->moodleid, $values, $report);
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
            'set_identifiers' => engine::describe_fields(field_guard::fields_written($item)),
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
            $send = array_intersect_key($record, array_flip(engine::DJANGO_FIELDS));
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
                $message = engine::django_message($r);
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
                $this->fields->verify($items[$key], $items[$key]->moodleid, ['djangoid' => $created[$key]], $report);
            }
        }
        if ($unavailable !== null) {
            throw new run_stopped("Django stopped answering: $unavailable");
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
}
