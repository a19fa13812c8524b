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
 * Who is synced, from the plugin's settings: the scope rules as the extension's options, under the same names the
 * extension, bin/mdsync's config file and docs/API.md use (exclude_siteadmins, exclude_auth, exclude_roles, ...).
 *
 * A setting never saved keeps the extension's default, which is the safe one: site admins, the guest and accounts
 * with auth nologin or webservice are never pushed to Django. Lists are stored as Moodle stores them (comma-separated)
 * and reach the extension as they are; django_include is stored as lines "field = patterns".
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class scope_settings {
    /** Yes/no rules, on unless an administrator turns them off. */
    public const BOOLS = ['exclude_siteadmins', 'exclude_guest'];

    /** List rules (comma-separated). */
    public const LISTS = ['exclude_auth', 'exclude_roles', 'exclude_cohorts', 'exclude_email_domains', 'exclude_usernames',
        'exclude_ids', 'include_auth', 'include_cohorts'];

    /** The auth methods never pushed by default (the extension's default too). */
    public const DEFAULT_EXCLUDE_AUTH = ['nologin', 'webservice'];

    /** The Django record fields django_include may name (the extension's canonical fields). */
    public const DJANGO_FIELDS = ['id', 'username', 'email', 'firstname', 'lastname', 'edeboid', 'iasid', 'djangoid', 'auth'];

    /** Moodle ids and ranges, comma-separated: "2, 10-20". */
    public const IDS_PATTERN = '/^\s*(\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*)?\s*,?\s*$/';

    /**
     * The extension's scope options from the settings (and Moodle's extendedusernamechars).
     *
     * @param \stdClass $config the plugin's settings
     * @return array option key => value; a rule whose setting was never saved is left to the extension's default
     * @throws \moodle_exception when django_include holds a line the extension would refuse
     */
    public static function options(\stdClass $config): array {
        global $CFG;
        $options = [];
        foreach (self::BOOLS as $key) {
            if (isset($config->$key) && $config->$key !== '') {
                $options[$key] = !empty($config->$key);
            }
        }
        foreach (self::LISTS as $key) {
            if (!isset($config->$key)) {
                continue;
            }
            $value = trim((string)$config->$key);
            // An exclude_auth saved empty turns that default rule off; other empty lists are no rule at all.
            if ($value !== '' || $key === 'exclude_auth') {
                $options[$key] = $value;
            }
        }
        $include = self::django_include((string)($config->django_include ?? ''));
        if ($include) {
            $options['django_include'] = $include;
        }
        $filter = trim((string)($config->django_filter ?? ''));
        if ($filter !== '') {
            $options['django_filter'] = $filter;
        }
        $options['extended_username_chars'] = !empty($CFG->extendedusernamechars);
        return $options;
    }

    /**
     * django_include's lines "field = pattern, pattern" as the extension takes them.
     *
     * @param string $text
     * @return array<string, string> field => patterns
     * @throws \moodle_exception naming a line without "field =" or with a field Django records do not have
     */
    public static function django_include(string $text): array {
        $out = [];
        foreach (preg_split('/\R/', $text) as $i => $line) {
            $line = trim($line);
            if ($line === '' || $line[0] === '#' || $line[0] === ';') {
                continue;
            }
            $parts = explode('=', $line, 2);
            $field = strtolower(trim($parts[0]));
            if (count($parts) < 2 || trim($parts[1]) === '' || !in_array($field, self::DJANGO_FIELDS, true)) {
                throw new \moodle_exception('error_djangoinclude', 'local_django_sync', '', (object)[
                    'line' => $i + 1, 'text' => s($line), 'fields' => implode(', ', self::DJANGO_FIELDS)]);
            }
            $out[$field] = isset($out[$field]) ? $out[$field] . ',' . trim($parts[1]) : trim($parts[1]);
        }
        return $out;
    }

    /**
     * The role names a rule in force asks about, or null when no rule reads roles.
     *
     * @param array $options as options() gives them
     * @return string[]|null
     */
    public static function roles_asked(array $options): ?array {
        return self::names($options['exclude_roles'] ?? '');
    }

    /**
     * The cohort idnumbers a rule in force asks about, or null when no rule reads cohorts.
     *
     * @param array $options as options() gives them
     * @return string[]|null
     */
    public static function cohorts_asked(array $options): ?array {
        $names = array_merge(self::names($options['exclude_cohorts'] ?? '') ?? [],
            self::names($options['include_cohorts'] ?? '') ?? []);
        return $names ? $names : null;
    }

    /**
     * A comma-separated list as names, or null when it names none.
     *
     * @param mixed $list
     * @return string[]|null
     */
    protected static function names($list): ?array {
        $names = array_values(array_filter(array_map('trim', explode(',', (string)$list)),
            static fn(string $n): bool => $n !== ''));
        return $names ? $names : null;
    }
}
