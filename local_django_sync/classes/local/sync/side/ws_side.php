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

use local_django_sync\local\sync\batch_refused;
use local_django_sync\local\sync\item_result;
use local_django_sync\local\sync\moodle_side;
use local_django_sync\local\sync\moodle_username;
use local_django_sync\local\sync\run_stopped;

/**
 * A Moodle site through its REST web services (mdsync_moodle_call()): bin/mdsync --moodle-url.
 *
 * Users are listed a page at a time with local_django_sync_get_users when the site's service has it (the plugin's
 * function: every user with the facts scope rules read, auth, siteadmin, roles at system and category level, cohorts),
 * else with core_user_get_users (criterion email = '%', the whole site in one answer, and no siteadmin, roles or
 * cohorts: the plan then names the rules it could not apply). Users are written with core_user_create_users,
 * core_user_update_users and core_user_delete_users. Moodle runs each call in one
 * transaction: one bad user rolls the whole call back, with only "Invalid parameter value detected" to say why, so
 * a refused call is a batch_refused and the engine splits it. A failure that is not Moodle's answer (no connection,
 * an HTTP error, a body that is not JSON) stops the run. Writes that create or delete are sent once: a lost answer
 * may have been a success.
 *
 * No web service lists custom profile fields: a field is known to exist when some user carries a value for it;
 * otherwise the engine has the first write that carries it read back ({@see fields_missing_after_write()}).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class ws_side implements moodle_side {
    /** Functions apply needs; core_user_delete_users only for delete_after_days. */
    public const NEEDED_FUNCTIONS = ['core_user_get_users', 'core_user_create_users', 'core_user_update_users'];

    /** The function that deletes users. */
    public const DELETE_FUNCTION = 'core_user_delete_users';

    /** The plugin's paged users function, used when the site's service has it. */
    public const PAGED_FUNCTION = 'local_django_sync_get_users';

    /** Users asked for per page of PAGED_FUNCTION (the plugin gives at most 5000). */
    public const PAGE_SIZE = 1000;

    /** The facts of a user PAGED_FUNCTION gives and core_user_get_users does not. */
    public const PAGED_FACTS = ['siteadmin', 'roles', 'cohorts'];

    /** @var array<string, mixed> options for mdsync_moodle_call() */
    private array $options;

    /** @var bool whether users() has run */
    private bool $listed = false;

    /** @var bool the site allows extended username characters (usernames lower-cased as Moodle does) */
    private bool $extendedusernames;

    /** @var ws_users reads the users */
    private ws_users $reader;

    /**
     * Constructor.
     *
     * @param array<string, mixed> $options for mdsync_moodle_call(): moodle_url, moodle_token, timeouts, TLS, proxy
     * @param bool $extendedusernames the site allows extended username characters ($CFG->extendedusernamechars)
     * @param int $pagesize users per page of local_django_sync_get_users
     */
    public function __construct(#[\SensitiveParameter] array $options, bool $extendedusernames = false,
            int $pagesize = self::PAGE_SIZE) {
        $this->options = $options;
        $this->extendedusernames = $extendedusernames;
        $this->reader = new ws_users($this, $pagesize);
    }

    /**
     * The site's address.
     *
     * @return string
     */
    public function describe(): string {
        $url = is_string($this->options['moodle_url'] ?? null) ? $this->options['moodle_url'] : '';
        return (string)preg_replace('~^([a-z][a-z0-9+.-]*://)[^/@]*@~i', '$1', $url);
    }

    /**
     * Users left out of the listing (guest, deleted), by why.
     *
     * @return array<string, int>
     */
    public function skipped(): array {
        return $this->reader->skipped();
    }

    /**
     * One web service call.
     *
     * @param string $function
     * @param array<string, mixed> $params
     * @param bool $retry false for writes that must not be sent twice
     * @return mixed
     * @throws \Mdsync\Exception|\ValueError|\TypeError the extension refuses bad options with PHP's own errors
     */
    public function call(string $function, array $params = [], bool $retry = true): mixed {
        $options = $this->options;
        if (!$retry) {
            $options['max_retries'] = 0;
        }
        return \mdsync_moodle_call($function, $params, $options);
    }

    /**
     * core_webservice_get_site_info's answer.
     *
     * @return array<mixed>
     * @throws \Mdsync\Exception|\ValueError|\TypeError
     */
    public function site_info(): array {
        $info = $this->call('core_webservice_get_site_info');
        if (!is_array($info)) {
            throw new \Mdsync\ProtocolException('Moodle core_webservice_get_site_info answered with something other than an object');
        }
        return $info;
    }

    /**
     * The functions of the token's service (core_webservice_get_site_info), asked once.
     *
     * @return array<string, true>
     * @throws \Mdsync\Exception
     */
    public function functions(): array {
        return $this->reader->functions();
    }

    /**
     * The function that listed the users: local_django_sync_get_users or core_user_get_users ('' before users()).
     *
     * @return string
     */
    public function listing(): string {
        return $this->reader->listing();
    }

    /**
     * Pages of users read (1 for core_user_get_users).
     *
     * @return int
     */
    public function pages(): int {
        return $this->reader->pages();
    }

    /**
     * What a person should know about how the users were read (the fallback to core_user_get_users and what it
     * lacks).
     *
     * @return list<string>
     */
    public function notes(): array {
        return $this->reader->notes();
    }

    /**
     * Every Moodle user but the guest and deleted users ({@see ws_users}: a page at a time when the site offers
     * local_django_sync_get_users). Users with auth nologin stay: their accounts exist, and leaving them out would
     * make the plan offer to create them again (the scope rules keep them out of Django).
     *
     * @return \Generator<int, array<string, mixed>>
     * @throws \Mdsync\Exception
     */
    public function users(): iterable {
        yield from $this->reader->users();
        $this->listed = true;
    }

    /**
     * Every action.
     *
     * @param string $action
     * @return bool
     */
    public function supports(string $action): bool {
        return true;
    }

    /**
     * A field some user carries is there; of the others nothing can be known without a write.
     *
     * @param list<string> $fields
     * @return array<string, bool|null>
     */
    public function field_status(array $fields): array {
        if (!$this->listed) {
            foreach ($this->users() as $ignored) {
                continue;
            }
        }
        $out = [];
        foreach ($fields as $f) {
            $out[$f] = isset($this->reader->seen()[$f]) ? true : null;
        }
        return $out;
    }

    /**
     * Users carrying each field, for status.
     *
     * @return array<string, int>
     */
    public function fields_seen(): array {
        return $this->reader->seen();
    }

    /**
     * Reads a user back after a write.
     *
     * @param int $moodleid
     * @param array<string, string> $values
     * @return list<string>
     */
    public function fields_missing_after_write(int $moodleid, array $values): array {
        try {
            $answer = $this->call('core_user_get_users', ['criteria' => [['key' => 'id', 'value' => (string)$moodleid]]]);
        } catch (\Mdsync\Exception $e) {
            throw new run_stopped($e->getMessage(), 0, $e);
        }
        $u = is_array($answer) && is_array($answer['users'] ?? null) ? ($answer['users'][0] ?? null) : null;
        $have = is_array($u) ? ws_users::custom_fields($u) : [];
        $missing = [];
        foreach ($values as $f => $v) {
            if (($have[$f] ?? '') !== $v) {
                $missing[] = $f;
            } else {
                $this->reader->saw($f);
            }
        }
        return $missing;
    }

    /**
     * core_user_create_users: usernames lower-cased as Moodle stores them and emails trimmed, as Moodle requires; manual accounts get
     * createpassword (Moodle makes and mails one), others none. Never a password.
     *
     * @param array<string, array<string, mixed>> $records
     * @param string $auth
     * @return array<string, item_result>
     */
    public function create_users(array $records, string $auth): array {
        $users = [];
        foreach ($records as $key => $d) {
            $u = [
                'username' => moodle_username::stored(self::str($d['username'] ?? ''), $this->extendedusernames),
                'firstname' => self::str($d['firstname'] ?? ''),
                'lastname' => self::str($d['lastname'] ?? ''),
                'email' => trim(self::str($d['email'] ?? '')),
                'auth' => $auth,
            ];
            if ($auth === 'manual') {
                $u['createpassword'] = 1;
            }
            $fields = [];
            foreach (self::ID_FIELDS as $f) {
                $v = trim(self::str($d[$f] ?? ''));
                if ($v !== '') {
                    $fields[$f] = $v;
                }
            }
            $u['customfields'] = self::custom_fields_param($fields);
            $users[$key] = $u;
        }
        $answer = $this->send('core_user_create_users', ['users' => array_values($users)], false);
        if (!is_array($answer) || count($answer) !== count($users)) {
            throw new run_stopped('Moodle core_user_create_users answered with ' . (is_array($answer) ? count($answer) : 'no')
                . ' users for ' . count($users) . ' sent');
        }
        $out = [];
        $i = 0;
        $answer = array_values($answer);
        foreach (array_keys($users) as $key) {
            $a = $answer[$i++];
            $id = is_array($a) && is_numeric($a['id'] ?? null) ? (int)$a['id'] : 0;
            $out[$key] = $id > 0 ? item_result::done('', $id) : item_result::failed('Moodle answered without the new id');
        }
        return $out;
    }

    /**
     * core_user_update_users with the identifier fields.
     *
     * @param array<string, array{moodleid: int, fields: array<string, string>}> $updates
     * @return array<string, item_result>
     */
    public function set_identifiers(array $updates): array {
        $users = [];
        foreach ($updates as $key => $u) {
            $users[$key] = ['id' => $u['moodleid'], 'customfields' => self::custom_fields_param($u['fields'])];
        }
        return $this->update($users);
    }

    /**
     * Suspends, recording the time in suspendedat.
     *
     * @param array<string, int> $ids
     * @param int $time
     * @return array<string, item_result>
     */
    public function suspend_users(array $ids, int $time): array {
        $users = [];
        foreach ($ids as $key => $id) {
            $users[$key] = ['id' => $id, 'suspended' => 1,
                'customfields' => self::custom_fields_param([self::SUSPENDED_AT_FIELD => (string)$time])];
        }
        return $this->update($users);
    }

    /**
     * Revives, clearing suspendedat.
     *
     * @param array<string, int> $ids
     * @return array<string, item_result>
     */
    public function revive_users(array $ids): array {
        $users = [];
        foreach ($ids as $key => $id) {
            $users[$key] = ['id' => $id, 'suspended' => 0,
                'customfields' => self::custom_fields_param([self::SUSPENDED_AT_FIELD => ''])];
        }
        return $this->update($users);
    }

    /**
     * core_user_delete_users.
     *
     * @param array<string, int> $ids
     * @return array<string, item_result>
     */
    public function delete_users(array $ids): array {
        $this->send(self::DELETE_FUNCTION, ['userids' => array_values($ids)], false);
        return array_map(static fn(): item_result => item_result::done(), $ids);
    }

    /**
     * Nothing to write.
     *
     * @return array{}
     */
    public function finish(): array {
        return [];
    }

    /**
     * core_user_update_users; a warning naming a user (Moodle 4.x answers {"warnings": [...]}) fails that user.
     *
     * @param array<string, array<string, mixed>> $users key => user as Moodle takes it (with id)
     * @return array<string, item_result>
     */
    private function update(array $users): array {
        $answer = $this->send('core_user_update_users', ['users' => array_values($users)], true);
        $warned = [];
        $warnings = is_array($answer) && is_array($answer['warnings'] ?? null) ? $answer['warnings'] : [];
        foreach ($warnings as $w) {
            if (is_array($w) && is_numeric($w['itemid'] ?? null)) {
                $warned[(int)$w['itemid']] = trim(self::str($w['message'] ?? '') . ' ('
                    . self::str($w['warningcode'] ?? 'warning') . ')');
            }
        }
        $out = [];
        foreach ($users as $key => $u) {
            $id = is_int($u['id'] ?? null) ? $u['id'] : 0;
            $out[$key] = isset($warned[$id]) ? item_result::failed($warned[$id]) : item_result::done();
        }
        return $out;
    }

    /**
     * A write: Moodle's refusal is a batch_refused, anything else that fails stops the run.
     *
     * @param string $function
     * @param array<string, mixed> $params
     * @param bool $retry
     * @return mixed
     * @throws batch_refused|run_stopped
     */
    private function send(string $function, array $params, bool $retry): mixed {
        try {
            return $this->call($function, $params, $retry);
        } catch (\Mdsync\MoodleException $e) {
            throw new batch_refused(self::moodle_message($e, $function), 0, $e);
        } catch (\Mdsync\Exception $e) {
            throw new run_stopped($e->getMessage(), 0, $e);
        }
    }

    /**
     * Moodle's own words: "Invalid parameter value detected (invalidparameter)".
     *
     * @param \Mdsync\MoodleException $e
     * @param string $function
     * @return string
     */
    public static function moodle_message(\Mdsync\MoodleException $e, string $function): string {
        $m = $e->getMessage();
        $prefix = "Moodle $function failed: ";
        return str_starts_with($m, $prefix) ? substr($m, strlen($prefix)) : $m;
    }

    /**
     * Custom fields as core_user_*_users take them.
     *
     * @param array<string, string> $fields short name => value
     * @return list<array{type: string, value: string}>
     */
    private static function custom_fields_param(array $fields): array {
        $out = [];
        foreach ($fields as $k => $v) {
            $out[] = ['type' => $k, 'value' => $v];
        }
        return $out;
    }

    /**
     * @param mixed $v
     * @return string
     */
    private static function str(mixed $v): string {
        return is_scalar($v) ? (string)$v : '';
    }
}
