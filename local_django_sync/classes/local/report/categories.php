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
 * Categories report: every course category with its direct and total course counts.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class categories {
    /** Sort orders: the tree (default) or a column. */
    public const SORTS = ['tree', 'name', 'direct', 'total'];

    /**
     * Every category in tree order with counts: direct (courses in it) and total (subcategories included).
     *
     * @return \stdClass[] id, name, idnumber, parent, depth, path, visible, direct, total, fullpath
     */
    public function rows(): array {
        global $DB;
        $categories = $DB->get_records(
            'course_categories',
            null,
            'sortorder, id',
            'id, name, idnumber, parent, depth, path, visible, sortorder'
        );
        $direct = $DB->get_records_sql_menu('SELECT category, COUNT(1)
                                               FROM {course}
                                              WHERE id <> :siteid
                                           GROUP BY category', ['siteid' => SITEID]);
        foreach ($categories as $category) {
            $category->direct = (int)($direct[$category->id] ?? 0);
            $category->total = 0;
        }
        foreach ($categories as $category) {
            // Add this category's own courses to itself and to each ancestor.
            foreach (explode('/', trim($category->path, '/')) as $ancestorid) {
                if (isset($categories[$ancestorid])) {
                    $categories[$ancestorid]->total += $category->direct;
                }
            }
        }
        foreach ($categories as $category) {
            $names = [];
            foreach (explode('/', trim($category->path, '/')) as $ancestorid) {
                if (isset($categories[$ancestorid])) {
                    $names[] = format_string(
                        $categories[$ancestorid]->name,
                        true,
                        ['context' => \context_system::instance()]
                    );
                }
            }
            $category->fullpath = implode(' / ', $names);
        }
        return array_values($categories);
    }

    /**
     * The rows in the order asked for.
     *
     * @param string $sort one of SORTS
     * @param string $dir ASC or DESC (ignored for the tree)
     * @return \stdClass[]
     */
    public function sorted(string $sort = 'tree', string $dir = 'ASC'): array {
        $rows = $this->rows();
        if ($sort === 'tree' || !in_array($sort, self::SORTS)) {
            return $rows;
        }
        $sign = strtoupper($dir) === 'DESC' ? -1 : 1;
        usort($rows, static function (\stdClass $a, \stdClass $b) use ($sort, $sign): int {
            $cmp = $sort === 'name' ? strcoll($a->fullpath, $b->fullpath) : $a->$sort <=> $b->$sort;
            return $sign * ($cmp ?: $a->sortorder <=> $b->sortorder);
        });
        return $rows;
    }

    /**
     * Courses on the site (the front page excluded).
     *
     * @return int
     */
    public function course_total(): int {
        global $DB;
        return $DB->count_records_select('course', 'id <> :siteid', ['siteid' => SITEID]);
    }

    /**
     * Column headings of the download.
     *
     * @return string[]
     */
    public static function download_columns(): array {
        return [
            'id' => 'id',
            'path' => get_string('category'),
            'idnumber' => get_string('idnumber'),
            'depth' => get_string('depth', 'local_django_sync'),
            'direct' => get_string('directcourses', 'local_django_sync'),
            'total' => get_string('totalcourses', 'local_django_sync'),
        ];
    }
}
