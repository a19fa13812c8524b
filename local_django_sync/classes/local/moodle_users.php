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

/**
 * The Moodle side of the sync: reads users with their identifiers (site_side writes them).
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
     *     suspended, suspended_at, siteadmin, and roles and cohorts when a rule reads them
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
        $suspendedat = $DB->get_field('user_info_field', 'id', ['shortname' => profile_fields::SUSPENDED_AT]);
        if ($suspendedat) {
            $fieldids[profile_fields::SUSPENDED_AT] = (int)$suspendedat;
        }
        foreach (array_merge(profile_fields::FIELDS, [profile_fields::SUSPENDED_AT]) as $shortname) {
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
            // When the sync suspended the user (suspendedat), as bin/mdsync reads it: revivals and deletions need it.
            'suspended_at' => ctype_digit(trim((string)($row->suspendedat ?? ''))) ? (int)trim($row->suspendedat) : null,
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
}
