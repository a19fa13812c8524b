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

use local_django_sync\local\sync\batch_refused;
use local_django_sync\local\sync\item_result;
use local_django_sync\local\sync\moodle_side;

/**
 * The Moodle side in-process: this site's users through Moodle's own APIs (the plugin's page, task and CLI).
 *
 * Writes are batched the way the engine hands them over (a batch of one action), so that the cost per user stays
 * small at 100,000 users:
 * - identifiers: the batch's current values are read in one query (with the users and their contexts); only the
 *   values that differ are written, new ones in one insert and changed ones in one update per batch; user_updated
 *   fires for each user whose identifiers changed;
 * - creating users: the emails and usernames of the batch are checked in one query each; each user is made by
 *   user_create_user (its context and checks) and its identifiers and password preferences are inserted for the
 *   batch at once, all in one transaction; user_created fires for each, once it is committed. A user already made
 *   by an earlier attempt of the same run (same email, same djangoid: the chunk in flight when a process died) is
 *   reported "exists" with its id, not made again;
 * - suspending and reviving go through user_update_user (its hook and event; a suspended user's sessions end) and
 *   write suspendedat as bin/mdsync does (the time the sync suspended the user; cleared on revival); deleting through
 *   delete_user. Site administrators and the guest are never suspended or deleted.
 * A write Moodle refuses unexpectedly rolls the batch back and refuses it whole (batch_refused): the engine splits it
 * until the user at fault stands alone. The profile fields are known exactly.
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
     * Everything: identifiers, creating, suspending, reviving, deleting.
     *
     * @param string $action
     * @return bool
     */
    public function supports(string $action): bool {
        return in_array($action, ['set_identifiers', 'create_in_moodle', 'suspend', 'revive', 'delete'], true);
    }

    /**
     * Exactly what exists.
     *
     * @param list<string> $fields
     * @return array<string, bool|null>
     */
    public function field_status(array $fields): array {
        $ids = $this->field_ids();
        $out = [];
        foreach ($fields as $f) {
            $out[$f] = isset($ids[$f]);
        }
        return $out;
    }

    /**
     * Ids of the plugin's profile fields (identifiers and suspendedat) that exist.
     *
     * @return array<string, int> short name => id
     */
    protected function field_ids(): array {
        global $DB;
        $names = array_merge(profile_fields::FIELDS, [profile_fields::SUSPENDED_AT]);
        [$insql, $params] = $DB->get_in_or_equal($names, SQL_PARAMS_NAMED);
        return array_map('intval', $DB->get_records_select_menu('user_info_field', "shortname $insql", $params, '',
            'shortname, id'));
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
     * Creates a batch of Django users in Moodle, in one transaction.
     *
     * @param array<string, array<string, mixed>> $records
     * @param string $auth
     * @return array<string, item_result>
     * @throws batch_refused when Moodle refuses a write it was not expected to refuse (nothing of the batch is kept)
     */
    public function create_users(array $records, string $auth): array {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/user/lib.php');
        $out = [];
        $new = [];
        $authok = array_key_exists($auth, moodle_users::auth_choices());
        $emails = [];
        $usernames = [];
        foreach ($records as $key => $record) {
            $email = trim((string)($record['email'] ?? ''));
            $username = \core_text::strtolower(trim((string)($record['username'] ?? '')));
            if ($username === '') {
                $username = \core_text::strtolower($email);
            }
            if ($email === '' || !validate_email($email)) {
                $out[$key] = item_result::failed(get_string('error_invalidemail', 'local_django_sync', $email));
            } else if ($username !== \core_user::clean_field($username, 'username')) {
                $out[$key] = item_result::failed(get_string('error_invalidusername', 'local_django_sync', $username));
            } else if (!$authok) {
                $out[$key] = item_result::failed(get_string('error_authnotenabled', 'local_django_sync', $auth));
            } else {
                $new[$key] = ['email' => $email, 'username' => $username, 'record' => $record];
                $emails[\core_text::strtolower($email)] = true;
                $usernames[$username] = true;
            }
        }
        // What Moodle holds already, in two queries for the batch.
        $byemail = [];
        $byusername = [];
        $fieldids = $this->field_ids();
        if ($new) {
            $djangoid = $fieldids['djangoid'] ?? 0;
            [$insql, $params] = $DB->get_in_or_equal(array_keys($emails), SQL_PARAMS_NAMED, 'em');
            // A batch is small: records, not a recordset (which costs a cursor's three statements on PostgreSQL).
            $rows = $DB->get_records_sql("SELECT u.id, u.username, u.email, d.data AS djangoid
                                            FROM {user} u
                                       LEFT JOIN {user_info_data} d ON d.userid = u.id AND d.fieldid = :fid
                                           WHERE LOWER(u.email) $insql AND u.deleted = 0", $params + ['fid' => $djangoid]);
            foreach ($rows as $u) {
                $byemail[\core_text::strtolower($u->email)] = $u;
            }
            [$insql, $params] = $DB->get_in_or_equal(array_keys($usernames), SQL_PARAMS_NAMED, 'un');
            $byusername = $DB->get_records_select_menu('user', "username $insql AND mnethostid = :host", $params
                + ['host' => $CFG->mnet_localhost_id], '', 'username, id');
        }
        $seenemail = [];
        $seenusername = [];
        foreach ($new as $key => $n) {
            $lower = \core_text::strtolower($n['email']);
            $had = $byemail[$lower] ?? null;
            $did = trim((string)($n['record']['djangoid'] ?? ''));
            if ($had !== null && $did !== '' && trim((string)$had->djangoid) === $did) {
                // Made by an earlier attempt of this run (a chunk redone after its process died).
                $out[$key] = new item_result('exists', get_string('createdalready', 'local_django_sync', (int)$had->id),
                    (int)$had->id);
                unset($new[$key]);
            } else if ($had !== null || isset($seenemail[$lower])) {
                $out[$key] = item_result::failed(get_string('error_emailexists', 'local_django_sync', $n['email']));
                unset($new[$key]);
            } else if (isset($byusername[$n['username']]) || isset($seenusername[$n['username']])) {
                $out[$key] = item_result::failed(get_string('error_usernameexists', 'local_django_sync', $n['username']));
                unset($new[$key]);
            } else {
                $seenemail[$lower] = true;
                $seenusername[$n['username']] = true;
            }
        }
        if (!$new) {
            return $this->in_order($records, $out);
        }

        $made = [];
        $transaction = $DB->start_delegated_transaction();
        try {
            $data = [];
            $preferences = [];
            foreach ($new as $key => $n) {
                $record = $n['record'];
                $user = (object)[
                    'auth' => $auth,
                    'confirmed' => 1,
                    'mnethostid' => $CFG->mnet_localhost_id,
                    'username' => $n['username'],
                    'email' => $n['email'],
                    'firstname' => trim((string)($record['firstname'] ?? '')),
                    'lastname' => trim((string)($record['lastname'] ?? '')),
                    'suspended' => empty($record['suspended']) ? 0 : 1,
                ];
                if ($auth !== 'manual') {
                    $user->password = AUTH_PASSWORD_NOT_CACHED;
                }
                $id = $this->insert_user($user);
                $made[$key] = $id;
                foreach (moodle_users::identifiers_of($record) as $shortname => $value) {
                    if (isset($fieldids[$shortname])) {
                        $data[] = ['userid' => $id, 'fieldid' => $fieldids[$shortname], 'data' => $value,
                            'dataformat' => 0];
                    }
                }
                if ($auth === 'manual') {
                    // No password: Moodle's cron generates one and mails it (as Upload users does), and asks for a
                    // change at first login. The user is new: no session holds preferences to refresh.
                    $preferences[] = ['userid' => $id, 'name' => 'create_password', 'value' => '1'];
                    $preferences[] = ['userid' => $id, 'name' => 'auth_forcepasswordchange', 'value' => '1'];
                }
            }
            if ($data) {
                $DB->insert_records('user_info_data', $data);
            }
            if ($preferences) {
                $DB->insert_records('user_preferences', $preferences);
            }
            $transaction->allow_commit();
        } catch (\Throwable $e) {
            try {
                $transaction->rollback($e);
            } catch (\Throwable $rolledback) {
                // The rollback rethrows what it rolled back.
                unset($rolledback);
            }
            \context_helper::reset_caches();
            if (count($new) === 1) {
                $out[(string)array_key_first($new)] = item_result::failed(self::message($e));
                return $this->in_order($records, $out);
            }
            throw new batch_refused(self::message($e));
        }
        foreach ($made as $key => $id) {
            // After the commit, so observers see the user with its identifiers.
            \core\event\user_created::create_from_userid($id)->trigger();
            $out[$key] = item_result::done('', $id);
        }
        return $this->in_order($records, $out);
    }

    /**
     * Makes one user (user_create_user: its checks and its context; the event fires after the batch commits).
     *
     * @param \stdClass $user
     * @return int the new id
     */
    protected function insert_user(\stdClass $user): int {
        return (int)user_create_user($user, false, false);
    }

    /**
     * Results in the order of the input.
     *
     * @param array $input
     * @param array<string, item_result> $out
     * @return array<string, item_result>
     */
    protected function in_order(array $input, array $out): array {
        $ordered = [];
        foreach (array_keys($input) as $key) {
            $ordered[$key] = $out[$key] ?? item_result::failed('no result');
        }
        return $ordered;
    }

    /**
     * Sets identifier fields: the batch's current values read at once, only what differs written.
     *
     * @param array<string, array{moodleid: int, fields: array<string, string>}> $updates
     * @return array<string, item_result>
     * @throws batch_refused when Moodle refuses a write (nothing of the batch is kept)
     */
    public function set_identifiers(array $updates): array {
        global $DB;
        $fieldids = $this->field_ids();
        $ids = array_values(array_unique(array_map(static fn(array $u): int => (int)$u['moodleid'], $updates)));
        $current = $this->current_values($ids, array_values(array_intersect_key($fieldids,
            array_flip(profile_fields::FIELDS))));
        $out = [];
        $inserts = [];
        $changes = [];
        $changed = [];
        foreach ($updates as $key => $u) {
            $uid = (int)$u['moodleid'];
            if (!isset($current['users'][$uid])) {
                $out[$key] = item_result::failed(get_string('invaliduser', 'error'));
                continue;
            }
            foreach (moodle_users::identifiers_of($u['fields']) as $shortname => $value) {
                if (!isset($fieldids[$shortname]) || !in_array($shortname, profile_fields::FIELDS, true)) {
                    continue;
                }
                $row = $current['data'][$uid][$fieldids[$shortname]] ?? null;
                if ($row === null) {
                    $inserts[] = ['userid' => $uid, 'fieldid' => $fieldids[$shortname], 'data' => $value, 'dataformat' => 0];
                    $changed[$uid] = true;
                } else if ((string)$row->data !== $value) {
                    $changes[(int)$row->id] = $value;
                    $changed[$uid] = true;
                }
            }
            $out[$key] = item_result::done();
        }
        $this->write_data($inserts, $changes);
        foreach (array_keys($changed) as $uid) {
            \core\event\user_updated::create(['objectid' => $uid, 'relateduserid' => $uid,
                'context' => \context_user::instance($uid)])->trigger();
        }
        return $out;
    }

    /**
     * The users of a batch that exist (with their contexts preloaded) and their values of some profile fields.
     *
     * @param int[] $userids
     * @param int[] $fieldids
     * @return array{users: array<int, true>, data: array<int, array<int, \stdClass>>}
     */
    protected function current_values(array $userids, array $fieldids): array {
        global $DB;
        $out = ['users' => [], 'data' => []];
        if (!$userids) {
            return $out;
        }
        [$usql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED, 'u');
        $fieldsql = '';
        if ($fieldids) {
            [$fsql, $fparams] = $DB->get_in_or_equal($fieldids, SQL_PARAMS_NAMED, 'f');
            $fieldsql = "AND d.fieldid $fsql";
            $params += $fparams;
        }
        $ctx = \context_helper::get_preload_record_columns_sql('ctx');
        // One row per user and field value; a batch is small: records, not a recordset (a cursor's three statements).
        $rows = $DB->get_records_sql("SELECT " . $DB->sql_concat('u.id', "'-'", 'COALESCE(d.id, 0)') . " AS rowkey,
                                             u.id AS uid, d.id AS dataid, d.fieldid, d.data, $ctx
                                        FROM {user} u
                                   LEFT JOIN {context} ctx ON ctx.instanceid = u.id AND ctx.contextlevel = :level
                                   LEFT JOIN {user_info_data} d ON d.userid = u.id $fieldsql
                                       WHERE u.id $usql AND u.deleted = 0", $params + ['level' => CONTEXT_USER]);
        foreach ($rows as $row) {
            $uid = (int)$row->uid;
            if (!isset($out['users'][$uid])) {
                if ($row->ctxid !== null) {
                    \context_helper::preload_from_record(clone $row);
                }
                $out['users'][$uid] = true;
            }
            if ($row->dataid !== null) {
                $out['data'][$uid][(int)$row->fieldid] = (object)['id' => (int)$row->dataid, 'data' => $row->data];
            }
        }
        return $out;
    }

    /**
     * Writes profile field values: new rows in one insert, changed rows in one update, in one transaction.
     *
     * @param array[] $inserts rows of user_info_data
     * @param array<int, string> $changes user_info_data id => new data
     * @throws batch_refused when Moodle refuses the write
     */
    protected function write_data(array $inserts, array $changes): void {
        global $DB;
        if (!$inserts && !$changes) {
            return;
        }
        $transaction = $DB->start_delegated_transaction();
        try {
            if ($inserts) {
                $DB->insert_records('user_info_data', $inserts);
            }
            if ($changes) {
                $case = '';
                $params = [];
                $n = 0;
                foreach ($changes as $id => $value) {
                    $n++;
                    $case .= " WHEN :id$n THEN :v$n";
                    $params["id$n"] = $id;
                    $params["v$n"] = $value;
                }
                [$insql, $inparams] = $DB->get_in_or_equal(array_keys($changes), SQL_PARAMS_NAMED, 'row');
                $DB->execute("UPDATE {user_info_data} SET data = CASE id $case END WHERE id $insql", $params + $inparams);
            }
            $transaction->allow_commit();
        } catch (\Throwable $e) {
            try {
                $transaction->rollback($e);
            } catch (\Throwable $rolledback) {
                unset($rolledback);
            }
            throw new batch_refused(self::message($e));
        }
    }

    /**
     * Suspends users (user_update_user: its hook, its event; their sessions end) and records the time in
     * suspendedat, as bin/mdsync does.
     *
     * @param array<string, int> $ids
     * @param int $time
     * @return array<string, item_result>
     */
    public function suspend_users(array $ids, int $time): array {
        return $this->set_suspended($ids, true, (string)$time);
    }

    /**
     * Revives users, clearing suspendedat.
     *
     * @param array<string, int> $ids
     * @return array<string, item_result>
     */
    public function revive_users(array $ids): array {
        return $this->set_suspended($ids, false, '');
    }

    /**
     * Suspends or revives users, each through user_update_user, and writes suspendedat for the batch.
     *
     * @param array<string, int> $ids
     * @param bool $suspend
     * @param string $suspendedat the value written to suspendedat
     * @return array<string, item_result>
     */
    protected function set_suspended(array $ids, bool $suspend, string $suspendedat): array {
        global $CFG;
        require_once($CFG->dirroot . '/user/lib.php');
        $users = $this->existing(array_values($ids));
        $fieldid = $this->field_ids()[profile_fields::SUSPENDED_AT] ?? null;
        $current = $fieldid ? $this->current_values(array_keys($users), [$fieldid])['data'] : [];
        $out = [];
        $inserts = [];
        $changes = [];
        foreach ($ids as $key => $id) {
            $user = $users[$id] ?? null;
            if ($user === null) {
                $out[$key] = item_result::failed(get_string('invaliduser', 'error'));
                continue;
            }
            if ($suspend && ($this->protected_user($user))) {
                $out[$key] = item_result::failed(get_string('error_protecteduser', 'local_django_sync'));
                continue;
            }
            try {
                if ((bool)$user->suspended !== $suspend) {
                    user_update_user((object)['id' => $id, 'suspended' => $suspend ? '1' : '0'], false, true);
                }
                if ($suspend) {
                    // Their sessions end, as when an administrator suspends them (destroy_user_sessions from 4.5 on).
                    if ((int)($CFG->branch ?? 0) >= 405) {
                        \core\session\manager::destroy_user_sessions($id);
                    } else {
                        \core\session\manager::kill_user_sessions($id);
                    }
                }
            } catch (\Throwable $e) {
                $out[$key] = item_result::failed(self::message($e));
                continue;
            }
            if ($fieldid) {
                $row = $current[$id][$fieldid] ?? null;
                if ($row === null && $suspendedat !== '') {
                    $inserts[] = ['userid' => $id, 'fieldid' => $fieldid, 'data' => $suspendedat, 'dataformat' => 0];
                } else if ($row !== null && (string)$row->data !== $suspendedat) {
                    $changes[$row->id] = $suspendedat;
                }
            }
            $out[$key] = item_result::done();
        }
        try {
            $this->write_data($inserts, $changes);
        } catch (batch_refused $e) {
            // The users are suspended (or revived); only the time could not be recorded.
            foreach ($out as $key => $r) {
                if ($r->status === 'done') {
                    $out[$key] = item_result::done(get_string('suspendedat_notwritten', 'local_django_sync',
                        $e->getMessage()));
                }
            }
        }
        return $out;
    }

    /**
     * Deletes users (delete_user: everything Moodle deletes with an account, and its event).
     *
     * @param array<string, int> $ids
     * @return array<string, item_result>
     */
    public function delete_users(array $ids): array {
        $users = $this->existing(array_values($ids));
        $out = [];
        foreach ($ids as $key => $id) {
            $user = $users[$id] ?? null;
            if ($user === null) {
                $out[$key] = new item_result('exists', get_string('deletedalready', 'local_django_sync'));
                continue;
            }
            if ($this->protected_user($user)) {
                $out[$key] = item_result::failed(get_string('error_protecteduser', 'local_django_sync'));
                continue;
            }
            try {
                $out[$key] = delete_user($user) ? item_result::done()
                    : item_result::failed(get_string('error_notdeleted', 'local_django_sync'));
            } catch (\Throwable $e) {
                $out[$key] = item_result::failed(self::message($e));
            }
        }
        return $out;
    }

    /**
     * Users that exist (not deleted), by id.
     *
     * @param int[] $ids
     * @return \stdClass[]
     */
    protected function existing(array $ids): array {
        global $DB;
        if (!$ids) {
            return [];
        }
        [$insql, $params] = $DB->get_in_or_equal($ids, SQL_PARAMS_NAMED);
        return $DB->get_records_select('user', "id $insql AND deleted = 0", $params, '',
            'id, username, auth, suspended, deleted, mnethostid');
    }

    /**
     * A site administrator or the guest: never suspended or deleted by the sync, whatever a plan says.
     *
     * @param \stdClass $user
     * @return bool
     */
    protected function protected_user(\stdClass $user): bool {
        global $CFG;
        return is_siteadmin((int)$user->id) || (int)$user->id === (int)($CFG->siteguest ?? 0);
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
