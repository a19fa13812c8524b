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

use local_django_sync\local\sync\item_result;
use local_django_sync\local\sync\moodle_side;

/**
 * The Moodle side in-process: this site's users through Moodle's own APIs (the plugin's page, task and CLI).
 *
 * Each user is written in its own transaction (user_create_user and profile_save_data, with their events), so one
 * bad record never takes others with it and batches are never refused whole. The identifier profile fields are
 * known exactly (profile_fields::ids()). Suspending, reviving and deleting are not offered inside Moodle yet.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class site_side implements moodle_side {
    /** @var moodle_users */
    protected $users;

    /** @var array|null the scope options whose facts users() reads; null: the plugin's settings */
    protected $scope;

    /**
     * Constructor.
     *
     * @param moodle_users|null $users
     * @param array|null $scope the scope options ({@see scope_settings::options()}); null: the plugin's settings
     */
    public function __construct(?moodle_users $users = null, ?array $scope = null) {
        $this->users = $users ?? new moodle_users();
        $this->scope = $scope;
    }

    /**
     * This site.
     *
     * @return string
     */
    public function describe(): string {
        global $CFG;
        return (string)$CFG->wwwroot;
    }

    /**
     * Every real local user, streamed from one query, with the facts the scope rules in force read.
     *
     * @return \Generator<int, array<string, mixed>>
     */
    public function users(): iterable {
        return $this->users->stream($this->scope ?? scope_settings::options(get_config('local_django_sync')));
    }

    /**
     * Identifiers and creating users.
     *
     * @param string $action
     * @return bool
     */
    public function supports(string $action): bool {
        return in_array($action, ['set_identifiers', 'create_in_moodle'], true);
    }

    /**
     * Exactly what exists.
     *
     * @param list<string> $fields
     * @return array<string, bool|null>
     */
    public function field_status(array $fields): array {
        $ids = profile_fields::ids();
        $out = [];
        foreach ($fields as $f) {
            $out[$f] = isset($ids[$f]) || $this->field_exists($f);
        }
        return $out;
    }

    /**
     * Whether a custom profile field exists.
     *
     * @param string $shortname
     * @return bool
     */
    protected function field_exists(string $shortname): bool {
        global $DB;
        return $DB->record_exists('user_info_field', ['shortname' => $shortname]);
    }

    /**
     * Reads a user's fields back.
     *
     * @param int $moodleid
     * @param array<string, string> $values
     * @return list<string>
     */
    public function fields_missing_after_write(int $moodleid, array $values): array {
        global $DB;
        $have = $DB->get_records_sql_menu('SELECT f.shortname, d.data
                                             FROM {user_info_data} d
                                             JOIN {user_info_field} f ON f.id = d.fieldid
                                            WHERE d.userid = ?', [$moodleid]);
        $missing = [];
        foreach ($values as $f => $v) {
            if ((string)($have[$f] ?? '') !== $v) {
                $missing[] = $f;
            }
        }
        return $missing;
    }

    /**
     * Creates each user in its own transaction; a refusal fails that user with Moodle's reason.
     *
     * @param array<string, array<string, mixed>> $records
     * @param string $auth
     * @return array<string, item_result>
     */
    public function create_users(array $records, string $auth): array {
        $out = [];
        foreach ($records as $key => $record) {
            try {
                $out[$key] = item_result::done('', $this->users->create($record, $auth));
            } catch (\Throwable $e) {
                $out[$key] = item_result::failed(self::message($e));
            }
        }
        return $out;
    }

    /**
     * Sets identifier fields, each user on its own.
     *
     * @param array<string, array{moodleid: int, fields: array<string, string>}> $updates
     * @return array<string, item_result>
     */
    public function set_identifiers(array $updates): array {
        $out = [];
        foreach ($updates as $key => $u) {
            try {
                $this->users->set_identifiers($u['moodleid'], $u['fields']);
                $out[$key] = item_result::done();
            } catch (\Throwable $e) {
                $out[$key] = item_result::failed(self::message($e));
            }
        }
        return $out;
    }

    /**
     * Not offered inside Moodle yet.
     *
     * @param array<string, int> $ids
     * @param int $time
     * @return array<string, item_result>
     */
    public function suspend_users(array $ids, int $time): array {
        throw new \LogicException('local_django_sync does not suspend users');
    }

    /**
     * Not offered inside Moodle yet.
     *
     * @param array<string, int> $ids
     * @return array<string, item_result>
     */
    public function revive_users(array $ids): array {
        throw new \LogicException('local_django_sync does not revive users');
    }

    /**
     * Not offered inside Moodle yet.
     *
     * @param array<string, int> $ids
     * @return array<string, item_result>
     */
    public function delete_users(array $ids): array {
        throw new \LogicException('local_django_sync does not delete users');
    }

    /**
     * Nothing is held back.
     *
     * @return array{}
     */
    public function finish(): array {
        return [];
    }

    /**
     * Moodle's reason for a refusal, with its debug detail.
     *
     * @param \Throwable $e
     * @return string
     */
    public static function message(\Throwable $e): string {
        $message = $e->getMessage();
        if ($e instanceof \moodle_exception && !empty($e->debuginfo)) {
            $message .= ' (' . $e->debuginfo . ')';
        }
        return gateway::redact_url($message);
    }
}
