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

use moodle_exception;

/**
 * The Moodle side of the sync: reads users with their identifiers, creates users, fills identifiers.
 *
 * Everything goes through Moodle's own APIs (user_create_user, profile_save_data, events) so that
 * caches stay right and other plugins hear about the changes.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class moodle_users {
    /**
     * Every real local user (not deleted, not the guest) as canonical records, streamed from ONE query, with the
     * facts the scope rules in force read: siteadmin always; roles held at system or category level and cohort
     * idnumbers only when a rule asks about them, and then only those it names (one query each for the whole site,
     * read before the users: {@see user_facts}).
     *
     * @param array $scope the extension's scope options ({@see scope_settings::options()})
     * @return \Generator of arrays: source, id, username, email, firstname, lastname, edeboid, iasid, djangoid, auth,
     *     suspended, siteadmin, and roles and cohorts when a rule reads them
     */
    public function stream(array $scope = []): \Generator {
        global $DB, $CFG;
        $admins = user_facts::siteadmins();
        $rolenames = scope_settings::roles_asked($scope);
        $roles = $rolenames === null ? null : user_facts::roles(0, null, $rolenames);
        $cohortnames = scope_settings::cohorts_asked($scope);
        $cohorts = $cohortnames === null ? null : user_facts::cohorts(0, null, $cohortnames);
        $fieldids = profile_fields::ids();
        $select = 'u.id, u.username, u.email, u.firstname, u.lastname, u.auth, u.suspended';
        $joins = '';
        $params = ['guestid' => $CFG->siteguest ?? 0, 'mnethostid' => $CFG->mnet_localhost_id];
        foreach (profile_fields::FIELDS as $shortname) {
            if (isset($fieldids[$shortname])) {
                $select .= ", pf_$shortname.data AS $shortname";
                $joins .= " LEFT JOIN {user_info_data} pf_$shortname
                                   ON pf_$shortname.userid = u.id AND pf_$shortname.fieldid = :f_$shortname";
                $params['f_' . $shortname] = $fieldids[$shortname];
            } else {
                $select .= ", NULL AS $shortname";
            }
        }
        $sql = "SELECT $select
                  FROM {user} u
                       $joins
                 WHERE u.deleted = 0 AND u.id <> :guestid AND u.mnethostid = :mnethostid
              ORDER BY u.id";
        $rs = $DB->get_recordset_sql($sql, $params);
        try {
            foreach ($rs as $row) {
                $record = self::record($row);
                $record['siteadmin'] = isset($admins[$record['id']]);
                if ($roles !== null) {
                    $record['roles'] = $roles[$record['id']] ?? [];
                }
                if ($cohorts !== null) {
                    $record['cohorts'] = $cohorts[$record['id']] ?? [];
                }
                yield $record;
            }
        } finally {
            $rs->close();
        }
    }

    /**
     * One database row as a canonical record.
     *
     * @param \stdClass $row
     * @return array
     */
    protected static function record(\stdClass $row): array {
        return [
            'source' => 'moodle',
            'id' => (int)$row->id,
            'username' => (string)$row->username,
            'email' => (string)$row->email,
            'firstname' => (string)$row->firstname,
            'lastname' => (string)$row->lastname,
            'edeboid' => (string)($row->edeboid ?? ''),
            'iasid' => (string)($row->iasid ?? ''),
            'djangoid' => (string)($row->djangoid ?? ''),
            'auth' => (string)$row->auth,
            'suspended' => (bool)$row->suspended,
        ];
    }

    /**
     * The auth methods users created from Django may get: manual, and the enabled external ones (ldap, saml2, ...).
     *
     * @return string[] auth name => display name
     */
    public static function auth_choices(): array {
        $choices = ['manual' => get_string('pluginname', 'auth_manual')];
        foreach (get_enabled_auth_plugins() as $name) {
            if ($name === 'manual' || $name === 'nologin' || $name === 'webservice') {
                continue;
            }
            $auth = get_auth_plugin($name);
            if (!$auth->is_internal()) {
                $choices[$name] = $auth->get_title();
            }
        }
        return $choices;
    }

    /**
     * Creates a Moodle user from a Django record.
     *
     * Manual accounts get no password: Moodle's cron generates one and mails it (the create_password
     * preference, as Upload users does), and asks for a change at first login. Accounts of an external
     * auth method (ldap, saml2, oauth2, ...) get none at all.
     *
     * @param array $record canonical Django user record
     * @param string $auth auth method for the new account
     * @return int the new user id
     * @throws moodle_exception with a reason when the record cannot become a Moodle user
     */
    public function create(array $record, string $auth): int {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/user/lib.php');
        require_once($CFG->dirroot . '/user/profile/lib.php');

        $email = trim((string)($record['email'] ?? ''));
        if ($email === '' || !validate_email($email)) {
            throw new moodle_exception('error_invalidemail', 'local_django_sync', '', s($email));
        }
        if ($DB->record_exists_select('user', 'LOWER(email) = LOWER(:email) AND deleted = 0', ['email' => $email])) {
            throw new moodle_exception('error_emailexists', 'local_django_sync', '', s($email));
        }
        $username = \core_text::strtolower(trim((string)($record['username'] ?? '')));
        if ($username === '') {
            $username = \core_text::strtolower($email);
        }
        if ($username !== \core_user::clean_field($username, 'username')) {
            throw new moodle_exception('error_invalidusername', 'local_django_sync', '', s($username));
        }
        if ($DB->record_exists('user', ['username' => $username, 'mnethostid' => $CFG->mnet_localhost_id])) {
            throw new moodle_exception('error_usernameexists', 'local_django_sync', '', s($username));
        }
        if (!array_key_exists($auth, self::auth_choices())) {
            throw new moodle_exception('error_authnotenabled', 'local_django_sync', '', s($auth));
        }

        $user = (object)[
            'auth' => $auth,
            'confirmed' => 1,
            'mnethostid' => $CFG->mnet_localhost_id,
            'username' => $username,
            'email' => $email,
            'firstname' => trim((string)($record['firstname'] ?? '')),
            'lastname' => trim((string)($record['lastname'] ?? '')),
            'suspended' => empty($record['suspended']) ? 0 : 1,
        ];
        if ($auth !== 'manual') {
            $user->password = AUTH_PASSWORD_NOT_CACHED;
        }

        $transaction = $DB->start_delegated_transaction();
        try {
            // No event yet: it fires below, once the identifiers are saved, so observers see them.
            $user->id = user_create_user($user, false, false);
            $this->save_identifiers($user->id, self::identifiers_of($record));
            if ($auth === 'manual') {
                set_user_preference('create_password', 1, $user->id);
                set_user_preference('auth_forcepasswordchange', 1, $user->id);
            }
            $transaction->allow_commit();
        } catch (\Throwable $e) {
            $transaction->rollback($e);
        }
        \core\event\user_created::create_from_userid($user->id)->trigger();
        return (int)$user->id;
    }

    /**
     * The identifier fields of a record that have a value.
     *
     * @param array $record
     * @return array shortname => value
     */
    public static function identifiers_of(array $record): array {
        $ids = [];
        foreach (profile_fields::FIELDS as $shortname) {
            if (isset($record[$shortname]) && trim((string)$record[$shortname]) !== '') {
                $ids[$shortname] = trim((string)$record[$shortname]);
            }
        }
        return $ids;
    }

    /**
     * Sets identifier fields of a user, leaving unchanged ones untouched.
     *
     * @param int $userid
     * @param array $values shortname => value (only the three identifier fields are used)
     * @return bool whether anything changed
     */
    public function set_identifiers(int $userid, array $values): bool {
        global $DB;
        $fieldids = profile_fields::ids();
        $current = $DB->get_records_menu('user_info_data', ['userid' => $userid], '', 'fieldid, data');
        $changes = [];
        foreach (self::identifiers_of($values) as $shortname => $value) {
            if (isset($fieldids[$shortname]) && ($current[$fieldids[$shortname]] ?? '') !== $value) {
                $changes[$shortname] = $value;
            }
        }
        if (!$changes) {
            return false;
        }
        if (!$DB->record_exists('user', ['id' => $userid, 'deleted' => 0])) {
            throw new moodle_exception('invaliduser');
        }
        $this->save_identifiers($userid, $changes);
        \core\event\user_updated::create_from_userid($userid)->trigger();
        return true;
    }

    /**
     * Saves identifier fields through the profile API.
     *
     * @param int $userid
     * @param array $values shortname => value
     */
    protected function save_identifiers(int $userid, array $values): void {
        global $CFG;
        require_once($CFG->dirroot . '/user/profile/lib.php');
        if (!$values) {
            return;
        }
        $data = (object)['id' => $userid];
        foreach ($values as $shortname => $value) {
            $data->{'profile_field_' . $shortname} = $value;
        }
        profile_save_data($data);
    }
}
