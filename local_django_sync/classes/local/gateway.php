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
 * The one door to the mdsync extension: every mdsync_* call passes through here.
 *
 * It builds the options array from the plugin's settings, adds Moodle's proxy settings, refuses URLs
 * that Moodle's blocked-hosts and allowed-ports lists forbid, and never logs the token. The apply engine reaches
 * Django through {@see gateway::django()}; tests that need a fault replace the gateway with a subclass.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class gateway {
    /** Option keys taken from the plugin settings as they are (the same names as the extension's). */
    protected const STRING_OPTIONS = ['django_url', 'django_token', 'django_auth_scheme', 'users_path', 'match'];

    /** Option keys taken from the plugin settings as integers. */
    protected const INT_OPTIONS = ['page_size', 'concurrency', 'timeout_ms', 'connect_timeout_ms', 'max_retries', 'deadline_ms'];

    /** @var \stdClass|null settings, for tests; null reads get_config() */
    protected $config;

    /**
     * Constructor.
     *
     * @param \stdClass|null $config settings to use instead of the plugin's (tests)
     */
    public function __construct(?\stdClass $config = null) {
        $this->config = $config;
    }

    /**
     * Is the mdsync extension loaded in this PHP?
     *
     * @return bool
     */
    public function available(): bool {
        return extension_loaded('mdsync') && function_exists('mdsync_sync_users');
    }

    /**
     * Throws a clear exception when the extension is missing.
     *
     * @throws moodle_exception extensionmissing
     */
    public function require_available(): void {
        if (!$this->available()) {
            throw new moodle_exception('extensionmissing', 'local_django_sync');
        }
    }

    /**
     * Has an administrator entered a Django URL and token?
     *
     * @return bool
     */
    public function configured(): bool {
        $config = $this->config();
        return !empty($config->django_url) && !empty($config->django_token);
    }

    /**
     * The plugin settings.
     *
     * @return \stdClass
     */
    public function config(): \stdClass {
        return $this->config ?? get_config('local_django_sync');
    }

    /**
     * The options array for the extension, built from the settings (the scope rules included) and Moodle's proxy
     * settings.
     *
     * @return array
     * @throws moodle_exception when Django is not configured or its URL is blocked
     */
    public function options(): array {
        if (!$this->configured()) {
            throw new moodle_exception('notconfigured', 'local_django_sync');
        }
        // Who is synced: the scope rules under the extension's own option names.
        return $this->base_options() + scope_settings::options($this->config());
    }

    /**
     * The options every call shares: Django URL, token if any, network limits, Moodle's proxy.
     *
     * @return array
     * @throws moodle_exception when the URL is blocked
     */
    protected function base_options(): array {
        global $CFG;
        $config = $this->config();
        $options = [];
        foreach (self::STRING_OPTIONS as $key) {
            if (isset($config->$key) && trim((string)$config->$key) !== '') {
                $options[$key] = trim((string)$config->$key);
            }
        }
        foreach (self::INT_OPTIONS as $key) {
            if (isset($config->$key) && (int)$config->$key > 0) {
                $options[$key] = (int)$config->$key;
            }
        }
        $this->check_url($options['django_url'] ?? '');

        // Moodle's proxy, unless Moodle's proxy bypass list names the Django host.
        require_once($CFG->libdir . '/filelib.php');
        if (!empty($CFG->proxyhost) && !is_proxybypass($options['django_url'])) {
            $options['proxy'] = self::proxy_url($CFG);
        }
        return $options;
    }

    /**
     * The proxy URL libcurl expects (scheme://user:pass@host:port) from Moodle's proxy settings.
     *
     * @param \stdClass $cfg Moodle's $CFG (or a stand-in)
     * @return string
     */
    public static function proxy_url(\stdClass $cfg): string {
        $scheme = (!empty($cfg->proxytype) && $cfg->proxytype === 'SOCKS5') ? 'socks5h' : 'http';
        $auth = '';
        if (!empty($cfg->proxyuser)) {
            $auth = rawurlencode($cfg->proxyuser) . ':' . rawurlencode($cfg->proxypassword ?? '') . '@';
        }
        $port = !empty($cfg->proxyport) ? ':' . (int)$cfg->proxyport : '';
        return $scheme . '://' . $auth . $cfg->proxyhost . $port;
    }

    /**
     * Refuses a URL that Moodle's blocked hosts or allowed ports forbid (Site administration > Security > HTTP security).
     *
     * @param string $url
     * @throws moodle_exception urlblocked
     */
    public function check_url(string $url): void {
        $helper = new \core\files\curl_security_helper();
        if (!preg_match('~^https?://~i', $url) || $helper->url_is_blocked($url)) {
            throw new moodle_exception('urlblocked', 'local_django_sync', '', s(self::redact_url($url)));
        }
    }

    /**
     * A URL, or a message with URLs in it, with any credentials removed, for messages and logs.
     *
     * @param string $url
     * @return string
     */
    public static function redact_url(string $url): string {
        return preg_replace('~([a-z][a-z0-9+.-]*://)[^/@\\s]*@~i', '$1', $url);
    }

    /**
     * One request to Django (page one, one user): whether it answers and how many users it has.
     *
     * @param array $limits network options that override the settings (e.g. short timeouts for a status page)
     * @return array ['count' => int|null, 'pagination' => string, 'elapsed_ms' => int]
     */
    public function django_status(array $limits = []): array {
        $this->require_available();
        return \mdsync_django_status(array_replace($this->options(), $limits));
    }

    /**
     * Django for the apply engine: the extension with this gateway's options (settings, Moodle's proxy, the
     * blocked-hosts check). The engine's calls to mdsync_sync_users() and mdsync_create_django_users() go through it.
     *
     * @return \local_django_sync\local\sync\extension_django
     * @throws moodle_exception when the extension is missing, Django is not configured or its URL is blocked
     */
    public function django(): \local_django_sync\local\sync\extension_django {
        $this->require_available();
        $options = $this->options();
        $usersurl = rtrim(self::redact_url((string)$options['django_url']), '/') . '/'
            . ltrim((string)($options['users_path'] ?? '/api/user/'), '/');
        return new \local_django_sync\local\sync\extension_django($options, $usersurl);
    }

    /**
     * Can this build of the extension create users in Django?
     *
     * @return bool
     */
    public function can_create_in_django(): bool {
        return $this->available() && function_exists('mdsync_create_django_users');
    }

    /**
     * Can this build of the extension push grades?
     *
     * @return bool
     */
    public function can_push_grades(): bool {
        return $this->available() && function_exists('mdsync_push_grades');
    }

    /**
     * Is grade delivery configured: a Django URL and a signing secret (setting or MDSYNC_SIGNING_SECRET)?
     *
     * The API token is optional for grades: the signature authenticates Moodle.
     *
     * @return bool
     */
    public function grades_configured(): bool {
        $config = $this->config();
        return !empty($config->django_url)
            && (!empty($config->signing_secret) || (string)getenv('MDSYNC_SIGNING_SECRET') !== '');
    }

    /**
     * The options for mdsync_push_grades(): the shared ones plus the grade endpoint and the signing secret.
     *
     * @return array
     * @throws moodle_exception when grade delivery is not configured or the URL is blocked
     */
    public function grade_options(): array {
        if (!$this->grades_configured()) {
            throw new moodle_exception('gradesnotconfigured', 'local_django_sync');
        }
        $config = $this->config();
        $options = $this->base_options();
        // Only what the extension knows for grades; users-only options are harmless but kept out for clarity.
        unset($options['users_path'], $options['page_size'], $options['match']);
        if (!empty($config->signing_secret)) {
            $options['signing_secret'] = (string)$config->signing_secret;
        }
        foreach (['grades_path', 'grades_method', 'grades_url_template'] as $key) {
            if (isset($config->$key) && trim((string)$config->$key) !== '') {
                $options[$key] = trim((string)$config->$key);
            }
        }
        return $options;
    }

    /**
     * Sends grade events to Django, concurrently; one result per grade, under the same keys.
     *
     * Django being down, timeouts, 429 and 5xx come back as 'retry' results, a 4xx that retrying cannot
     * fix as 'rejected'; only bad options throw.
     *
     * @param array $grades grade snapshots ({@see grade_outbox::snapshot()}), each with its idempotency_key
     * @return array results: ['status' => delivered|retry|rejected, 'http_status' => int, ...]
     */
    public function push_grades(array $grades): array {
        $this->require_available();
        if (!$this->can_push_grades()) {
            throw new moodle_exception('nopushgrades', 'local_django_sync');
        }
        return \mdsync_push_grades($grades, $this->grade_options());
    }
}
