<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * `mdsync status`: is everything in place? The extension, Django (with the
 * token) and, when configured, the Moodle site and the web service functions
 * apply needs. Changes nothing.
 */
final class StatusCommand extends Command
{
    public static function summary(): string
    {
        return 'check configuration and reachability of Django and Moodle (changes nothing)';
    }

    public static function options(): array
    {
        return self::djangoOptions() + ['moodle-url' => 'URL'];
    }

    public static function help(): string
    {
        return <<<TXT
            Usage: mdsync status [--django-url URL] [--moodle-url URL] [OPTIONS]

            Checks, changing nothing: the extension (its version, libcurl's and json-c's),
            Django (one request for one user: the token works, how many users, which
            pagination, how long) and, with --moodle-url or moodle_url in the config file,
            the Moodle site (core_webservice_get_site_info: site name, release, and
            whether the token's service has the functions apply needs).

            Moodle:
              --moodle-url URL      the Moodle site; token from MDSYNC_MOODLE_TOKEN or
                                    moodle_token in a chmod 600 --config file

            TXT . self::djangoHelp() . <<<TXT

            Exit codes: 0 all checks passed, 2 something is missing or unreachable.

            TXT;
    }

    public function configure(array $opts): Config
    {
        $over = [];
        foreach (['django-url' => 'django_url', 'users-path' => 'users_path', 'match' => 'match', 'moodle-url' => 'moodle_url'] as $o => $k) {
            if (isset($opts[$o])) {
                $over[$k] = (string) $opts[$o];
            }
        }
        if (isset($opts['page-size'])) {
            if (!preg_match('/^[1-9][0-9]{0,6}$/', (string) $opts['page-size'])) {
                throw new UsageError("--page-size must be a positive whole number, not '{$opts['page-size']}'");
            }
            $over['page_size'] = (int) $opts['page-size'];
        }
        return Config::load(isset($opts['config']) ? (string) $opts['config'] : null, $over, $this->env);
    }

    public function run(array $opts, Config $config): int
    {
        $ok = true;
        $o = ['mdsync status: nothing has been changed'];

        $versions = self::libraryVersions();
        $o[] = sprintf('  %-10s ok: mdsync %s (PHP %s%s)', 'extension', phpversion('mdsync'), PHP_VERSION,
            $versions === '' ? '' : ", $versions");

        // Django.
        if ((string) $config->get('django_url') === '') {
            $ok = false;
            $o[] = sprintf('  %-10s FAILED: no Django URL (--django-url, django_url in the config file, or mdsync.django_url)', 'Django');
        } elseif (!$config->hasSecret('django_token')) {
            $ok = false;
            $o[] = sprintf('  %-10s FAILED: no token (MDSYNC_DJANGO_TOKEN, or django_token in a chmod 600 config file)', 'Django');
        } else {
            try {
                // The plan of no Moodle users: Django's list, read as a sync reads it.
                // One request for one user: enough to know Django answers and the token works.
                $probe = mdsync_django_status($config->djangoOptions());
                $o[] = sprintf('  %-10s ok: %s answers: %s users (%s pagination) in %s ms', 'Django', $config->usersUrl(),
                    $probe['count'] === null ? 'an unknown number of' : (string) $probe['count'], $probe['pagination'],
                    number_format((int) $probe['elapsed_ms']));
            } catch (\Mdsync\Exception $e) {
                $ok = false;
                $o[] = sprintf('  %-10s FAILED: %s', 'Django', $e->getMessage());
            } catch (\ValueError | \TypeError $e) {
                $ok = false;
                $o[] = sprintf('  %-10s FAILED: invalid configuration: %s', 'Django',
                    preg_replace('/^\w+\(\): Argument #\d+ \(\$\w+\) /', '', $e->getMessage()));
            }
        }

        // Moodle.
        if ((string) $config->get('moodle_url') === '') {
            $o[] = sprintf('  %-10s not configured (give --moodle-url URL; without it, apply works offline from --moodle-csv)', 'Moodle');
        } elseif (!$config->hasSecret('moodle_token')) {
            $ok = false;
            $o[] = sprintf('  %-10s FAILED: no web service token (MDSYNC_MOODLE_TOKEN, or moodle_token in a chmod 600 config file)', 'Moodle');
        } else {
            $site = new MoodleSite($config->moodleOptions());
            try {
                $info = $site->siteInfo();
                $functions = [];
                foreach ((array) ($info['functions'] ?? []) as $f) {
                    if (is_array($f) && isset($f['name'])) {
                        $functions[(string) $f['name']] = true;
                    }
                }
                $o[] = sprintf('  %-10s ok: %s "%s", Moodle %s, as %s', 'Moodle', $site->url(),
                    (string) ($info['sitename'] ?? '?'), (string) ($info['release'] ?? '?'), (string) ($info['username'] ?? '?'));
                $missing = array_values(array_filter(MoodleSite::NEEDED_FUNCTIONS, static fn (string $f): bool => !isset($functions[$f])));
                if ($missing === []) {
                    $o[] = sprintf('  %-10s ok: the service has %s', '', implode(', ', MoodleSite::NEEDED_FUNCTIONS));
                } else {
                    $ok = false;
                    $o[] = sprintf('  %-10s FAILED: the token\'s service lacks %s (add them in Site administration → Server → Web services → External services)', '', implode(', ', $missing));
                }
                if (!isset($functions[MoodleSite::DELETE_FUNCTION])) {
                    $o[] = sprintf('  %-10s note: no %s (needed only for apply --delete-after-days)', '', MoodleSite::DELETE_FUNCTION);
                }
            } catch (\Mdsync\Exception $e) {
                $ok = false;
                $o[] = sprintf('  %-10s FAILED: %s', 'Moodle', $e->getMessage());
            } catch (\ValueError | \TypeError $e) {
                $ok = false;
                $o[] = sprintf('  %-10s FAILED: invalid configuration: %s', 'Moodle',
                    preg_replace('/^\w+\(\): Argument #\d+ \(\$\w+\) /', '', $e->getMessage()));
            }
        }

        $o[] = $ok ? 'All checks passed.' : 'Some checks failed.';
        fwrite($this->out, implode("\n", array_map(static fn (string $l): string => Text::oneLine($config->scrub($l)), $o)) . "\n");
        return $ok ? ExitCode::OK : ExitCode::CONFIG;
    }

    /** "libcurl 7.88.1, json-c 0.16" from the extension's phpinfo() section. */
    private static function libraryVersions(): string
    {
        ob_start();
        (new \ReflectionExtension('mdsync'))->info();
        $text = (string) ob_get_clean();
        $parts = [];
        foreach (['libcurl', 'json-c'] as $lib) {
            if (preg_match('/^' . preg_quote($lib, '/') . ' => \S+ => (\S+)/m', $text, $m)) {
                $parts[] = "$lib {$m[1]}";
            }
        }
        return implode(', ', $parts);
    }
}
