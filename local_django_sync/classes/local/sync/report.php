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
 * What an apply did: one entry per work item (under its key), how the run ended, the files written, notes.
 *
 * The report is data (to_array()/from_array(), schema 1 in docs/JSON.md): bin/mdsync prints it or emits it as
 * JSON, the plugin stores it in its run log, a resumed run adds to it. It never claims more than happened: a row
 * meant for a file is "queued" until the file is on disk, and becomes "written" (or "failed") only then.
 *
 * Entry statuses: done, written (in a file for Moodle's Upload users; Moodle itself unchanged), exists, skipped,
 * failed, not_done (the run stopped before it, or the call that carried it got no answer), queued (transient).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class report {
    /** The version of to_array()'s shape. */
    public const SCHEMA = 1;

    /** Statuses, in the order counts are shown. */
    public const STATUSES = ['done', 'written', 'exists', 'skipped', 'failed', 'not_done', 'queued'];

    /** @var array<string, array<string, mixed>> key => entry */
    private array $entries = [];

    /** @var string|null why the run stopped early (not an interrupt) */
    private ?string $stopped = null;

    /** @var bool whether SIGINT/SIGTERM (or a caller) stopped it */
    private bool $interrupted = false;

    /** @var list<string> lines for people */
    private array $notes = [];

    /** @var list<array{kind: string, path: string, rows: int, error: string|null, howto: string}> */
    private array $files = [];

    /**
     * Records what happened to an item (again: a later record of the same key replaces it).
     *
     * @param work_item $item
     * @param string $status one of STATUSES
     * @param string $message for people
     * @param int|null $moodleid when the action made a Moodle user
     * @param string|null $djangoid when the action made a Django user
     */
    public function record(work_item $item, string $status, string $message, ?int $moodleid = null,
            ?string $djangoid = null): void {
        if (!in_array($status, self::STATUSES, true)) {
            throw new \InvalidArgumentException("unknown status '$status'");
        }
        $this->entries[$item->key()] = [
            'key' => $item->key(),
            'category' => $item->category(),
            'action' => $item->action,
            'user' => $item->label,
            'moodle_id' => $moodleid ?? $item->moodleid,
            'django_id' => $djangoid ?? $item->djangoid,
            'status' => $status,
            'message' => $message,
        ];
    }

    /**
     * Records an item whose change waits for a file: queued now, settled by settle().
     *
     * @param work_item $item
     * @param string $okstatus its status once the file is written (written, or done when the file only completes it)
     * @param string $message its message until then and after
     * @param string $failmessage its message if the file cannot be written
     * @param string|null $djangoid when the action made a Django user
     */
    public function record_queued(work_item $item, string $okstatus, string $message, string $failmessage,
            ?string $djangoid = null): void {
        $this->record($item, 'queued', $message, null, $djangoid);
        $this->entries[$item->key()]['pending'] = ['status' => $okstatus, 'fail' => $failmessage];
    }

    /**
     * A file a side wrote or failed to write: its queued entries become written/done, or failed.
     *
     * @param file_result $file
     */
    public function settle(file_result $file): void {
        $this->files[] = ['kind' => $file->kind, 'path' => $file->path, 'rows' => $file->rows,
            'error' => $file->error, 'howto' => $file->howto];
        foreach ($file->keys as $key) {
            $e = $this->entries[$key] ?? null;
            if ($e === null || $e['status'] !== 'queued' || !is_array($e['pending'] ?? null)) {
                continue;
            }
            /** @var array{status: string, fail: string} $pending */
            $pending = $e['pending'];
            unset($e['pending']);
            if ($file->error === null) {
                $e['status'] = $pending['status'];
                $e['message'] = trim((is_string($e['message']) ? $e['message'] : '') . ' (in ' . $file->path . ')');
            } else {
                $e['status'] = 'failed';
                $e['message'] = $pending['fail'] . ': ' . $file->path . ' was not written: ' . $file->error;
            }
            $this->entries[$key] = $e;
        }
    }

    /**
     * Entries still queued once every file is settled never reached a file: they failed.
     */
    public function settle_leftovers(): void {
        foreach ($this->entries as $key => $e) {
            if ($e['status'] === 'queued') {
                $fail = is_array($e['pending'] ?? null) && is_string($e['pending']['fail'] ?? null)
                    ? $e['pending']['fail'] : 'not written';
                unset($e['pending']);
                $e['status'] = 'failed';
                $e['message'] = $fail . ': no file was written';
                $this->entries[$key] = $e;
            }
        }
    }

    /**
     * The run stopped early; why (the first reason wins).
     *
     * @param string $why
     */
    public function stop(string $why): void {
        $this->stopped ??= $why;
    }

    /**
     * The run was interrupted (SIGINT, SIGTERM).
     */
    public function interrupt(): void {
        $this->interrupted = true;
    }

    /**
     * A line for people.
     *
     * @param string $line
     */
    public function note(string $line): void {
        if (!in_array($line, $this->notes, true)) {
            $this->notes[] = $line;
        }
    }

    /**
     * Whether an item has an entry that is final (done, written, exists, skipped, failed).
     *
     * @param string $key
     * @return bool
     */
    public function has_final(string $key): bool {
        $s = $this->entries[$key]['status'] ?? null;
        return $s !== null && $s !== 'not_done' && $s !== 'queued';
    }

    /**
     * Whether an item's entry has this status.
     *
     * @param string $key
     * @param string $status
     * @return bool
     */
    public function has_status(string $key, string $status): bool {
        return ($this->entries[$key]['status'] ?? null) === $status;
    }

    /**
     * Every entry, in the order first recorded.
     *
     * @return list<array{key: string, category: string, action: string, user: string, moodle_id: int|null,
     *     django_id: string|null, status: string, message: string}>
     */
    public function entries(): array {
        $out = [];
        foreach ($this->entries as $e) {
            unset($e['pending']);
            /** @var array{key: string, category: string, action: string, user: string, moodle_id: int|null, django_id: string|null, status: string, message: string} $e */
            $out[] = $e;
        }
        return $out;
    }

    /**
     * Entries with a status.
     *
     * @param string $status
     * @return list<array{key: string, category: string, action: string, user: string, moodle_id: int|null,
     *     django_id: string|null, status: string, message: string}>
     */
    public function with_status(string $status): array {
        return array_values(array_filter($this->entries(), static fn(array $e): bool => $e['status'] === $status));
    }

    /**
     * Entries per status, in STATUSES order, only those with any.
     *
     * @return array<string, int>
     */
    public function counts(): array {
        $n = [];
        foreach (self::STATUSES as $status) {
            foreach ($this->entries as $e) {
                if ($e['status'] === $status) {
                    $n[$status] = ($n[$status] ?? 0) + 1;
                }
            }
        }
        return $n;
    }

    /**
     * How the run ended: done (nothing failed), partial (some items failed), stopped, interrupted.
     *
     * @return string
     */
    public function outcome(): string {
        if ($this->interrupted) {
            return 'interrupted';
        }
        if ($this->stopped !== null) {
            return 'stopped';
        }
        return isset($this->counts()['failed']) ? 'partial' : 'done';
    }

    /**
     * Why the run stopped early, if it did.
     *
     * @return string|null
     */
    public function stopped(): ?string {
        return $this->stopped;
    }

    /**
     * Notes for people.
     *
     * @return list<string>
     */
    public function notes(): array {
        return $this->notes;
    }

    /**
     * Files written (or not).
     *
     * @return list<array{kind: string, path: string, rows: int, error: string|null, howto: string}>
     */
    public function files(): array {
        return $this->files;
    }

    /**
     * The report as storable data.
     *
     * @return array<string, mixed>
     */
    public function to_array(): array {
        return [
            'schema' => self::SCHEMA,
            'outcome' => $this->outcome(),
            'stopped' => $this->stopped,
            'counts' => (object)$this->counts(),
            'entries' => array_values($this->entries),
            'files' => $this->files,
            'notes' => $this->notes,
        ];
    }

    /**
     * A report from to_array()'s data (or its JSON decoded as arrays).
     *
     * @param array<mixed> $a
     * @return self
     */
    public static function from_array(array $a): self {
        if (($a['schema'] ?? null) !== self::SCHEMA) {
            throw new \UnexpectedValueException('not a report of schema ' . self::SCHEMA);
        }
        $r = new self();
        foreach (is_array($a['entries'] ?? null) ? $a['entries'] : [] as $e) {
            $key = is_array($e) ? ($e['key'] ?? null) : null;
            if (is_array($e) && is_string($key) && in_array($e['status'] ?? null, self::STATUSES, true)) {
                /** @var array<string, mixed> $e */
                $r->entries[$key] = $e;
            }
        }
        $r->stopped = is_string($a['stopped'] ?? null) ? $a['stopped'] : null;
        $r->interrupted = ($a['outcome'] ?? null) === 'interrupted';
        foreach (is_array($a['notes'] ?? null) ? $a['notes'] : [] as $n) {
            if (is_string($n)) {
                $r->notes[] = $n;
            }
        }
        foreach (is_array($a['files'] ?? null) ? $a['files'] : [] as $f) {
            if (is_array($f) && is_string($f['path'] ?? null)) {
                $r->files[] = ['kind' => is_string($f['kind'] ?? null) ? $f['kind'] : '', 'path' => $f['path'],
                    'rows' => is_int($f['rows'] ?? null) ? $f['rows'] : 0,
                    'error' => is_string($f['error'] ?? null) ? $f['error'] : null,
                    'howto' => is_string($f['howto'] ?? null) ? $f['howto'] : ''];
            }
        }
        return $r;
    }
}
