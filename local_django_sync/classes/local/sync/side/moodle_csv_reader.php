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

use local_django_sync\local\sync\input_error;

/**
 * Reads the CSV Moodle writes from Site administration > Users > Bulk user actions > Download (CSV): a UTF-8 byte
 * order mark, then a header row
 *
 *     id,username,email,firstname,lastname,idnumber,institution,department,phone1,phone2,city,country[,profile_field_*]
 *
 * with one profile_field_<shortname> column per custom profile field. Columns are found by name, so their order,
 * extra columns and older Moodle versions (which add icq, skype, ... and may use ';') all work.
 *
 * Moodle's download has none of the facts most scope rules read; a file that adds them is read: auth (the auth
 * method), siteadmin (1, yes or true for a site admin; 0, no, false or empty for anyone else), roles (role short
 * names held at system or category level) and cohorts (cohort idnumbers), the last two comma-separated. Without
 * the column the fact is unknown, and the plan says which rules could not be applied.
 *
 * Refused, with what to do: a column named twice, a file in UTF-16 or Windows-1251 ("save it as CSV UTF-8"), a
 * file with a header and no users (unless empty is allowed), rows of another width, ids that are not Moodle ids, an
 * id given twice.
 *
 * Yields canonical Moodle records one at a time: the file is never held in memory as PHP arrays.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class moodle_csv_reader {
    /** Columns the file must have. */
    public const REQUIRED = ['id', 'username', 'email'];

    /** Record field => CSV column. */
    public const COLUMNS = [
        'username' => 'username',
        'email' => 'email',
        'firstname' => 'firstname',
        'lastname' => 'lastname',
        'edeboid' => 'profile_field_edeboid',
        'iasid' => 'profile_field_iasid',
        'djangoid' => 'profile_field_djangoid',
        'auth' => 'auth',
    ];

    /** Scope facts read from columns of their own name when a file has them (auth is in COLUMNS). */
    public const FACT_COLUMNS = ['siteadmin', 'roles', 'cohorts'];

    /** @var string */
    private string $file;

    /** @var bool accept a file with no users */
    private bool $allowempty;

    /** @var string how the caller lets an empty file through, for the message */
    private string $emptyhint;

    /**
     * Constructor.
     *
     * @param string $file
     * @param bool $allowempty accept a file with a header and no users
     * @param string $emptyhint how to allow it, for the message ("give --allow-empty-moodle")
     */
    public function __construct(string $file, bool $allowempty = false, string $emptyhint = '') {
        $this->file = $file;
        $this->allowempty = $allowempty;
        $this->emptyhint = $emptyhint;
    }

    /**
     * The file's records.
     *
     * @return \Generator<int, array<string, mixed>>
     * @throws input_error
     */
    public function records(): \Generator {
        $fp = @fopen($this->file, 'rb');
        if ($fp === false) {
            throw new input_error("Moodle CSV '{$this->file}' cannot be opened: " . self::last_error());
        }
        try {
            yield from $this->read($fp);
        } finally {
            fclose($fp);
        }
    }

    /**
     * @param resource $fp
     * @return \Generator<int, array<string, mixed>>
     */
    private function read($fp): \Generator {
        $first = fgets($fp);
        if ($first === false || $first === '') {
            throw new input_error("Moodle CSV '{$this->file}' is empty");
        }
        $encoding = self::foreign_encoding($first);
        if ($encoding !== null) {
            throw new input_error("Moodle CSV '{$this->file}' is $encoding, not UTF-8: " . self::SAVE_AS);
        }
        if (strncmp($first, "\xEF\xBB\xBF", 3) === 0) {
            $first = substr($first, 3);
        }
        $delimiter = self::sniff_delimiter($first);
        $header = str_getcsv(rtrim($first, "\r\n"), $delimiter, '"', '');
        $col = [];
        foreach ($header as $i => $name) {
            $name = strtolower(trim((string)$name));
            if ($name === '') {
                continue;
            }
            if (isset($col[$name])) {
                throw new input_error(sprintf("Moodle CSV '%s' has the column '%s' twice (columns %d and %d): which one "
                    . 'holds the value cannot be told; remove one', $this->file, $name, $col[$name] + 1, $i + 1));
            }
            $col[$name] = $i;
        }
        $missing = array_diff(self::REQUIRED, array_keys($col));
        if ($missing !== []) {
            throw new input_error(sprintf("Moodle CSV '%s' lacks the column(s) %s (its header: %s); expected the file "
                . 'from Bulk user actions > Download > CSV', $this->file, implode(', ', $missing),
                self::clip(implode($delimiter, array_map('strval', $header)), 120)));
        }
        $width = count($header);
        $rows = 0;
        $line = 1;
        $seen = []; // id => row, for an id given twice

        while (($row = fgetcsv($fp, null, $delimiter, '"', '')) !== false) {
            $line++;
            if ($row === [null]) {
                continue; // A blank line.
            }
            if (count($row) !== $width) {
                throw new input_error(sprintf("Moodle CSV '%s' row %d has %d fields, the header has %d",
                    $this->file, $line, count($row), $width));
            }
            foreach ($row as $value) {
                $value = (string)$value;
                if (!preg_match('//u', $value)) {
                    $what = self::looks_like_cp1251($value) ? 'Windows-1251 (Cyrillic)' : 'not UTF-8';
                    throw new input_error(sprintf("Moodle CSV '%s' row %d is %s: %s", $this->file, $line,
                        $what === 'not UTF-8' ? $what : "in $what, not UTF-8", self::SAVE_AS));
                }
            }
            $id = trim((string)$row[$col['id']]);
            $intid = preg_match('/^[1-9][0-9]{0,18}$/', $id) ? filter_var($id, FILTER_VALIDATE_INT) : false;
            if ($intid === false) {
                throw new input_error(sprintf("Moodle CSV '%s' row %d: id '%s' is not a Moodle user id",
                    $this->file, $line, self::clip($id, 40)));
            }
            if (isset($seen[$intid])) {
                throw new input_error(sprintf("Moodle CSV '%s' has the id %d twice (rows %d and %d): one user per row, "
                    . 'as Moodle writes it; download the file again', $this->file, $intid, $seen[$intid], $line));
            }
            $seen[$intid] = $line;
            $user = ['source' => 'moodle', 'id' => $intid];
            foreach (self::COLUMNS as $field => $column) {
                $value = isset($col[$column]) ? (string)$row[$col[$column]] : '';
                // Names and emails as they are (the matcher trims and folds case); identifiers trimmed, empty = unset.
                if (in_array($field, ['edeboid', 'iasid', 'djangoid', 'auth'], true)) {
                    $value = trim($value);
                    $user[$field] = $value === '' ? null : $value;
                } else {
                    $user[$field] = $value;
                }
            }
            $user['suspended'] = isset($col['suspended']) && trim((string)$row[$col['suspended']]) === '1';
            foreach (self::FACT_COLUMNS as $fact) {
                if (isset($col[$fact])) {
                    $user[$fact] = $fact === 'siteadmin' ? $this->yes_no((string)$row[$col[$fact]], $line)
                        : $this->name_list((string)$row[$col[$fact]], $fact, $line);
                }
            }
            $rows++;
            yield $user;
        }
        if (!feof($fp)) {
            throw new input_error("Moodle CSV '{$this->file}' could not be read to the end: " . self::last_error());
        }
        if ($rows === 0 && !$this->allowempty) {
            throw new input_error("Moodle CSV '{$this->file}' has a header and no users: nothing would be matched and "
                . 'every Django user offered for creation. If Moodle really has no users, '
                . ($this->emptyhint !== '' ? $this->emptyhint : 'allow an empty Moodle side'));
        }
    }

    /**
     * A roles or cohorts cell: names separated by commas, none holding a control character.
     *
     * @param string $value
     * @param string $column
     * @param int $line
     * @return string
     * @throws input_error for a control character (a tab or line break inside the cell)
     */
    private function name_list(string $value, string $column, int $line): string {
        if (preg_match('/[\x00-\x1F\x7F]/', $value)) {
            throw new input_error(sprintf("Moodle CSV '%s' row %d: %s holds a control character (a tab or a line break "
                . 'inside the cell); list the names separated by commas', $this->file, $line, $column));
        }
        return trim($value);
    }

    /**
     * A siteadmin cell: 1, yes, true (a site admin) or 0, no, false, empty (not one).
     *
     * @param string $value
     * @param int $line
     * @return bool
     * @throws input_error for anything else
     */
    private function yes_no(string $value, int $line): bool {
        $v = strtolower(trim($value));
        if (in_array($v, ['1', 'yes', 'true', 'y'], true)) {
            return true;
        }
        if (in_array($v, ['0', 'no', 'false', 'n', ''], true)) {
            return false;
        }
        throw new input_error(sprintf("Moodle CSV '%s' row %d: siteadmin '%s' is not 1 or 0 (yes or no)",
            $this->file, $line, self::clip($value, 40)));
    }

    /** What to do about a file in another encoding. */
    public const SAVE_AS = 'save it as "CSV UTF-8" (Excel: File > Save As > CSV UTF-8), or download it again from Moodle';

    /**
     * UTF-16 (with or without a byte order mark) from the first line, or null.
     *
     * @param string $first
     * @return string|null
     */
    public static function foreign_encoding(string $first): ?string {
        if (strncmp($first, "\xFF\xFE", 2) === 0) {
            return 'UTF-16 (little-endian)';
        }
        if (strncmp($first, "\xFE\xFF", 2) === 0) {
            return 'UTF-16 (big-endian)';
        }
        if (str_contains($first, "\0")) {
            return 'UTF-16';
        }
        return null;
    }

    /**
     * Whether bytes that are not UTF-8 look like Cyrillic in Windows-1251: their high bytes are mostly letters
     * (0xC0-0xFF; Ё ё І і Є є Ї ї) and come in words, not one accented letter among Latin ones (Latin-1's
     * "Renée" has its high bytes alone; "Олена" has nothing else).
     *
     * @param string $s
     * @return bool
     */
    public static function looks_like_cp1251(string $s): bool {
        $high = preg_match_all('/[\x80-\xFF]/', $s);
        $letters = preg_match_all('/[\xC0-\xFF\xA8\xB8\xB2\xB3\xAA\xBA\xAF\xBF]/', $s);
        $inwords = preg_match_all('/[\x80-\xFF](?=[\x80-\xFF])|(?<=[\x80-\xFF])[\x80-\xFF]/', $s);
        return $high > 0 && $letters >= 0.8 * $high && $inwords >= 0.6 * $high;
    }

    /**
     * The most frequent of ',', ';' and TAB in the header row (Moodle 4.x always writes ',').
     *
     * @param string $header
     * @return non-empty-string
     */
    public static function sniff_delimiter(string $header): string {
        $best = ',';
        $bestcount = substr_count($header, ',');
        foreach ([';', "\t"] as $d) {
            $n = substr_count($header, $d);
            if ($n > $bestcount) {
                $best = $d;
                $bestcount = $n;
            }
        }
        return $best;
    }

    /**
     * @param string $s
     * @param int $max
     * @return string
     */
    private static function clip(string $s, int $max): string {
        return strlen($s) > $max ? substr($s, 0, $max) . '...' : $s;
    }

    /**
     * @return string
     */
    private static function last_error(): string {
        $err = error_get_last();
        return $err === null ? 'unknown error' : (string)preg_replace('/^\w+\([^)]*\): /', '', $err['message']);
    }
}
