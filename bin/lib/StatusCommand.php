<?php

declare(strict_types=1);

namespace Mdsync\Cli;

use local_django_sync\local\sync\moodle_side;
use local_django_sync\local\sync\side\ws_side;

/**
 * `mdsync status`: is everything in place? The extension, Django (with the token) and, when configured, the
 * Moodle site, the web service functions apply needs, and the identifier profile fields. Changes nothing.
 */
final class StatusCommand extends Command
{
    /** @var list<array{name: string, status: string, message: string}> */
    private array $checks = [];

    public static function name(): string
    {
        return 'status';
    }

    public static function summary(): string
    {
        return 'check configuration and reachability of Django and Moodle (changes nothing)';
    }

    protected static function description(): string
    {
        return <<<TXT
            Usage: mdsync status [--django-url URL] [--moodle-url URL] [OPTIONS]

            Checks, changing nothing: the extension (its version, libcurl's and json-c's), Django
            (one request for one user: the token works, how many users, which pagination, how
            long) and, with --moodle-url or moodle_url in the config file, the Moodle site
            (core_webservice_get_site_info: site name, release, whether the token's service has
            the functions apply needs) and its profile fields edeboid, iasid and djangoid (seen on
            how many users; a field no user carries cannot be confirmed over web services).

            TXT;
    }

    protected static function exitCodes(): string
    {
        return '0 all checks passed, 2 something is missing or unreachable.';
    }

    public function run(array $opts): int
    {
        $config = $this->config($opts);
        $versions = Cli::libraryVersions();
        $this->check('extension', 'ok', sprintf('mdsync %s (PHP %s%s)', (string) phpversion('mdsync'), PHP_VERSION,
            $versions === '' ? '' : ", $versions"));
        $this->checkDjango($config, isset($opts['allow-empty']));
        $this->checkMoodle($config);

        $failed = count(array_filter($this->checks, static fn (array $c): bool => $c['status'] === 'failed'));
        $unconfirmed = count(array_filter($this->checks, static fn (array $c): bool => $c['status'] === 'unconfirmed'));
        $ok = $failed === 0;
        if (isset($opts['json'])) {
            $this->say(Json::encode(Json::document('status', ['ok' => $ok, 'exit' => $ok ? ExitCode::OK : ExitCode::CONFIG,
                'checks' => array_map(fn (array $c): array => ['message' => $this->clean($c['message'])] + $c, $this->checks)])));
        } else {
            $o = ['mdsync status: nothing has been changed'];
            $last = '';
            foreach ($this->checks as $c) {
                $word = ['ok' => 'ok', 'failed' => 'FAILED', 'unconfirmed' => 'NOT CONFIRMED', 'note' => 'note',
                    'skipped' => 'not configured', 'hint' => 'hint'][$c['status']] ?? $c['status'];
                $o[] = sprintf('  %-10s %s: %s', $c['name'] === $last ? '' : $c['name'], $word, $c['message']);
                $last = $c['name'];
            }
            $o[] = $ok ? 'All checks passed' . ($unconfirmed > 0 ? " ($unconfirmed not confirmed: see above)" : '') . '.'
                : 'Some checks failed.';
            $this->say(implode("\n", array_map(fn (string $l): string => $this->clean($l), $o)) . "\n");
        }
        return $ok ? ExitCode::OK : ExitCode::CONFIG;
    }

    private function check(string $name, string $status, string $message): void
    {
        $this->checks[] = ['name' => $name, 'status' => $status, 'message' => $message];
    }

    private function failure(string $name, \Throwable $e, Config $config): void
    {
        $message = $e instanceof \Mdsync\Exception ? $e->getMessage() : 'invalid configuration: ' . $e->getMessage();
        $this->check($name, 'failed', $config->translate($message));
        foreach (Hints::for($e, $config, $this->env) as $hint) {
            $this->check($name, 'hint', $hint);
        }
    }

    private function checkDjango(Config $config, bool $allowEmpty): void
    {
        if ($config->string('django_url') === '') {
            $this->check('Django', 'failed', 'no Django URL (--django-url, django_url in the config file, or mdsync.django_url)');
            return;
        }
        if (!$config->hasSecret('django_token')) {
            $this->check('Django', 'failed', 'no token (MDSYNC_DJANGO_TOKEN, or django_token in a chmod 600 config file)');
            return;
        }
        try {
            $probe = mdsync_django_status($config->djangoOptions());
        } catch (\Mdsync\Exception | \ValueError | \TypeError $e) {
            $this->failure('Django', $e, $config);
            return;
        }
        $count = is_int($probe['count'] ?? null) ? $probe['count'] : null;
        $this->check('Django', 'ok', sprintf('%s answers: %s users (%s pagination) in %s ms', $config->usersUrl(),
            $count === null ? 'an unknown number of' : (string) $count,
            is_string($probe['pagination'] ?? null) ? $probe['pagination'] : '?',
            number_format(is_int($probe['elapsed_ms'] ?? null) ? $probe['elapsed_ms'] : 0)));
        if ($count === 0 && !$allowEmpty) {
            $this->check('Django', 'failed', 'Django has no users: plan and apply refuse to act on an empty answer; '
                . 'if Django really is empty, give --allow-empty');
        }
    }

