<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * The options array handed to the extension, built from (lowest first): php.ini (`mdsync.*`, read by the extension
 * itself), the --config INI file, the command line, and for the tokens the environment. It remembers where each
 * value came from, so that a message names what the user set (MDSYNC_DJANGO_TOKEN, --timeout-ms, django_url in
 * the config file), not the extension's option key.
 *
 * Secrets never come from the command line (argv is visible to every local user through ps and /proc). A secret
 * may sit in the config file only when the file is not readable or writable by group or others.
 */
final class Config
{
    /**
     * Option keys a config file may hold: DESIGN.md's, plus the extension's pagination, max_pages,
     * max_response_bytes and proxy. Not allow_empty: that stays a deliberate --allow-empty on the command line.
     */
    public const KEYS = [
        'django_url', 'django_token', 'django_auth_scheme', 'users_path', 'page_size', 'field_map', 'match',
        'pagination', 'max_pages',
        'concurrency', 'timeout_ms', 'connect_timeout_ms', 'max_retries', 'deadline_ms', 'max_response_bytes',
        'ca_info', 'verify_tls', 'proxy',
        'moodle_url', 'moodle_token', 'signing_secret', 'grades_path', 'grades_method', 'grades_url_template',
        // who is synced (docs/API.md, "Who is synced"): the same keys as the extension's options
        'exclude_siteadmins', 'exclude_guest', 'exclude_auth', 'exclude_roles', 'exclude_cohorts',
        'exclude_email_domains', 'exclude_usernames', 'exclude_ids', 'include_auth', 'include_cohorts',
        'django_include', 'django_filter', 'extended_username_chars',
    ];

    /** Keys that hold a secret. */
    public const SECRET_KEYS = ['django_token', 'moodle_token', 'signing_secret'];

    /** Keys the Django user calls understand; only these are passed to them. */
    public const DJANGO_KEYS = [
        'django_url', 'django_token', 'django_auth_scheme', 'users_path', 'page_size', 'field_map', 'match',
        'pagination', 'max_pages',
        'concurrency', 'timeout_ms', 'connect_timeout_ms', 'max_retries', 'deadline_ms', 'max_response_bytes',
        'ca_info', 'verify_tls', 'proxy',
        // who is synced (docs/API.md, "Who is synced"): the same keys as the extension's options
        'exclude_siteadmins', 'exclude_guest', 'exclude_auth', 'exclude_roles', 'exclude_cohorts',
        'exclude_email_domains', 'exclude_usernames', 'exclude_ids', 'include_auth', 'include_cohorts',
        'django_include', 'django_filter', 'extended_username_chars',
    ];

    /** Keys mdsync_moodle_call() is given: the site, its token, and how to talk HTTP. */
    public const MOODLE_KEYS = [
        'moodle_url', 'moodle_token',
        'timeout_ms', 'connect_timeout_ms', 'max_retries', 'deadline_ms', 'max_response_bytes',
        'ca_info', 'verify_tls', 'proxy',
    ];

    /** Keys that are INI sections (name = value lines), not single values. */
    public const SECTION_KEYS = ['field_map', 'django_include', 'django_filter'];

    /** Environment variable => option key; the environment wins over the config file. */
    public const ENV_SECRETS = [
        'MDSYNC_DJANGO_TOKEN' => 'django_token',
        'MDSYNC_MOODLE_TOKEN' => 'moodle_token',
        'MDSYNC_SIGNING_SECRET' => 'signing_secret',
    ];

    /** @var array<string, mixed> */
    private array $options;

    /** @var array<string, string> option key => where its value came from, for messages */
    private array $origins;

    /** @var list<string> secret values, to scrub from anything printed */
    private array $secrets = [];

    /** @var array<string, string> */
    private array $env;

    /**
     * @param array<string, mixed> $options
     * @param array<string, string> $origins
     * @param array<string, string> $env
     */
    private function __construct(array $options, array $origins, array $env)
    {
        $this->env = $env;
        foreach (self::ENV_SECRETS as $var => $key) {
            if (isset($env[$var]) && $env[$var] !== '') {
                // The extension reads the variable itself when the option is absent.
                unset($options[$key]);
                $origins[$key] = $var;
                $this->secrets[] = $env[$var];
            }
        }
        foreach (self::SECRET_KEYS as $key) {
            if (isset($options[$key]) && is_string($options[$key]) && $options[$key] !== '') {
                $this->secrets[] = $options[$key];
            }
        }
        $this->options = $options;
        $this->origins = $origins;
    }

    /**
     * @param ?string $file the --config file, if any
     * @param array<string, array{0: mixed, 1: string}> $overrides option key => [value, the option that set it]
     * @param array<string, string> $env the process environment
     * @throws ConfigError
     */
    public static function load(?string $file, array $overrides, array $env): self
    {
        $options = $file === null ? [] : self::readFile($file);
        $origins = [];
        foreach (array_keys($options) as $key) {
            $origins[$key] = "$key in $file";
        }
        foreach ($overrides as $key => [$value, $flag]) {
            $options[$key] = $value;
            $origins[$key] = $flag;
        }
        return new self($options, $origins, $env);
    }

