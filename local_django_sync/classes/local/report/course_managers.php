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

namespace local_django_sync\local\report;

/**
 * Course managers report: users holding the manager role and the courses they oversee.
 *
 * A user oversees a course when the role is assigned in the course itself, in a category above it
 * (at any depth), or at system level (every course). The site front page is not a course here.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class course_managers {
    /** Columns that can be sorted on, with their SQL. */
    public const SORTS = [
        'name' => 'u.lastname %1$s, u.firstname %1$s, u.id %1$s',
        'email' => 'u.email %1$s, u.id %1$s',
        'courses' => 'coursecount %1$s, u.lastname ASC, u.id ASC',
    ];

    /** @var \stdClass|null the role */
    protected $role;

    /**
     * Constructor.
     *
     * @param string|null $roleshortname the role; null reads the setting (default manager)
     */
    public function __construct(?string $roleshortname = null) {
        global $DB;
        if ($roleshortname === null) {
            $roleshortname = get_config('local_django_sync', 'managerrole') ?: 'manager';
        }
        $this->role = $DB->get_record('role', ['shortname' => $roleshortname]) ?: null;
    }

    /**
     * The role reported on, or null when it does not exist.
     *
     * @return \stdClass|null
     */
    public function role(): ?\stdClass {
        return $this->role;
    }

    /**
     * SQL of the (user, course) pairs: role assignments joined to every course context at or below them.
     *
     * @param string $extrawhere extra condition on ra/u
     * @return array [sql fragment starting at FROM, params]
     */
    protected function pairs_sql(string $extrawhere = ''): array {
        global $DB;
        // Paths hold digits and slashes only, so LIKE needs no escaping (as in core's accesslib).
        $like = 'cctx.path LIKE ' . $DB->sql_concat('rctx.path', "'/%'");
        $sql = "FROM {role_assignments} ra
                JOIN {context} rctx ON rctx.id = ra.contextid
                JOIN {context} cctx ON cctx.contextlevel = :pcourselevel AND (cctx.id = rctx.id OR $like)
                JOIN {course} c ON c.id = cctx.instanceid AND c.id <> :psiteid
               WHERE ra.roleid = :proleid $extrawhere";
        return [$sql, ['pcourselevel' => CONTEXT_COURSE, 'psiteid' => SITEID, 'proleid' => $this->role->id ?? 0]];
    }

    /**
     * How many users hold the role.
     *
     * @return int
     */
    public function count_users(): int {
        global $DB;
        if (!$this->role) {
            return 0;
        }
        return $DB->count_records_sql("SELECT COUNT(DISTINCT ra.userid)
                                         FROM {role_assignments} ra
                                         JOIN {user} u ON u.id = ra.userid AND u.deleted = 0
                                        WHERE ra.roleid = :roleid", ['roleid' => $this->role->id]);
    }

    /**
     * A page of users holding the role, with their course counts.
     *
     * @param string $sort one of SORTS
     * @param string $dir ASC or DESC
     * @param int $page 0-based
     * @param int $perpage 0 for all
     * @return \stdClass[] id, firstname, lastname, ..., email, coursecount
     */
    public function users(string $sort = 'name', string $dir = 'ASC', int $page = 0, int $perpage = 0): array {
        global $DB;
        if (!$this->role) {
            return [];
        }
        $dir = strtoupper($dir) === 'DESC' ? 'DESC' : 'ASC';
        $order = sprintf(self::SORTS[$sort] ?? self::SORTS['name'], $dir);
        [$pairs, $params] = $this->pairs_sql();
        $namefields = \core_user\fields::for_name()->get_sql('u', false, '', '', false)->selects;
        $sql = "SELECT u.id, $namefields, u.email, COALESCE(cc.coursecount, 0) AS coursecount
                  FROM {user} u
                  JOIN (SELECT DISTINCT userid FROM {role_assignments} WHERE roleid = :roleid) m ON m.userid = u.id
             LEFT JOIN (SELECT ra.userid, COUNT(DISTINCT c.id) AS coursecount
                          $pairs
                      GROUP BY ra.userid) cc ON cc.userid = u.id
                 WHERE u.deleted = 0
              ORDER BY $order";
        $params['roleid'] = $this->role->id;
        return array_values($DB->get_records_sql($sql, $params, $perpage ? $page * $perpage : 0, $perpage));
    }

    /**
     * The courses each of these users oversees, in course order.
     *
     * @param int[] $userids
     * @return array userid => [course records id, shortname, fullname, category]
     */
    public function courses(array $userids): array {
        global $DB;
        if (!$this->role || !$userids) {
            return [];
        }
        [$insql, $inparams] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED, 'uid');
        [$pairs, $params] = $this->pairs_sql("AND ra.userid $insql");
        $rs = $DB->get_recordset_sql("SELECT DISTINCT ra.userid, c.id, c.shortname, c.fullname, c.category, c.sortorder
                                        $pairs
                                    ORDER BY ra.userid, c.sortorder, c.id", $params + $inparams);
        $courses = array_fill_keys($userids, []);
        foreach ($rs as $row) {
            $courses[$row->userid][] = (object)['id' => (int)$row->id, 'shortname' => $row->shortname,
                'fullname' => $row->fullname, 'category' => (int)$row->category];
        }
        $rs->close();
        return $courses;
    }

    /**
     * Where each of these users holds the role: system, categories, courses (and other contexts).
     *
     * @param int[] $userids
     * @return array userid => list of context objects
     */
    public function assignments(array $userids): array {
        global $DB;
        if (!$this->role || !$userids) {
            return [];
        }
        [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED);
        $params['roleid'] = $this->role->id;
        $rows = $DB->get_recordset_sql("SELECT ra.id, ra.userid, ra.contextid
                                          FROM {role_assignments} ra
                                         WHERE ra.roleid = :roleid AND ra.userid $insql
                                      ORDER BY ra.userid, ra.contextid", $params);
        $result = array_fill_keys($userids, []);
        foreach ($rows as $row) {
            $context = \context::instance_by_id($row->contextid, IGNORE_MISSING);
            if ($context) {
                $result[$row->userid][] = $context;
            }
        }
        $rows->close();
        return $result;
    }

    /**
     * Every row for download: one per user, courses joined.
     *
     * @param string $sort
     * @param string $dir
     * @return \Generator of arrays matching download_columns()
     */
    public function download_rows(string $sort = 'name', string $dir = 'ASC'): \Generator {
        // Users in pages of 500 so that the course lists stay small in memory.
        $page = 0;
        do {
            $users = $this->users($sort, $dir, $page++, 500);
            $courses = $this->courses(array_column($users, 'id'));
            $assignments = $this->assignments(array_column($users, 'id'));
            foreach ($users as $user) {
                yield [
                    'id' => $user->id,
                    'fullname' => fullname($user),
                    'email' => $user->email,
                    'assignments' => implode('; ', array_map(static fn(\context $c): string =>
                        $c->get_context_name(true, true), $assignments[$user->id] ?? [])),
                    'coursecount' => (int)$user->coursecount,
                    'courses' => implode(', ', array_column($courses[$user->id] ?? [], 'shortname')),
                ];
            }
        } while (count($users) === 500);
    }

    /**
     * Column headings of the download.
     *
     * @return string[]
     */
    public static function download_columns(): array {
        return [
            'id' => get_string('userid', 'local_django_sync'),
            'fullname' => get_string('fullnameuser'),
            'email' => get_string('email'),
            'assignments' => get_string('assignedin', 'local_django_sync'),
            'coursecount' => get_string('coursecount', 'local_django_sync'),
            'courses' => get_string('courses'),
        ];
    }
}
