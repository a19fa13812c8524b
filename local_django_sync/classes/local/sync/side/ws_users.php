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

use local_django_sync\local\sync\moodle_side;

/**
 * Reads a Moodle site's users over its web services for {@see ws_side}: a page at a time with the plugin's
 * local_django_sync_get_users when the token's service has it (each user with the facts scope rules read: auth,
 * siteadmin, roles at system or category level, cohorts), else the whole site in one answer of core_user_get_users
 * (no siteadmin, roles or cohorts; a note says so). The guest and deleted users are left out; what profile fields
 * the users carry is counted (no web service lists the fields themselves).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class ws_users {
    /** @var ws_side the side whose calls carry the requests */
    private ws_side $site;

    /** @var int users asked for per page */
    private int $pagesize;

    /** @var array<string, int> custom profile field => users seen carrying a value */
    private array $seen = [];

    /** @var array<string, int> users left out of the listing, by why */
    private array $skipped = ['guest' => 0, 'deleted' => 0];

    /** @var array<string, true>|null the functions of the token's service, once asked */
    private ?array $functions = null;

    /** @var string the function that listed the users ('' before users()) */
    private string $listing = '';

    /** @var int pages of users read */
    private int $pages = 0;

    /** @var list<string> what a person should know about how the users were read */
    private array $notes = [];

    /**
     * Constructor.
     *
     * @param ws_side $site
     * @param int $pagesize users per page of local_django_sync_get_users
     */
    public function __construct(ws_side $site, int $pagesize) {
        $this->site = $site;
        $this->pagesize = max(1, $pagesize);
    }

    /**
     * Users left out of the listing (guest, deleted), by why.
     *
     * @return array<string, int>
     */
    public function skipped(): array {
        return $this->skipped;
    }

    /**
     * Users carrying each custom profile field.
     *
     * @return array<string, int>
     */
    public function seen(): array {
        return $this->seen;
    }

    /**
     * One more user seen carrying a field (read back after a write).
     *
     * @param string $field
     */
    public function saw(string $field): void {
        $this->seen[$field] = ($this->seen[$field] ?? 0) + 1;
    }

    /**
     * The functions of the token's service (core_webservice_get_site_info), asked once.
     *
     * @return array<string, true>
     * @throws \Mdsync\Exception
     */
    public function functions(): array {
        if ($this->functions === null) {
            $this->functions = [];
            $listed = $this->site->site_info()['functions'] ?? null;
            foreach (is_array($listed) ? $listed : [] as $f) {
                if (is_array($f) && is_string($f['name'] ?? null)) {
                    $this->functions[$f['name']] = true;
                }
            }
        }
        return $this->functions;
    }

    /**
     * The function that listed the users: local_django_sync_get_users or core_user_get_users ('' before users()).
     *
     * @return string
     */
    public function listing(): string {
        return $this->listing;
    }

    /**
     * Pages of users read (1 for core_user_get_users).
     *
     * @return int
     */
    public function pages(): int {
        return $this->pages;
    }

    /**
     * What a person should know about how the users were read (the fallback to core_user_get_users and what it
     * lacks).
     *
     * @return list<string>
     */
    public function notes(): array {
        return $this->notes;
    }

    /**
     * Every Moodle user but the guest and deleted users, a page at a time when the site offers
     * local_django_sync_get_users. Users with auth nologin stay: their accounts exist, and leaving them out would
     * make the plan offer to create them again (the scope rules keep them out of Django).
     *
     * @return \Generator<int, array<string, mixed>>
     * @throws \Mdsync\Exception
     */
    public function users(): iterable {
        $this->seen = [];
        $this->skipped = ['guest' => 0, 'deleted' => 0];
        $this->notes = [];
        $this->pages = 0;
        $paged = false;
        try {
            $paged = isset($this->functions()[ws_side::PAGED_FUNCTION]);
        } catch (\Mdsync\MoodleException $e) {
            if ($e->getErrorCode() !== 'accessexception') {
                throw $e; // A bad token, a site in maintenance: the same for every function.
            }
            // The service lacks core_webservice_get_site_info: which functions it has cannot be told.
            $this->notes[] = 'Moodle: core_webservice_get_site_info is not in the service (' . ws_side::moodle_message($e,
                'core_webservice_get_site_info') . '), so whether it offers ' . ws_side::PAGED_FUNCTION . ' cannot be told';
        }
        if ($paged) {
            $this->listing = ws_side::PAGED_FUNCTION;
            yield from $this->paged_users();
        } else {
            $this->listing = 'core_user_get_users';
            $this->notes[] = 'Moodle: the site\'s service does not offer ' . ws_side::PAGED_FUNCTION . ', so every user was '
                . 'listed in one answer with core_user_get_users, which says nothing of site admins, roles or cohorts '
                . '(scope rules on them cannot be applied). Install local_django_sync on the site and add '
                . ws_side::PAGED_FUNCTION . ' to the web service';
            yield from $this->all_users();
        }
    }

    /**
     * The users a page at a time, in id order, with the facts scope rules read.
     *
     * @return \Generator<int, array<string, mixed>>
     * @throws \Mdsync\Exception
     */
    private function paged_users(): \Generator {
        $afterid = 0;
        do {
            $answer = $this->site->call(ws_side::PAGED_FUNCTION, ['afterid' => $afterid, 'limit' => $this->pagesize]);
            $this->pages++;
            if (!is_array($answer) || !is_array($answer['users'] ?? null) || !is_bool($answer['hasmore'] ?? null)
                    || !is_int($answer['nextafterid'] ?? null)) {
                throw new \Mdsync\ProtocolException('Moodle ' . ws_side::PAGED_FUNCTION
                    . ' answered without users, hasmore and nextafterid');
            }
            $next = $answer['nextafterid'];
            if ($answer['hasmore'] && $next <= $afterid) {
                throw new \Mdsync\ProtocolException('Moodle ' . ws_side::PAGED_FUNCTION . " answered a page after id $afterid "
                    . "whose next page starts at $next: the pages would never end");
            }
            foreach ($answer['users'] as $u) {
                if (!is_array($u) || !is_int($u['id'] ?? null) || $u['id'] <= $afterid) {
                    throw new \Mdsync\ProtocolException('Moodle ' . ws_side::PAGED_FUNCTION
                        . " listed a user without an id, or out of id order, in the page after id $afterid");
                }
                if (($u['username'] ?? '') === 'guest') {
                    $this->skipped['guest']++;
                    continue;
                }
                $rec = $this->record($u, [
                    'edeboid' => self::str($u['edeboid'] ?? ''),
                    'iasid' => self::str($u['iasid'] ?? ''),
                    'djangoid' => self::str($u['djangoid'] ?? ''),
                    moodle_side::SUSPENDED_AT_FIELD => self::str($u[moodle_side::SUSPENDED_AT_FIELD] ?? ''),
                ]);
                // The facts scope rules read; a key an older plugin does not send stays unknown (null), not false.
                $rec['siteadmin'] = is_bool($u['siteadmin'] ?? null) ? $u['siteadmin'] : null;
                $rec['roles'] = self::names($u['roles'] ?? null);
                $rec['cohorts'] = self::names($u['cohorts'] ?? null);
                yield $rec;
            }
            $afterid = $next;
        } while ($answer['hasmore']);
    }

    /**
     * Every user in one answer of core_user_get_users (guest and deleted users left out).
     *
     * @return \Generator<int, array<string, mixed>>
     * @throws \Mdsync\Exception
     */
    private function all_users(): \Generator {
        $answer = $this->site->call('core_user_get_users', ['criteria' => [['key' => 'email', 'value' => '%']]]);
        $this->pages++;
        if (!is_array($answer) || !is_array($answer['users'] ?? null)) {
            throw new \Mdsync\ProtocolException('Moodle core_user_get_users answered without a users list');
        }
        foreach ($answer['users'] as $u) {
            if (!is_array($u) || !is_numeric($u['id'] ?? null)) {
                throw new \Mdsync\ProtocolException('Moodle core_user_get_users listed a user without an id');
            }
            if (!empty($u['deleted'])) {
                $this->skipped['deleted']++;
                continue;
            }
            if (($u['username'] ?? '') === 'guest') {
                $this->skipped['guest']++;
                continue;
            }
            yield $this->record($u, self::custom_fields($u));
        }
    }

    /**
     * A listed user as a canonical record; the profile fields it carries are counted as seen.
     *
     * @param array<mixed> $u
     * @param array<string, string> $fields custom profile field => value
     * @return array<string, mixed>
     */
    private function record(array $u, array $fields): array {
        $rec = [
            'source' => 'moodle',
            'id' => (int)self::str($u['id'] ?? 0),
            'username' => self::str($u['username'] ?? ''),
            'email' => self::str($u['email'] ?? ''),
            'firstname' => self::str($u['firstname'] ?? ''),
            'lastname' => self::str($u['lastname'] ?? ''),
            'edeboid' => null,
            'iasid' => null,
            'djangoid' => null,
            'auth' => isset($u['auth']) ? self::str($u['auth']) : null,
            'suspended' => !empty($u['suspended']),
            'suspended_at' => null,
        ];
        foreach ($fields as $short => $value) {
            $value = trim($value);
            if ($value === '') {
                continue;
            }
            $this->seen[$short] = ($this->seen[$short] ?? 0) + 1;
            if (in_array($short, moodle_side::ID_FIELDS, true)) {
                $rec[$short] = $value;
            } else if ($short === moodle_side::SUSPENDED_AT_FIELD && preg_match('/^[1-9][0-9]{0,18}$/', $value)) {
                $rec['suspended_at'] = (int)$value;
            }
        }
        return $rec;
    }

    /**
     * A list of names from the web service, or null when it sent none (unknown).
     *
     * @param mixed $v
     * @return list<string>|null
     */
    private static function names(mixed $v): ?array {
        if (!is_array($v)) {
            return null;
        }
        $out = [];
        foreach ($v as $name) {
            if (is_string($name) && $name !== '') {
                $out[] = $name;
            }
        }
        return $out;
    }

    /**
     * A listed user's custom fields, short name => trimmed value.
     *
     * @param array<mixed> $u
     * @return array<string, string>
     */
    public static function custom_fields(array $u): array {
        $out = [];
        foreach (is_array($u['customfields'] ?? null) ? $u['customfields'] : [] as $f) {
            if (is_array($f) && is_string($f['shortname'] ?? null) && $f['shortname'] !== '') {
                $out[$f['shortname']] = is_scalar($f['value'] ?? null) ? trim((string)$f['value']) : '';
            }
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
