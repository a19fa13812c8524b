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
 * A report as text for people, the same wherever it is shown: bin/mdsync apply, the plugin's cli/sync.php and its
 * scheduled task's log.
 *
 *     ok       create in Moodle         student00001 <student00001@example.edu>: Moodle id 8, auth saml2
 *     FAILED   create in Django         o'brien <obrien@example.edu>: Django answered HTTP 400 ... (username: ...)
 *     NOT DONE create in Moodle         student00006 <student00006@example.edu>: not done: the run stopped before it
 *
 *     Done: 8 done, 3 failed
 *     Failed:
 *       - ...
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class report_text {
    /** How a status is shown in the first column. */
    public const STATUS_WORDS = ['done' => 'ok', 'written' => 'written', 'exists' => 'exists', 'skipped' => 'skipped',
        'failed' => 'FAILED', 'not_done' => 'NOT DONE', 'queued' => 'queued'];

    /**
     * The lines of a report.
     *
     * @param report $report
     * @param string $title the summary line's prefix ("mdsync apply")
     * @param (callable(string): string)|null $clean applied to every line (secrets out, control characters out)
     * @return list<string>
     */
    public static function lines(report $report, string $title, ?callable $clean = null): array {
        $clean ??= static fn(string $s): string => $s;
        $o = self::entry_lines($report, $clean);
        $o[] = '';
        $o[] = $title . ': ' . self::summary($report);
        $failed = $report->with_status('failed');
        if ($failed !== []) {
            $o[] = 'Failed:';
            foreach ($failed as $e) {
                $o[] = $clean('  - ' . (work_item::ACTIONS[$e['action']][1] ?? $e['action']) . " {$e['user']}: {$e['message']}");
            }
        }
        foreach ($report->files() as $f) {
            if ($f['error'] === null) {
                $o[] = $clean(sprintf('Wrote %s to %s.', self::plural($f['rows'], $f['kind'] === 'upload' ? 'user' : 'row'),
                    $f['path']) . ($f['howto'] !== '' ? ' ' . $f['howto'] : ''));
            } else {
                $o[] = $clean("NOT written: {$f['path']}: {$f['error']}");
            }
        }
        foreach ($report->notes() as $note) {
            $o[] = $clean($note);
        }
        if ($report->stopped() !== null) {
            $o[] = $clean('Stopped: ' . $report->stopped());
        }
        return $o;
    }

    /**
     * One line per entry, without the summary (a run carried out in pieces prints each piece's as it goes).
     *
     * @param report $report
     * @param (callable(string): string)|null $clean applied to every line
     * @return list<string>
     */
    public static function entry_lines(report $report, ?callable $clean = null): array {
        $clean ??= static fn(string $s): string => $s;
        $o = [];
        foreach ($report->entries() as $e) {
            $o[] = $clean(sprintf('%-8s %-24s %s: %s', self::STATUS_WORDS[$e['status']] ?? $e['status'],
                work_item::ACTIONS[$e['action']][1] ?? $e['action'], $e['user'], $e['message']));
        }
        return $o;
    }

    /**
     * "8 done, 3 failed, 2 not done" (or "nothing to do").
     *
     * @param report $report
     * @return string
     */
    public static function summary(report $report): string {
        $parts = [];
        foreach ($report->counts() as $status => $n) {
            $parts[] = "$n " . str_replace('_', ' ', $status);
        }
        $s = $parts === [] ? 'nothing done' : implode(', ', $parts);
        return $report->outcome() === 'interrupted' ? "$s (interrupted)" : $s;
    }

    /**
     * "1 user", "2 users".
     *
     * @param int $n
     * @param string $one
     * @return string
     */
    public static function plural(int $n, string $one): string {
        return number_format($n) . ' ' . ($n === 1 ? $one : $one . 's');
    }
}
