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
 * The guard on mass changes: a run that would suspend, delete or create more users than the settings allow is held
 * until an administrator approves or rejects it.
 *
 * Each kind has a count (hold_suspend, hold_delete, hold_create: 0 switches that count off); suspensions and
 * deletions also a share of the Moodle users (hold_percent: 0 switches it off). Creations have no share: a first
 * sync into a new Moodle creates many times its users, and that is what the count is for. This is below the
 * extension's own refusal: a plan that would suspend more than suspend_max_percent of the users is refused
 * outright, whatever is approved.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_guard {
    /** Defaults of the settings: setting => value. */
    public const DEFAULTS = ['hold_percent' => 2, 'hold_suspend' => 50, 'hold_delete' => 10, 'hold_create' => 1000];

    /** The kinds the share of the Moodle users applies to. */
    public const SHARED = ['suspend', 'delete'];

    /** The kinds of change the guard counts, with the engine actions they sum. */
    public const KINDS = [
        'suspend' => ['suspend'],
        'delete' => ['delete'],
        'create' => ['create_in_moodle', 'create_in_django'],
    ];

    /**
     * What a run would change, per kind the guard counts.
     *
     * @param array<string, int> $actions work items per engine action
     * @return array<string, int> kind => count
     */
    public static function counts(array $actions): array {
        $out = [];
        foreach (self::KINDS as $kind => $list) {
            $out[$kind] = 0;
            foreach ($list as $action) {
                $out[$kind] += (int)($actions[$action] ?? 0);
            }
        }
        return $out;
    }

    /**
     * Why a run must wait for approval, or null when it may go ahead.
     *
     * @param array<string, int> $actions work items per engine action
     * @param int $moodleusers Moodle users the plan read
     * @param \stdClass $config the plugin's settings
     * @return string|null plain text, naming every limit crossed
     */
    public static function reason(array $actions, int $moodleusers, \stdClass $config): ?string {
        $percent = self::setting($config, 'hold_percent');
        $reasons = [];
        foreach (self::counts($actions) as $kind => $n) {
            if ($n === 0) {
                continue;
            }
            $limit = self::setting($config, 'hold_' . $kind);
            $a = (object)['count' => number_format($n), 'limit' => number_format($limit), 'percent' => $percent,
                'users' => number_format($moodleusers),
                'kind' => get_string('holdkind_' . $kind, 'local_django_sync')];
            if ($limit > 0 && $n > $limit) {
                $reasons[] = get_string('holdreason_count', 'local_django_sync', $a);
            } else if ($percent > 0 && in_array($kind, self::SHARED, true) && $n * 100 > $percent * max(1, $moodleusers)) {
                $reasons[] = get_string('holdreason_percent', 'local_django_sync', $a);
            }
        }
        return $reasons ? implode('; ', $reasons) : null;
    }

    /**
     * A limit from the settings, its default when unset.
     *
     * @param \stdClass $config
     * @param string $name
     * @return int
     */
    protected static function setting(\stdClass $config, string $name): int {
        return isset($config->$name) && $config->$name !== '' ? max(0, (int)$config->$name) : self::DEFAULTS[$name];
    }
}
