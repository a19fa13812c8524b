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
 * The facts the scope rules read that a user row does not hold: who is a site admin, the roles a user holds at
 * system or category level, and the cohorts a user belongs to (docs/API.md, "Who is synced").
 *
 * Read for many users at once, never per user: a site admin list from $CFG->siteadmins, and one query each for role
 * assignments and cohort memberships, over a range of user ids (the paged web service: one page) or the whole site
 * (the in-process side), optionally only for the role or cohort names a rule names (so that a site of 100,000
 * students in cohorts keeps in memory only the memberships a rule asks about).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class user_facts {
    /**
     * The site admins.
     *
     * @return array<int, true> user id => true
     */
    public static function siteadmins(): array {
        global $CFG;
        $out = [];
        foreach (explode(',', (string)($CFG->siteadmins ?? '')) as $id) {
            if ((int)$id > 0) {
                $out[(int)$id] = true;
            }
        }
        return $out;
    }

    /**
     * Role short names each user holds in the system context or a course category's.
     *
     * @param int $afterid users with an id above this
     * @param int|null $lastid and at most this (null: no upper bound)
     * @param string[]|null $names only these roles (compared case-insensitively); null: every role
     * @return array<int, string[]> user id => role short names (users with none are absent)
     */
    public static function roles(int $afterid = 0, ?int $lastid = null, ?array $names = null): array {
        [$where, $params] = self::range('ra.userid', $afterid, $lastid);
        [$namesql, $nameparams] = self::names('r.shortname', $names);
        $sql = "SELECT DISTINCT ra.userid, r.shortname
                  FROM {role_assignments} ra
                  JOIN {context} ctx ON ctx.id = ra.contextid
                  JOIN {role} r ON r.id = ra.roleid
                 WHERE ctx.contextlevel IN (:syslevel, :catlevel) AND $where $namesql";
        return self::lists($sql, $params + $nameparams + ['syslevel' => CONTEXT_SYSTEM, 'catlevel' => CONTEXT_COURSECAT]);
    }

    /**
     * Idnumbers of the cohorts each user belongs to (cohorts without an idnumber cannot be named by a rule).
     *
     * @param int $afterid users with an id above this
     * @param int|null $lastid and at most this (null: no upper bound)
     * @param string[]|null $names only these cohorts (compared case-insensitively); null: every cohort
     * @return array<int, string[]> user id => cohort idnumbers (users in none are absent)
     */
    public static function cohorts(int $afterid = 0, ?int $lastid = null, ?array $names = null): array {
        [$where, $params] = self::range('cm.userid', $afterid, $lastid);
        [$namesql, $nameparams] = self::names('c.idnumber', $names);
        $sql = "SELECT cm.id, cm.userid, c.idnumber AS shortname
                  FROM {cohort_members} cm
                  JOIN {cohort} c ON c.id = cm.cohortid
                 WHERE c.idnumber IS NOT NULL AND c.idnumber <> '' AND $where $namesql";
        return self::lists($sql, $params + $nameparams);
    }

    /**
     * A user id range as SQL.
     *
     * @param string $column
     * @param int $afterid
     * @param int|null $lastid
     * @return array{0: string, 1: array<string, int>}
     */
    protected static function range(string $column, int $afterid, ?int $lastid): array {
        $where = "$column > :afterid";
        $params = ['afterid' => $afterid];
        if ($lastid !== null) {
            $where .= " AND $column <= :lastid";
            $params['lastid'] = $lastid;
        }
        return [$where, $params];
    }

    /**
     * Only some names, compared lower-cased (a superset of the extension's ASCII-case-insensitive comparison,
     * which decides).
     *
     * @param string $column
     * @param string[]|null $names
     * @return array{0: string, 1: array<string, string>}
     */
    protected static function names(string $column, ?array $names): array {
        global $DB;
        if ($names === null) {
            return ['', []];
        }
        $lower = array_values(array_unique(array_map(static fn($n): string => \core_text::strtolower(trim((string)$n)),
            $names)));
        if (!$lower) {
            return ['AND 1 = 0', []];
        }
        [$insql, $params] = $DB->get_in_or_equal($lower, SQL_PARAMS_NAMED, 'scopename');
        return ["AND LOWER($column) $insql", $params];
    }

    /**
     * Rows of (userid, shortname) as user id => names; one name string is shared by every user holding it.
     *
     * @param string $sql
     * @param array $params
     * @return array<int, string[]>
     */
    protected static function lists(string $sql, array $params): array {
        global $DB;
        $out = [];
        $shared = [];
        $rs = $DB->get_recordset_sql($sql, $params);
        try {
            foreach ($rs as $row) {
                $name = (string)$row->shortname;
                $out[(int)$row->userid][] = $shared[$name] ??= $name;
            }
        } finally {
            $rs->close();
        }
        return $out;
    }
}