    /**
     * Reads an INI file of option keys: `key = value` lines at the top, and `field_map` either as
     * `field_map[record_field] = "django.path"` lines or as a `[field_map]` section. Values are typed.
     *
     * @return array<string, mixed>
     * @throws ConfigError
     */
    public static function readFile(string $file): array
    {
        if (!is_file($file) || !is_readable($file)) {
            throw new ConfigError("config file '$file' does not exist or is not readable");
        }
        $text = @file_get_contents($file);
        if ($text === false) {
            throw new ConfigError("config file '$file' cannot be read");
        }
        $ini = @parse_ini_string($text, true, INI_SCANNER_TYPED);
        if ($ini === false) {
            $err = error_get_last();
            $why = $err !== null ? trim((string) preg_replace(
                ['/^syntax error, /', '/ in Unknown on line (\d+)/'],
                ['', ' on line $1'],
                $err['message']
            )) : 'syntax error';
            throw new ConfigError("config file '$file' is not valid INI: $why");
        }
        $options = [];
        foreach ($ini as $key => $value) {
            $key = (string) $key;
            if (in_array($key, self::SECTION_KEYS, true) && is_array($value)) {
                $options[$key] = (is_array($options[$key] ?? null) ? $options[$key] : []) + $value;
                continue;
            }
            if (!in_array($key, self::KEYS, true)) {
                throw new ConfigError("config file '$file': unknown key '$key' (known: " . implode(', ', self::KEYS) . ')');
            }
            if (is_array($value)) {
                throw new ConfigError("config file '$file': '$key' must be a single value");
            }
            // A secret that happens to look like a number stays the string it is.
            $options[$key] = in_array($key, self::SECRET_KEYS, true) && is_int($value) ? (string) $value : $value;
        }
        $secrets = array_values(array_filter(
            self::SECRET_KEYS,
            static fn (string $k): bool => isset($options[$k]) && $options[$k] !== ''
        ));
        if ($secrets !== []) {
            clearstatcache(true, $file);
            $mode = fileperms($file);
            if ($mode === false || ($mode & 0066) !== 0) {
                throw new ConfigError(sprintf(
                    "config file '%s' holds %s but is readable or writable by group or others (mode %04o); "
                    . "run 'chmod 600 %s', or put the secret in the environment (%s) instead",
                    $file,
                    implode(', ', $secrets),
                    $mode === false ? 0 : $mode & 07777,
                    $file,
                    implode(', ', array_keys(array_intersect(self::ENV_SECRETS, $secrets)))
                ));
            }
        }
        return $options;
    }

    /** @return array<string, mixed> the options for mdsync_django_users(), mdsync_sync_users(), ... */
    public function djangoOptions(): array
    {
        return array_intersect_key($this->options, array_flip(self::DJANGO_KEYS));
    }

    /** @return array<string, mixed> the options for mdsync_moodle_call() */
    public function moodleOptions(): array
    {
        return array_intersect_key($this->options, array_flip(self::MOODLE_KEYS));
    }

    /** An option's value from the file or the command line, or php.ini's `mdsync.<key>`. */
    public function get(string $key): mixed
    {
        if (array_key_exists($key, $this->options)) {
            return $this->options[$key];
        }
        $ini = ini_get("mdsync.$key");
        return $ini === false || $ini === '' ? null : $ini;
    }

    /** A string option, '' when unset. */
    public function string(string $key): string
    {
        $v = $this->get($key);
        return is_scalar($v) ? (string) $v : '';
    }

    /**
     * Where a key's value came from, as the user would recognise it: "--timeout-ms", "MDSYNC_DJANGO_TOKEN",
     * "django_url in /etc/mdsync.ini", "mdsync.page_size in php.ini"; for a key not set, how to set it.
     */
    public function origin(string $key): string
    {
        if (isset($this->origins[$key])) {
            return $this->origins[$key];
        }
        $var = array_search($key, self::ENV_SECRETS, true);
        if ($var !== false) {
            return (string) $var;
        }
        if (ini_get("mdsync.$key") !== false && ini_get("mdsync.$key") !== '') {
            return "mdsync.$key in php.ini";
        }
        $option = OptionTable::byConfigKey($key);
        return $option !== null ? '--' . $option->name : "$key (config file)";
    }

    /** The users endpoint, for messages: the configured base URL and path, without credentials. */
    public function usersUrl(): string
    {
        $base = (string) preg_replace('~^([a-z][a-z0-9+.-]*://)[^/@]*@~i', '$1', $this->string('django_url'));
        $path = $this->string('users_path');
        return rtrim($base, '/') . '/' . ltrim($path === '' ? '/api/user/' : $path, '/');
    }

    /** Whether a secret is set, in the environment or the config file. */
    public function hasSecret(string $key): bool
    {
        $var = array_search($key, self::ENV_SECRETS, true);
        return ($var !== false && ($this->env[$var] ?? '') !== '')
            || (isset($this->options[$key]) && $this->options[$key] !== '');
    }

    /** Replaces every known secret in $text, so no message ever shows one. */
    public function scrub(string $text): string
    {
        foreach ($this->secrets as $secret) {
            if (strlen($secret) >= 4) {
                $text = str_replace($secret, '[secret]', $text);
            }
        }
        return $text;
    }

    /**
     * An extension or engine message in the user's words: `option "django_token"` becomes what set it
     * (MDSYNC_DJANGO_TOKEN), an apply option key its command-line option (--suspend-max-percent).
     */
    public function translate(string $message): string
    {
        $message = (string) preg_replace('/^\w+\(\): Argument #\d+ \(\$\w+\) /', '', $message);
        $message = (string) preg_replace_callback(
            '/\boption "([a-z_]+)"/',
            fn (array $m): string => $this->origin($m[1]),
            $message
        );
        return (string) preg_replace_callback(
            '/\b(suspend_max_percent|delete_after_days|allow_empty|batch_size)\b/',
            static fn (array $m): string => '--' . str_replace('_', '-', $m[1]),
            $message
        );
    }
}
