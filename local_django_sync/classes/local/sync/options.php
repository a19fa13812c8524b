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
 * The options of one apply, and the table that declares them.
 *
 * options::TABLE is the one declaration: bin/mdsync builds its parser and its help text from it, and the plugin
 * builds an options array from its settings under the same keys. Scope rules (who is never pushed to Django:
 * site admins, auth methods, roles, cohorts) will add their entries here, in a group of their own, and read the
 * attributes the Moodle side already documents on its records ({@see moodle_side::users()}).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class options {
    /** Kinds of work, in the order they are applied ({@see work_list}). */
    public const CATEGORIES = ['identifiers', 'to-moodle', 'to-django', 'suspend'];

    /** Kinds applied when nothing is asked for; suspend joins them when the suspend option is on. */
    public const DEFAULT_CATEGORIES = ['identifiers', 'to-moodle', 'to-django'];

    /** Users per write: one Moodle web service call, one mdsync_create_django_users() call, one stop point. */
    public const DEFAULT_BATCH_SIZE = 50;

    /**
     * key => declaration. type: list (comma list of 'values'), int (from 'min' to 'max'), bool, name (a Moodle
     * plugin name), ids (a list, set by pages, not the command line). 'arg' is the value placeholder for help,
     * 'group' the heading it is listed under, 'cli' false for options no command line takes.
     */
    public const TABLE = [
        'only' => [
            'type' => 'list', 'values' => self::CATEGORIES, 'arg' => 'LIST', 'group' => 'what',
            'help' => 'what to do, a comma list of identifiers, to-moodle, to-django, suspend (default: all but '
                . 'suspend, and suspend too with --suspend)',
        ],
        'limit' => [
            'type' => 'int', 'min' => 1, 'max' => 100000000, 'arg' => 'N', 'group' => 'what',
            'help' => 'at most N changes of each kind',
        ],
        'batch_size' => [
            'type' => 'int', 'min' => 1, 'max' => 1000, 'arg' => 'N', 'group' => 'what',
            'help' => 'users per write (default 50): one Moodle web service call, one round of Django requests; '
                . 'a batch Moodle refuses is split until the bad user stands alone',
        ],
        'auth' => [
            'type' => 'name', 'arg' => 'METHOD', 'group' => 'what',
            'help' => 'auth of users created in Moodle (default manual: Moodle creates a password and mails it; '
                . 'ldap, saml2, oauth2, ...: no password). Never a default password',
        ],
        'allow_empty' => [
            'type' => 'bool', 'group' => 'what',
            'help' => 'accept a Django that answers with zero users (otherwise nothing is planned on such an '
                . 'answer)',
        ],
        'allow_unapplied_scope' => [
            'type' => 'bool', 'group' => 'what',
            'help' => 'create Moodle users in Django even when a scope rule could not be applied to them (a '
                . 'Moodle CSV without siteadmin or auth columns cannot tell the site admin apart): refused otherwise',
        ],
        'suspend' => [
            'type' => 'bool', 'group' => 'leavers',
            'help' => 'suspend Moodle users linked to Django (djangoid) whose Django account is gone or inactive; '
                . 'revive those active again',
        ],
        'suspend_max_percent' => [
            'type' => 'int', 'min' => 0, 'max' => 100, 'arg' => 'P', 'group' => 'leavers',
            'help' => 'refuse when more than P% of Moodle users would be suspended (default 5)',
        ],
        'delete_after_days' => [
            'type' => 'int', 'min' => 1, 'max' => 36500, 'arg' => 'DAYS', 'group' => 'leavers',
            'help' => 'delete users the sync suspended more than DAYS days ago whose Django account is still gone '
                . '(needs the profile field suspendedat; default: never delete)',
        ],
        'select_moodle' => [
            'type' => 'ids', 'group' => 'what', 'cli' => false,
            'help' => 'only these Moodle users (ids): a page\'s selection',
        ],
        'select_django' => [
            'type' => 'ids', 'group' => 'what', 'cli' => false,
            'help' => 'only these Django users (ids): a page\'s selection',
        ],
    ];

    /** @var list<string> kinds of work to do, in CATEGORIES order */
    public readonly array $only;
    /** @var int|null at most this many changes of each kind */
    public readonly ?int $limit;
    /** @var int users per write */
    public readonly int $batchsize;
    /** @var string auth of users created in Moodle */
    public readonly string $auth;
    /** @var bool accept zero Django users */
    public readonly bool $allowempty;
    /** @var bool push to Django although some scope rules lacked their facts */
    public readonly bool $allowunappliedscope;
    /** @var bool plan and apply users who leave */
    public readonly bool $suspend;
    /** @var int|null the ceiling on suspensions, in percent of Moodle users (null: the extension's default) */
    public readonly ?int $suspendmaxpercent;
    /** @var int|null delete users suspended by the sync this many days ago (null: never) */
    public readonly ?int $deleteafterdays;
    /** @var list<int>|null only these Moodle users */
    public readonly ?array $selectmoodle;
    /** @var list<string>|null only these Django users */
    public readonly ?array $selectdjango;

    /**
     * Constructor; use from_array().
     *
     * @param array<string, mixed> $v validated values
     */
    private function __construct(array $v) {
        /** @var list<string> $only */
        $only = $v['only'];
        $this->only = $only;
        $this->limit = self::int_or_null($v['limit']);
        $this->batchsize = self::int_or_null($v['batch_size']) ?? self::DEFAULT_BATCH_SIZE;
        $this->auth = is_string($v['auth']) ? $v['auth'] : 'manual';
        $this->allowempty = $v['allow_empty'] === true;
        $this->allowunappliedscope = $v['allow_unapplied_scope'] === true;
        $this->suspend = $v['suspend'] === true;
        $this->suspendmaxpercent = self::int_or_null($v['suspend_max_percent']);
        $this->deleteafterdays = self::int_or_null($v['delete_after_days']);
        $this->selectmoodle = self::int_list_or_null($v['select_moodle']);
        $this->selectdjango = self::string_list_or_null($v['select_django']);
    }

    /**
     * Validated options from an array of TABLE keys; values may be strings (a command line, a config file).
     *
     * @param array<string, mixed> $values
     * @return self
     * @throws option_error naming the key of the first bad value
     */
    public static function from_array(array $values): self {
        foreach (array_keys($values) as $key) {
            if (!array_key_exists($key, self::TABLE)) {
                throw new option_error((string)$key, 'is not an apply option');
            }
        }
        $v = [];
        foreach (self::TABLE as $key => $decl) {
            $v[$key] = array_key_exists($key, $values) && $values[$key] !== null
                ? self::parse($key, $decl, $values[$key]) : null;
        }
        $suspend = $v['suspend'] === true;
        foreach (['suspend_max_percent', 'delete_after_days'] as $key) {
            if ($v[$key] !== null && !$suspend) {
                throw new option_error($key, 'only applies with suspend');
            }
        }
        if ($v['only'] === null || $v['only'] === []) {
            $v['only'] = $suspend ? self::CATEGORIES : self::DEFAULT_CATEGORIES;
        }
        /** @var list<string> $only */
        $only = $v['only'];
        if (in_array('suspend', $only, true) && !$suspend) {
            throw new option_error('only', 'suspend needs the suspend option (suspension is off unless asked for)');
        }
        // In CATEGORIES order, whatever order they were given in.
        $v['only'] = array_values(array_intersect(self::CATEGORIES, $only));
        return new self($v);
    }

    /**
     * One value, checked against its declaration.
     *
     * @param string $key
     * @param array<string, mixed> $decl
     * @param mixed $value
     * @return mixed
     * @throws option_error
     */
    private static function parse(string $key, array $decl, mixed $value): mixed {
        switch ($decl['type']) {
            case 'bool':
                if (is_bool($value)) {
                    return $value;
                }
                if (in_array($value, [1, '1', 'true', 'yes', 'on'], true)) {
                    return true;
                }
                if (in_array($value, [0, '0', '', 'false', 'no', 'off'], true)) {
                    return false;
                }
                throw new option_error($key, 'must be true or false');
            case 'int':
                $min = is_int($decl['min'] ?? null) ? $decl['min'] : 0;
                $max = is_int($decl['max'] ?? null) ? $decl['max'] : PHP_INT_MAX;
                if (is_string($value) && preg_match('/^[0-9]{1,12}$/', $value)) {
                    $value = (int)$value;
                }
                if (!is_int($value) || $value < $min || $value > $max) {
                    throw new option_error($key, sprintf("must be a whole number from %d to %d, not '%s'",
                        $min, $max, is_scalar($value) ? (string)$value : get_debug_type($value)));
                }
                return $value;
            case 'name':
                if (!is_string($value) || !preg_match('/^[a-z][a-z0-9_]{0,49}$/', $value)) {
                    throw new option_error($key, sprintf("must be a Moodle auth plugin name such as manual, ldap, "
                        . "saml2 or oauth2, not '%s'", is_scalar($value) ? (string)$value : get_debug_type($value)));
                }
                return $value;
            case 'list':
                $items = is_array($value) ? $value : explode(',', is_string($value) ? $value : '');
                $known = is_array($decl['values'] ?? null) ? $decl['values'] : [];
                $out = [];
                foreach ($items as $item) {
                    $item = trim(is_scalar($item) ? (string)$item : '');
                    if ($item === '') {
                        continue;
                    }
                    if (!in_array($item, $known, true)) {
                        throw new option_error($key, sprintf("unknown kind '%s' (known: %s)", $item,
                            implode(', ', array_map(static fn($k): string => is_scalar($k) ? (string)$k : '', $known))));
                    }
                    $out[$item] = $item;
                }
                return array_values($out);
            case 'ids':
                if (!is_array($value)) {
                    throw new option_error($key, 'must be a list of ids');
                }
                return array_values($value);
        }
        throw new option_error($key, 'has an unknown type');
    }

    /**
     * The options mdsync_sync_users() takes from an apply's options.
     *
     * @return array<string, bool|int>
     */
    public function plan_options(): array {
        $o = [];
        if ($this->allowempty) {
            $o['allow_empty'] = true;
        }
        if ($this->suspend) {
            $o['suspend'] = true;
            if ($this->suspendmaxpercent !== null) {
                $o['suspend_max_percent'] = $this->suspendmaxpercent;
            }
            if ($this->deleteafterdays !== null) {
                $o['delete_after_days'] = $this->deleteafterdays;
            }
        }
        return $o;
    }

    /**
     * The options as an array of TABLE keys (storable; from_array() reads it back).
     *
     * @return array<string, mixed>
     */
    public function to_array(): array {
        return [
            'only' => $this->only,
            'limit' => $this->limit,
            'batch_size' => $this->batchsize,
            'auth' => $this->auth,
            'allow_empty' => $this->allowempty,
            'suspend' => $this->suspend,
            'suspend_max_percent' => $this->suspendmaxpercent,
            'delete_after_days' => $this->deleteafterdays,
            'select_moodle' => $this->selectmoodle,
            'select_django' => $this->selectdjango,
        ];
    }

    /**
     * @param mixed $v
     * @return int|null
     */
    private static function int_or_null(mixed $v): ?int {
        return is_int($v) ? $v : null;
    }

    /**
     * @param mixed $v
     * @return list<int>|null
     */
    private static function int_list_or_null(mixed $v): ?array {
        if (!is_array($v)) {
            return null;
        }
        $out = [];
        foreach ($v as $id) {
            if (is_int($id) || (is_string($id) && preg_match('/^[1-9][0-9]{0,18}$/', $id))) {
                $out[] = (int)$id;
            }
        }
        return $out;
    }

    /**
     * @param mixed $v
     * @return list<string>|null
     */
    private static function string_list_or_null(mixed $v): ?array {
        if (!is_array($v)) {
            return null;
        }
        $out = [];
        foreach ($v as $id) {
            if (is_string($id) || is_int($id)) {
                $out[] = (string)$id;
            }
        }
        return $out;
    }
}
