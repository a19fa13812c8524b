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

use local_django_sync\local\sync\file_result;
use local_django_sync\local\sync\item_result;
use local_django_sync\local\sync\moodle_side;
use local_django_sync\local\sync\moodle_username;

/**
 * Offline: Moodle's users from its bulk-download CSV, Moodle's changes as files for its Upload users tool
 * (bin/mdsync --moodle-csv with --write-upload-csv and --write-update-csv). Moodle itself is not changed.
 *
 * Writes are queued and the files written once, when the run finishes (also after a stop or an interrupt), so
 * a report entry says "written" only for a row that is in a file on disk. A row Upload users would refuse (an
 * invalid or taken username or email, a missing name, a value a spreadsheet would run as a formula) is reported
 * failed, with the reason, and not written.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class csv_side implements moodle_side {
    /** The upload file's columns (new users). No password column: Moodle makes one, or the auth method needs none. */
    public const UPLOAD_HEADER = ['username', 'firstname', 'lastname', 'email', 'auth',
        'profile_field_edeboid', 'profile_field_iasid', 'profile_field_djangoid'];

    /** The update file's columns (existing users, by username). */
    public const UPDATE_HEADER = ['username', 'profile_field_edeboid', 'profile_field_iasid', 'profile_field_djangoid'];

    /** @var string the Moodle CSV */
    private string $input;
    /** @var string|null where users to create go */
    private ?string $uploadfile;
    /** @var string|null where identifier updates go */
    private ?string $updatefile;
    /** @var bool start files with a UTF-8 byte order mark */
    private bool $bom;
    /** @var moodle_csv_reader */
    private moodle_csv_reader $reader;
    /** @var array<int, string> Moodle id => "username\0edeboid\0iasid\0djangoid" (the values it has now) */
    private array $known = [];
    /** @var array<string, true> lower-cased usernames taken (in Moodle, or by a row to upload) */
    private array $usernames = [];
    /** @var array<string, true> lower-cased emails taken */
    private array $emails = [];
    /** @var array<string, list<string>> work item key => upload row */
    private array $uploadrows = [];
    /** @var string auth of the upload rows */
    private string $auth = 'manual';
    /** @var array<int, array{keys: list<string>, fields: array<string, string>}> Moodle id => updates */
    private array $updates = [];
    /** @var bool the site allows extended username characters (usernames lower-cased as Moodle does) */
    private bool $extendedusernames;

    /**
     * Constructor.
     *
     * @param string $input the Moodle bulk-download CSV
     * @param string|null $uploadfile where to write users to create in Moodle (null: creating is not asked for)
     * @param string|null $updatefile where to write identifier updates (null: not asked for)
     * @param bool $bom start the files with a UTF-8 byte order mark (for Excel)
     * @param bool $allowempty accept a Moodle CSV with no users
     * @param string $emptyhint how to allow an empty CSV, for the message
     * @param bool $extendedusernames the site allows extended username characters ($CFG->extendedusernamechars)
     */
    public function __construct(string $input, ?string $uploadfile, ?string $updatefile, bool $bom = false,
            bool $allowempty = false, string $emptyhint = '', bool $extendedusernames = false) {
        $this->extendedusernames = $extendedusernames;
        $this->input = $input;
        $this->uploadfile = $uploadfile;
        $this->updatefile = $updatefile;
        $this->bom = $bom;
        $this->reader = new moodle_csv_reader($input, $allowempty, $emptyhint);
    }

    /**
     * The input file.
     *
     * @return string
     */
    public function describe(): string {
        return $this->input;
    }

    /**
     * The CSV's users, streamed; what the files need of them is kept.
     *
     * @return \Generator<int, array<string, mixed>>
     */
    public function users(): iterable {
        $this->known = [];
        $this->usernames = [];
        $this->emails = [];
        foreach ($this->reader->records() as $u) {
            $id = is_int($u['id'] ?? null) ? $u['id'] : 0;
            $username = self::str($u['username'] ?? '');
            $this->known[$id] = implode("\0", [str_replace("\0", '', $username), self::str($u['edeboid'] ?? ''),
                self::str($u['iasid'] ?? ''), self::str($u['djangoid'] ?? '')]);
            $this->usernames[moodle_username::stored($username, $this->extendedusernames)] = true;
            $email = strtolower(trim(self::str($u['email'] ?? '')));
            if ($email !== '') {
                $this->emails[$email] = true;
            }
            yield $u;
        }
    }

    /**
     * Creating users and setting identifiers, when their file is given; nothing else.
     *
     * @param string $action
     * @return bool
     */
    public function supports(string $action): bool {
        return match ($action) {
            'create_in_moodle' => $this->uploadfile !== null,
            'set_identifiers' => $this->updatefile !== null,
            default => false,
        };
    }

    /**
     * Upload users checks the profile fields itself when the file is uploaded.
     *
     * @param list<string> $fields
     * @return array<string, bool|null>
     */
    public function field_status(array $fields): array {
        return array_fill_keys($fields, true);
    }

    /**
     * Nothing is written to Moodle.
     *
     * @param int $moodleid
     * @param array<string, string> $values
     * @return list<string>
     */
    public function fields_missing_after_write(int $moodleid, array $values): array {
        return [];
    }

    /**
     * Queues rows for the upload file; refuses those Upload users would refuse.
     *
     * @param array<string, array<string, mixed>> $records
     * @param string $auth
     * @return array<string, item_result>
     */
    public function create_users(array $records, string $auth): array {
        $this->auth = $auth;
        $out = [];
        foreach ($records as $key => $d) {
            $row = [
                // Moodle usernames are lower case without surrounding spaces; Moodle refuses an email with them.
                moodle_username::stored(self::str($d['username'] ?? ''), $this->extendedusernames),
                trim(self::str($d['firstname'] ?? '')),
                trim(self::str($d['lastname'] ?? '')),
                trim(self::str($d['email'] ?? '')),
                $auth,
                trim(self::str($d['edeboid'] ?? '')),
                trim(self::str($d['iasid'] ?? '')),
                trim(self::str($d['djangoid'] ?? '')),
            ];
            $why = $this->upload_refusal($row);
            if ($why !== null) {
                $out[$key] = item_result::failed("not written: Moodle's Upload users would refuse it: $why");
                continue;
            }
            $this->usernames[$row[0]] = true;
            $this->emails[strtolower($row[3])] = true;
            $this->uploadrows[$key] = $row;
            $out[$key] = item_result::queued('for Upload users'
                . ($auth === 'manual' ? ' (Moodle creates and mails the password)' : ", auth $auth"));
        }
        return $out;
    }

    /**
     * Queues identifier updates for the update file.
     *
     * @param array<string, array{moodleid: int, fields: array<string, string>}> $updates
     * @return array<string, item_result>
     */
    public function set_identifiers(array $updates): array {
        $out = [];
        foreach ($updates as $key => $u) {
            $mid = $u['moodleid'];
            if (!isset($this->known[$mid])) {
                $out[$key] = item_result::failed("not written: Moodle user $mid is not in " . $this->input);
                continue;
            }
            $bad = [];
            foreach ($u['fields'] as $f => $v) {
                if (!csv_writer::neutral($v)) {
                    $bad[] = "$f '$v' begins with '" . ($v[0] === "\t" ? 'TAB' : ($v[0] === "\r" ? 'CR' : $v[0]))
                        . "', which a spreadsheet runs as a formula";
                }
            }
            if ($bad !== []) {
                $out[$key] = item_result::failed('not written: ' . implode('; ', $bad));
                continue;
            }
            $this->updates[$mid]['keys'][] = $key;
            $this->updates[$mid]['fields'] = ($this->updates[$mid]['fields'] ?? []) + $u['fields'];
            $out[$key] = item_result::queued();
        }
        return $out;
    }

    /**
     * Not offline.
     *
     * @param array<string, int> $ids
     * @param int $time
     * @return array<string, item_result>
     */
    public function suspend_users(array $ids, int $time): array {
        throw new \LogicException('the offline side cannot suspend');
    }

    /**
     * Not offline.
     *
     * @param array<string, int> $ids
     * @return array<string, item_result>
     */
    public function revive_users(array $ids): array {
        throw new \LogicException('the offline side cannot revive');
    }

    /**
     * Not offline.
     *
     * @param array<string, int> $ids
     * @return array<string, item_result>
     */
    public function delete_users(array $ids): array {
        throw new \LogicException('the offline side cannot delete');
    }

    /**
     * Writes the files: the users to create, and the identifier updates (every identifier column holds the value
     * the user should end with, so "Override with file" never blanks one). A file with no rows is not written.
     *
     * @return list<file_result>
     */
    public function finish(): array {
        $files = [];
        if ($this->uploadfile !== null && $this->uploadrows !== []) {
            $how = $this->auth === 'manual'
                ? 'Create them in Moodle: Site administration > Users > Upload users, with "New user password: Create '
                    . 'password if needed and send via email".'
                : "Create them in Moodle: Site administration > Users > Upload users (auth {$this->auth}: they sign in "
                    . 'through it and need no password).';
            $files[] = $this->write_file('upload', $this->uploadfile, self::UPLOAD_HEADER,
                array_values($this->uploadrows), array_keys($this->uploadrows), $how);
            $this->uploadrows = [];
        }
        if ($this->updatefile !== null && $this->updates !== []) {
            $rows = [];
            $keys = [];
            foreach ($this->updates as $mid => $u) {
                [$username, $edeboid, $iasid, $djangoid] = explode("\0", $this->known[$mid]) + ['', '', '', ''];
                $now = ['edeboid' => $edeboid, 'iasid' => $iasid, 'djangoid' => $djangoid];
                $final = array_replace($now, array_intersect_key($u['fields'], $now));
                $rows[] = [$username, $final['edeboid'], $final['iasid'], $final['djangoid']];
                array_push($keys, ...$u['keys']);
            }
            $files[] = $this->write_file('update', $this->updatefile, self::UPDATE_HEADER, $rows, $keys,
                'Moodle has not been changed: upload it in Site administration > Users > Upload users with "Upload type: '
                . 'Update existing users only" and "Existing user details: Override with file".');
            $this->updates = [];
        }
        return $files;
    }

    /**
     * One file, or why it could not be written.
     *
     * @param string $kind
     * @param string $path
     * @param list<string> $header
     * @param list<list<string>> $rows
     * @param list<string> $keys
     * @param string $howto
     * @return file_result
     */
    private function write_file(string $kind, string $path, array $header, array $rows, array $keys,
            string $howto): file_result {
        try {
            $n = csv_writer::write($path, $header, $rows, $this->bom);
            return new file_result($kind, $path, $keys, $n, null, $howto);
        } catch (\RuntimeException $e) {
            return new file_result($kind, $path, $keys, 0, $e->getMessage());
        }
    }

    /**
     * Why Moodle's Upload users would refuse a new user's row, or null. Its rules for a new account: a username
     * that is lower case letters, digits and _ - . @ only and not taken; a valid email not taken (Moodle's default
     * refuses a second account with the same email); a first and a last name. With extended username characters,
     * any username Moodle's lower-casing leaves. Cells whose value matters must not
     * begin like a formula (neutralising would change them).
     *
     * @param list<string> $row
     * @return string|null
     */
    private function upload_refusal(array $row): ?string {
        [$username, $firstname, $lastname, $email] = $row;
        if ($username === '') {
            return 'no username';
        }
        foreach ([0 => 'username', 3 => 'email', 5 => 'edeboid', 6 => 'iasid', 7 => 'djangoid'] as $i => $name) {
            if (!csv_writer::neutral($row[$i])) {
                return "its $name '{$row[$i]}' begins like a spreadsheet formula";
            }
        }
        if (!moodle_username::allowed($username, $this->extendedusernames)) {
            return "the username '$username' has characters Moodle does not allow (only a-z, 0-9, _ - . @)";
        }
        if (isset($this->usernames[$username])) {
            return "the username '$username' is taken in Moodle";
        }
        if ($email === '' || filter_var($email, FILTER_VALIDATE_EMAIL) === false) {
            return "'$email' is not a valid email address";
        }
        if (isset($this->emails[strtolower($email)])) {
            return "the email '$email' is taken in Moodle";
        }
        if ($firstname === '' || $lastname === '') {
            return 'no ' . ($firstname === '' ? 'first' : 'last') . ' name (Upload users requires both)';
        }
        return null;
    }

    /**
     * @param mixed $v
     * @return string
     */
    private static function str(mixed $v): string {
        return is_scalar($v) ? (string)$v : '';
    }
}
