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
 * The extension's plan, checked once against the result contract so that nothing downstream guesses at types.
 *
 * Moodle ids are ints and Django ids strings everywhere (records, both, conflicts, to_suspend, to_revive); every
 * Django record carries its resolved djangoid; moodle_updates is by field. A plan of another shape (an extension
 * older or newer than this code) is refused with the first thing that differs, not misread.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class plan {
    /** @var list<array<string, mixed>> Moodle records not in Django */
    public readonly array $onlyinmoodle;
    /** @var list<array<string, mixed>> Django records not in Moodle (id and djangoid strings) */
    public readonly array $onlyindjango;
    /** @var array<int, string> Moodle id => Django id */
    public readonly array $both;
    /** @var array<string, array<int, string>> field => (Moodle id => value) */
    public readonly array $moodleupdates;
    /** @var list<array{reason: string, message: string, moodle_ids: list<int>, django_ids: list<string>, email: string|null}> */
    public readonly array $conflicts;
    /** @var array<int, array{reason: string, django_id: string|null}> */
    public readonly array $tosuspend;
    /** @var array<int, string> Moodle id => Django id */
    public readonly array $torevive;
    /** @var array<int, string> Moodle id => reason */
    public readonly array $todelete;
    /** @var array{moodle: array<string, list<int>>, django: array<string, list<string>>} out of scope, per side and rule */
    public readonly array $excluded;
    /** @var array<string, mixed> the scope rules in force and those some records lacked the fact for */
    public readonly array $scope;
    /** @var array<string, int|array<int|string, int>> counts, and counts per rule */
    public readonly array $stats;

    /**
     * Constructor; use from_extension().
     *
     * @param list<array<string, mixed>> $onlyinmoodle
     * @param list<array<string, mixed>> $onlyindjango
     * @param array<int, string> $both
     * @param array<string, array<int, string>> $moodleupdates
     * @param list<array{reason: string, message: string, moodle_ids: list<int>, django_ids: list<string>, email: string|null}> $conflicts
     * @param array<int, array{reason: string, django_id: string|null}> $tosuspend
     * @param array<int, string> $torevive
     * @param array<int, string> $todelete
     * @param array{moodle: array<string, list<int>>, django: array<string, list<string>>} $excluded
     * @param array<string, mixed> $scope
     * @param array<string, int|array<int|string, int>> $stats
     */
    private function __construct(array $onlyinmoodle, array $onlyindjango, array $both, array $moodleupdates,
            array $conflicts, array $tosuspend, array $torevive, array $todelete, array $excluded, array $scope,
            array $stats) {
        $this->onlyinmoodle = $onlyinmoodle;
        $this->onlyindjango = $onlyindjango;
        $this->both = $both;
        $this->moodleupdates = $moodleupdates;
        $this->conflicts = $conflicts;
        $this->tosuspend = $tosuspend;
        $this->torevive = $torevive;
        $this->todelete = $todelete;
        $this->excluded = $excluded;
        $this->scope = $scope;
        $this->stats = $stats;
    }

    /**
     * The plan mdsync_sync_users() returned, checked.
     *
     * @param array<mixed> $raw
     * @return self
     * @throws \UnexpectedValueException naming the first part that breaks the contract
     */
    public static function from_extension(array $raw): self {
        $onlyinmoodle = self::records($raw, 'only_in_moodle', 'moodle');
        $onlyindjango = self::records($raw, 'only_in_django', 'django');
        $both = self::id_map($raw['both'] ?? null, 'both', 'string');
        $updates = $raw['moodle_updates'] ?? null;
        if (!is_array($updates)) {
            throw self::bad('moodle_updates is not an array');
        }
        $moodleupdates = [];
        foreach (moodle_side::ID_FIELDS as $field) {
            if (!array_key_exists($field, $updates)) {
                throw self::bad("moodle_updates has no '$field' (expected updates by field)");
            }
            $moodleupdates[$field] = self::id_map($updates[$field], "moodle_updates[$field]", 'string');
        }
        $conflicts = [];
        foreach (self::list_of($raw, 'conflicts') as $i => $c) {
            if (!is_array($c) || !is_string($c['reason'] ?? null)) {
                throw self::bad("conflicts[$i] has no reason");
            }
            $mids = [];
            foreach (is_array($c['moodle_ids'] ?? null) ? $c['moodle_ids'] : [] as $id) {
                if (!is_int($id)) {
                    throw self::bad("conflicts[$i].moodle_ids holds a " . get_debug_type($id) . ', not an int');
                }
                $mids[] = $id;
            }
            $dids = [];
            foreach (is_array($c['django_ids'] ?? null) ? $c['django_ids'] : [] as $id) {
                if (!is_string($id)) {
                    throw self::bad("conflicts[$i].django_ids holds a " . get_debug_type($id) . ', not a string');
                }
                $dids[] = $id;
            }
            $conflicts[] = ['reason' => $c['reason'], 'message' => is_string($c['message'] ?? null) ? $c['message'] : '',
                'moodle_ids' => $mids, 'django_ids' => $dids, 'email' => is_string($c['email'] ?? null) ? $c['email'] : null];
        }
        $tosuspend = [];
        foreach (self::id_keyed($raw['to_suspend'] ?? [], 'to_suspend') as $mid => $s) {
            $did = is_array($s) ? ($s['django_id'] ?? null) : false;
            if (!is_array($s) || !is_string($s['reason'] ?? null) || !($did === null || is_string($did))) {
                throw self::bad("to_suspend[$mid] is not ['reason' => string, 'django_id' => string|null]");
            }
            $tosuspend[$mid] = ['reason' => $s['reason'], 'django_id' => $did];
        }
        $torevive = self::id_map($raw['to_revive'] ?? [], 'to_revive', 'string');
        $todelete = self::id_map($raw['to_delete'] ?? [], 'to_delete', 'string');
        // Who the scope rules put out of scope: Moodle ids (ints) and Django ids (strings) per rule.
        $excluded = ['moodle' => [], 'django' => []];
        $rawexcluded = $raw['excluded'] ?? [];
        if (!is_array($rawexcluded)) {
            throw self::bad('excluded is not an array');
        }
        foreach (['moodle' => 'int', 'django' => 'string'] as $side => $type) {
            $rules = $rawexcluded[$side] ?? [];
            if (!is_array($rules)) {
                throw self::bad("excluded[$side] is not an array");
            }
            foreach ($rules as $rule => $ids) {
                $list = [];
                foreach (is_array($ids) ? $ids : [] as $id) {
                    if (get_debug_type($id) !== $type) {
                        throw self::bad("excluded[$side][$rule] holds a " . get_debug_type($id) . ", not a $type");
                    }
                    $list[] = $id;
                }
                $excluded[$side][(string)$rule] = $list;
            }
        }
        /** @var array{moodle: array<string, list<int>>, django: array<string, list<string>>} $excluded */
        $scope = is_array($raw['scope'] ?? null) ? $raw['scope'] : [];
        /** @var array<string, mixed> $scope */
        $stats = $raw['stats'] ?? null;
        if (!is_array($stats)) {
            throw self::bad('stats is not an array');
        }
        $counts = [];
        foreach ($stats as $k => $v) {
            if (is_string($k) && is_int($v)) {
                $counts[$k] = $v;
            } else if (is_string($k) && is_array($v)) {
                // Counts per rule (excluded_by_rule).
                $counts[$k] = array_filter($v, 'is_int');
            }
        }
        return new self($onlyinmoodle, $onlyindjango, $both, $moodleupdates, $conflicts, $tosuspend, $torevive,
            $todelete, $excluded, $scope, $counts);
    }

    /**
     * Identifier updates per user: Moodle id => (field => value), in Moodle id order.
     *
     * @return array<int, array<string, string>>
     */
    public function updates_by_user(): array {
        $byuser = [];
        // Fields in the order of moodle_side::ID_FIELDS.
        foreach (moodle_side::ID_FIELDS as $field) {
            foreach ($this->moodleupdates[$field] ?? [] as $mid => $value) {
                $byuser[$mid][$field] = $value;
            }
        }
        ksort($byuser);
        return $byuser;
    }

    /**
     * A count from stats, 0 when absent.
     *
     * @param string $key
     * @return int
     */
    public function stat(string $key): int {
        $v = $this->stats[$key] ?? 0;
        return is_int($v) ? $v : 0;
    }

    /**
     * The plan as data for --json and the plugin's cache: schema 1 (docs/JSON.md). Id maps become lists of
     * objects, so that a Moodle id is always a JSON number and a Django id always a JSON string.
     *
     * @return array<string, mixed>
     */
    public function to_json(): array {
        $pairs = static function (array $map, string $value): array {
            $out = [];
            foreach ($map as $mid => $v) {
                $out[] = ['moodle_id' => $mid, $value => $v];
            }
            return $out;
        };
        $updates = [];
        foreach ($this->updates_by_user() as $mid => $fields) {
            $updates[] = ['moodle_id' => $mid, 'fields' => $fields];
        }
        $suspend = [];
        foreach ($this->tosuspend as $mid => $s) {
            $suspend[] = ['moodle_id' => $mid, 'reason' => $s['reason'], 'django_id' => $s['django_id']];
        }
        return [
            'only_in_moodle' => $this->onlyinmoodle,
            'only_in_django' => $this->onlyindjango,
            'both' => $pairs($this->both, 'django_id'),
            'moodle_updates' => $updates,
            'conflicts' => $this->conflicts,
            'to_suspend' => $suspend,
            'to_revive' => $pairs($this->torevive, 'django_id'),
            'to_delete' => $pairs($this->todelete, 'reason'),
            'excluded' => ['moodle' => (object)$this->excluded['moodle'], 'django' => (object)$this->excluded['django']],
            'scope' => $this->scope,
            'stats' => $this->stats,
        ];
    }

    /**
     * A list of records whose id has the side's type.
     *
     * @param array<mixed> $raw
     * @param string $key
     * @param string $side moodle or django
     * @return list<array<string, mixed>>
     */
    private static function records(array $raw, string $key, string $side): array {
        $out = [];
        foreach (self::list_of($raw, $key) as $i => $r) {
            if (!is_array($r)) {
                throw self::bad("{$key}[$i] is not a record");
            }
            if ($side === 'moodle' && !is_int($r['id'] ?? null)) {
                throw self::bad("{$key}[$i].id is a " . get_debug_type($r['id'] ?? null) . ', not an int');
            }
            if ($side === 'django') {
                if (!is_string($r['id'] ?? null)) {
                    throw self::bad("{$key}[$i].id is a " . get_debug_type($r['id'] ?? null) . ', not a string');
                }
                if (!is_string($r['djangoid'] ?? null) || $r['djangoid'] === '') {
                    throw self::bad("{$key}[$i] has no resolved djangoid");
                }
            }
            /** @var array<string, mixed> $r */
            $out[] = $r;
        }
        return $out;
    }

    /**
     * @param array<mixed> $raw
     * @param string $key
     * @return list<mixed>
     */
    private static function list_of(array $raw, string $key): array {
        $v = $raw[$key] ?? null;
        if (!is_array($v)) {
            throw self::bad("$key is not an array");
        }
        return array_values($v);
    }

    /**
     * An array keyed by Moodle ids (ints).
     *
     * @param mixed $v
     * @param string $what
     * @return array<int, mixed>
     */
    private static function id_keyed(mixed $v, string $what): array {
        if (!is_array($v)) {
            throw self::bad("$what is not an array");
        }
        foreach (array_keys($v) as $k) {
            if (!is_int($k) || $k <= 0) {
                throw self::bad("$what has the key '$k', not a Moodle id");
            }
        }
        /** @var array<int, mixed> $v */
        return $v;
    }

    /**
     * Moodle id => string.
     *
     * @param mixed $v
     * @param string $what
     * @param string $type only 'string'
     * @return array<int, string>
     */
    private static function id_map(mixed $v, string $what, string $type): array {
        $out = [];
        foreach (self::id_keyed($v, $what) as $k => $value) {
            if (!is_string($value)) {
                throw self::bad("{$what}[$k] is a " . get_debug_type($value) . ", not a $type");
            }
            $out[$k] = $value;
        }
        return $out;
    }

    /**
     * @param string $why
     * @return \UnexpectedValueException
     */
    private static function bad(string $why): \UnexpectedValueException {
        return new \UnexpectedValueException('the mdsync extension returned a plan this code cannot read ('
            . $why . '): are the extension and this code from the same version?');
    }
}
