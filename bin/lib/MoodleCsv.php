<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * Reads the CSV that Moodle 4.x writes from Site administration → Users →
 * Bulk user actions → "Download" (admin/user/user_bulk_download.php, CSV
 * data format): a UTF-8 byte order mark, then a header row
 *
 *     id,username,email,firstname,lastname,idnumber,institution,department,
 *     phone1,phone2,city,country[,profile_field_<shortname>…]
 *
 * with one `profile_field_<shortname>` column per custom profile field.
 * The columns are found by name, so their order, extra columns and older
 * Moodle versions (which add icq, skype, … and may use ';' from the
 * language's list separator) all work.
 *
 * Yields canonical Moodle user records one at a time, so the file is never
 * held in memory as PHP arrays: the extension stores what it needs compactly.
 */
final class MoodleCsvReader implements \IteratorAggregate
{
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

    private string $file;

    /** How many user rows the last complete iteration yielded. */
    private int $rows = 0;

    public function __construct(string $file)
    {
        $this->file = $file;
    }

    public function rows(): int
    {
        return $this->rows;
    }

    /**
     * @return \Generator<int, array<string, mixed>>
     * @throws ConfigError on a file that is not a usable Moodle user CSV
     */
    public function getIterator(): \Generator
    {
        $fp = @fopen($this->file, 'rb');
        if ($fp === false) {
            throw new ConfigError("Moodle CSV '{$this->file}' cannot be opened: " . self::lastError());
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
    private function read($fp): \Generator
    {
        $first = fgets($fp);
        if ($first === false) {
            throw new ConfigError("Moodle CSV '{$this->file}' is empty");
        }
        if (strncmp($first, "\xEF\xBB\xBF", 3) === 0) {
            $first = substr($first, 3);
        }
        $delimiter = self::sniffDelimiter($first);
        $header = str_getcsv(rtrim($first, "\r\n"), $delimiter, '"', '');
        $col = [];
        foreach ($header as $i => $name) {
            $name = strtolower(trim((string) $name));
            if ($name !== '' && !isset($col[$name])) {
                $col[$name] = $i;
            }
        }
        $missing = array_diff(self::REQUIRED, array_keys($col));
        if ($missing !== []) {
            throw new ConfigError(sprintf(
                "Moodle CSV '%s' lacks the column(s) %s (its header: %s); expected the file from "
                . "Bulk user actions → Download → CSV",
                $this->file,
                implode(', ', $missing),
                self::clip(implode($delimiter, $header), 120)
            ));
        }
        $width = count($header);
        $this->rows = 0;
        $line = 1;
        while (($row = fgetcsv($fp, null, $delimiter, '"', '')) !== false) {
            $line++;
            if ($row === [null]) {
                continue; // a blank line
            }
            if (count($row) !== $width) {
                throw new ConfigError(sprintf(
                    "Moodle CSV '%s' row %d has %d fields, the header has %d",
                    $this->file, $line, count($row), $width
                ));
            }
            foreach ($row as $value) {
                if (!preg_match('//u', (string) $value)) {
                    throw new ConfigError(sprintf(
                        "Moodle CSV '%s' row %d is not UTF-8; download it again from Moodle, or save it as UTF-8 CSV",
                        $this->file, $line
                    ));
                }
            }
            $id = trim((string) $row[$col['id']]);
            if (!preg_match('/^[1-9][0-9]{0,18}$/', $id)) {
                throw new ConfigError(sprintf(
                    "Moodle CSV '%s' row %d: id '%s' is not a Moodle user id",
                    $this->file, $line, self::clip($id, 40)
                ));
            }
            $user = ['source' => 'moodle', 'id' => (int) $id];
            foreach (self::COLUMNS as $field => $column) {
                $value = isset($col[$column]) ? (string) $row[$col[$column]] : '';
                // Names and emails are passed as they are (the matcher trims and
                // folds case itself); identifiers are trimmed, and empty means unset.
                if (in_array($field, ['edeboid', 'iasid', 'djangoid', 'auth'], true)) {
                    $value = trim($value);
                    $user[$field] = $value === '' ? null : $value;
                } else {
                    $user[$field] = $value;
                }
            }
            $user['suspended'] = isset($col['suspended']) && trim((string) $row[$col['suspended']]) === '1';
            $this->rows++;
            yield $user;
        }
        if (!feof($fp)) {
            throw new ConfigError("Moodle CSV '{$this->file}' could not be read to the end: " . self::lastError());
        }
    }

    /** The most frequent of ',', ';' and TAB in the header row (Moodle 4.x always writes ','). */
    public static function sniffDelimiter(string $header): string
    {
        $best = ',';
        $bestCount = substr_count($header, ',');
        foreach ([';', "\t"] as $d) {
            $n = substr_count($header, $d);
            if ($n > $bestCount) {
                $best = $d;
                $bestCount = $n;
            }
        }
        return $best;
    }

    private static function clip(string $s, int $max): string
    {
        return strlen($s) > $max ? substr($s, 0, $max) . '…' : $s;
    }

    private static function lastError(): string
    {
        $err = error_get_last();
        return $err === null ? 'unknown error' : (string) preg_replace('/^\w+\([^)]*\): /', '', $err['message']);
    }
}

/**
 * Writes users in the format of Moodle's Site administration → Users →
 * Upload users (tool_uploaduser): a header row of field names, one user a row.
 *
 * There is deliberately no password column: upload with "New user password:
 * Create password if needed and send via email" (auth manual), or with an
 * external auth method (ldap, saml2, oauth2, …) that needs none. The
 * profile_field_* columns need custom profile fields with those short names.
 */
final class UploadCsvWriter
{
    public const HEADER = [
        'username', 'firstname', 'lastname', 'email', 'auth',
        'profile_field_edeboid', 'profile_field_iasid', 'profile_field_djangoid',
    ];

    /**
     * Writes the users to create in Moodle (atomically, owner-only: see writeRows()).
     *
     * @param iterable<array<string, mixed>> $users canonical records (from Django)
     * @return int how many users were written
     * @throws ConfigError
     */
    public static function write(string $file, iterable $users, string $auth): int
    {
        $rows = (function () use ($users, $auth) {
            foreach ($users as $u) {
                yield [
                    // Moodle usernames are lower case without surrounding spaces; Moodle
                    // rejects an email with surrounding spaces, so both are trimmed here.
                    strtolower(trim((string) ($u['username'] ?? ''))),
                    (string) ($u['firstname'] ?? ''),
                    (string) ($u['lastname'] ?? ''),
                    trim((string) ($u['email'] ?? '')),
                    $auth,
                    (string) ($u['edeboid'] ?? ''),
                    (string) ($u['iasid'] ?? ''),
                    // The Django id is the djangoid to store in Moodle.
                    (string) ($u['djangoid'] ?? $u['id'] ?? ''),
                ];
            }
        })();
        return self::writeRows($file, '.mdsync-upload-', self::HEADER, $rows);
    }

    /**
     * Writes a CSV atomically (a temporary file renamed into place) and readable by its
     * owner only: these files hold personal data.
     *
     * @param list<string> $header
     * @param iterable<list<string>> $rows
     * @return int how many rows were written
     * @throws ConfigError
     */
    public static function writeRows(string $file, string $tmpPrefix, array $header, iterable $rows): int
    {
        $dir = dirname($file);
        if (!is_dir($dir) || !is_writable($dir)) {
            throw new ConfigError("cannot write '$file': directory '$dir' does not exist or is not writable");
        }
        $tmp = @tempnam($dir, $tmpPrefix);
        if ($tmp === false) {
            throw new ConfigError("cannot write '$file': cannot create a temporary file in '$dir'");
        }
        $n = 0;
        try {
            @chmod($tmp, 0600);
            $fp = @fopen($tmp, 'wb');
            if ($fp === false) {
                throw new ConfigError("cannot write '$file'");
            }
            $ok = fputcsv($fp, $header, ',', '"', '') !== false;
            foreach ($rows as $row) {
                $ok = $ok && fputcsv($fp, $row, ',', '"', '') !== false;
                $n++;
            }
            $ok = fclose($fp) && $ok;
            if (!$ok || !@rename($tmp, $file)) {
                throw new ConfigError("cannot write '$file'");
            }
        } finally {
            if (is_file($tmp)) {
                @unlink($tmp);
            }
        }
        return $n;
    }
}