    private function checkMoodle(Config $config): void
    {
        if ($config->string('moodle_url') === '') {
            $this->check('Moodle', 'skipped', 'give --moodle-url URL; without it, apply works offline from --moodle-csv');
            return;
        }
        if (!$config->hasSecret('moodle_token')) {
            $this->check('Moodle', 'failed', 'no web service token (MDSYNC_MOODLE_TOKEN, or moodle_token in a chmod 600 config file)');
            return;
        }
        $site = new ws_side($config->moodleOptions());
        try {
            $info = $site->site_info();
        } catch (\Mdsync\Exception | \ValueError | \TypeError $e) {
            $this->failure('Moodle', $e, $config);
            return;
        }
        $functions = [];
        foreach (is_array($info['functions'] ?? null) ? $info['functions'] : [] as $f) {
            if (is_array($f) && is_string($f['name'] ?? null)) {
                $functions[$f['name']] = true;
            }
        }
        $str = static fn (mixed $v): string => is_scalar($v) ? (string) $v : '?';
        $this->check('Moodle', 'ok', sprintf('%s "%s", Moodle %s, as %s', $site->describe(), $str($info['sitename'] ?? '?'),
            $str($info['release'] ?? '?'), $str($info['username'] ?? '?')));
        $missing = array_values(array_filter(ws_side::NEEDED_FUNCTIONS, static fn (string $f): bool => !isset($functions[$f])));
        if ($missing === []) {
            $this->check('Moodle', 'ok', 'the service has ' . implode(', ', ws_side::NEEDED_FUNCTIONS));
        } else {
            $this->check('Moodle', 'failed', "the token's service lacks " . implode(', ', $missing)
                . ' (add them in Site administration → Server → Web services → External services)');
        }
        if (!isset($functions[ws_side::DELETE_FUNCTION])) {
            $this->check('Moodle', 'note', 'no ' . ws_side::DELETE_FUNCTION . ' (needed only for apply --delete-after-days)');
        }
        $paged = isset($functions[ws_side::PAGED_FUNCTION]);
        if (!$paged) {
            $this->check('Moodle', 'note', 'no ' . ws_side::PAGED_FUNCTION . ': plan and apply list every user in one '
                . 'answer of core_user_get_users, which says nothing of site admins, roles or cohorts, so the scope rules '
                . 'on them cannot be applied (site admins would be offered to Django); install local_django_sync on the '
                . 'site and add ' . ws_side::PAGED_FUNCTION . ' to the service');
        }
        if (!$paged && !isset($functions['core_user_get_users'])) {
            return;
        }
        $users = 0;
        try {
            foreach ($site->users() as $ignored) {
                $users++;
            }
        } catch (\Mdsync\Exception $e) {
            $this->failure('Moodle', $e, $config);
            return;
        }
        if ($paged) {
            $this->check('Moodle', 'ok', sprintf('%s listed in %s of %s, with the facts scope rules read (auth, siteadmin, '
                . 'roles, cohorts)', Text::plural($users, 'user'), Text::plural($site->pages(), 'page'), ws_side::PAGED_FUNCTION));
        }
        $seen = $site->fields_seen();
        $parts = [];
        $unseen = [];
        foreach (moodle_side::ID_FIELDS as $f) {
            $parts[] = "$f on " . Text::plural($seen[$f] ?? 0, 'user');
            if (!isset($seen[$f])) {
                $unseen[] = $f;
            }
        }
        if ($unseen === []) {
            $this->check('Moodle', 'ok', 'profile fields: ' . implode(', ', $parts));
        } else {
            $this->check('Moodle', 'unconfirmed', 'profile fields: ' . implode(', ', $parts) . '. No user carries '
                . implode(', ', $unseen) . ', and web services cannot tell whether such a field exists: '
                . 'local_django_sync creates them when installed (or Site administration → Users → User profile fields, '
                . 'text input, short names edeboid, iasid, djangoid); apply checks with its first write and stops if one is missing');
        }
    }
}
