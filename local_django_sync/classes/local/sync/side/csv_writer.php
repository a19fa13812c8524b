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


namespace local_django_sync\local\sync\side;

/**
 * Writes a CSV for Moodle's Upload users: atomically (a temporary file renamed into place), readable by its owner
 * only (it holds personal data), optionally with a UTF-8 byte order mark (Excel reads UTF-8 only with one), and
 * with every cell a spreadsheet would run as a formula neutralised.
 *
 * CSV injection (OWASP): a cell that begins with =, +, -, @, TAB or CR is read as a formula by spreadsheet
 * programs. Such a cell gets a leading apostrophe. A cell whose exact value matters (a username, an email, an
 * identifier) cannot be changed that way: neutral() says so, and the row is reported instead of written.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class csv_writer {
    /** Characters that make a spreadsheet read a cell as a formula when they come first. */
    public const FORMULA_START = ['=', '+', '-', '@', "\t", "\r"];

    /**
     * Whether a cell is safe as it is.
     *
     * @param string $cell
     * @return bool
     */
    public static function neutral(string $cell): bool {
        return $cell === '' || !in_array($cell[0], self::FORMULA_START, true);
    }

    /**
     * A cell made safe for spreadsheets: a leading apostrophe before a formula start.
     *
     * @param string $cell
     * @return string
     */
    public static function neutralise(string $cell): string {
        return self::neutral($cell) ? $cell : "'" . $cell;
    }

    /**
     * Writes rows (every cell neutralised) under a header.
     *
     * @param string $file
     * @param list<string> $header
     * @param iterable<list<string>> $rows
     * @param bool $bom start with a UTF-8 byte order mark
     * @return int rows written
     * @throws \RuntimeException when the file cannot be written (nothing is left behind)
     */
    public static function write(string $file, array $header, iterable $rows, bool $bom = false): int {
        $dir = dirname($file);
        if (!is_dir($dir) || !is_writable($dir)) {
            throw new \RuntimeException("directory '$dir' does not exist or is not writable");
        }
        $tmp = @tempnam($dir, '.mdsync-');
        if ($tmp === false) {
            throw new \RuntimeException("cannot create a temporary file in '$dir'");
        }
        $n = 0;
        try {
            @chmod($tmp, 0600);
            $fp = @fopen($tmp, 'wb');
            if ($fp === false) {
                throw new \RuntimeException('cannot open it for writing');
            }
            $ok = !$bom || fwrite($fp, "\xEF\xBB\xBF") === 3;
            $ok = $ok && fputcsv($fp, $header, ',', '"', '') !== false;
            foreach ($rows as $row) {
                $ok = $ok && fputcsv($fp, array_map([self::class, 'neutralise'], $row), ',', '"', '') !== false;
                $n++;
            }
            $ok = fclose($fp) && $ok;
            if (!$ok) {
                throw new \RuntimeException('writing failed (disk full?)');
            }
            if (!@rename($tmp, $file)) {
                throw new \RuntimeException('cannot move it into place');
            }
        } finally {
            if (is_file($tmp)) {
                @unlink($tmp);
            }
        }
        return $n;
    }
}
