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
 * The identifier profile fields an apply writes must exist: the engine's guard for them.
 *
 * Over web services no function lists custom profile fields, and Moodle drops values for fields it does not have
 * without a word. So before the first write the guard asks the Moodle side what it knows ({@see check()}): a field
 * known to be missing stops the run before anything is written; one that cannot be known without a write is
 * marked unverified, and the first write that carries it goes alone and is read back ({@see verify()}). It also
 * knows whether the side records when the sync suspends a user (the suspendedat field).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class field_guard {
    /** @var moodle_side */
    private moodle_side $moodle;
    /** @var user_index what is known of each Moodle user */
    private user_index $index;
    /** @var array<string, true> profile fields whose existence the first write that carries them must show */
    private array $unverified = [];
    /** @var array<string, bool> profile fields whose existence a write showed */
    private array $fieldexists = [];
    /** @var bool whether the fields were checked */
    private bool $checked = false;

    /**
     * Constructor.
     *
     * @param moodle_side $moodle
     * @param user_index $index the engine's, filled while the plan is made
     */
    public function __construct(moodle_side $moodle, user_index $index) {
        $this->moodle = $moodle;
        $this->index = $index;
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
    public function check(work_list $work, int $from, int $end, report $report): void {
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
     * Whether an item writes a field whose existence no write has shown yet (it must then go alone).
     *
     * @param work_item $item
     * @return bool
     */
    public function writes_unverified(work_item $item): bool {
        $fields = self::fields_written($item);
        if ($item->action === 'suspend') {
            $fields[moodle_side::SUSPENDED_AT_FIELD] = '';
        }
        return array_intersect_key($fields, $this->unverified) !== [];
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
    public function verify(work_item $item, ?int $moodleid, array $values, report $report): void {
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
     * Whether the Moodle side records when the sync suspends a user (the suspendedat field exists).
     *
     * @return bool
     */
    public function records_suspensions(): bool {
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
    public static function fields_written(work_item $item): array {
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
