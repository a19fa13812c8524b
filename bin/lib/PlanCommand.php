<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * `mdsync plan`: what a sync would do, changing nothing. The Moodle side is a
 * CSV from Moodle's bulk user download; the Django side is its users endpoint.
 */
final class PlanCommand extends Command
{
    use MoodleSource;

    public static function summary(): string
    {
        return 'show what a sync would do (changes nothing)';
    }

    public static function options(): array
    {
        return self::djangoOptions() + self::moodleSourceOptions() + [
            'write-upload-csv' => 'FILE',
            'auth' => 'METHOD',
            'json' => null,
        ];
    }

    public static function help(): string
    {
        return <<<TXT
            Usage: mdsync plan (--moodle-url URL | --moodle-csv FILE) [--django-url URL] [OPTIONS]

            Compare Moodle's users with Django's and show what a sync would do:
            users in both, only in Moodle, only in Django, identifiers (edeboid,
            iasid, djangoid) Moodle should get, and conflicts. Nothing is changed.

            TXT . self::moodleSourceHelp() . <<<TXT

            Output:
              --json                print the whole plan as JSON
              --write-upload-csv FILE
                                    write the users only in Django to FILE for Moodle's
                                    Site administration → Users → Upload users; it has no
                                    password column: upload with "Create password if needed
                                    and send via email", or use an external auth method
              --auth METHOD         auth column of that file (default manual)
              -h, --help            this help


            TXT . self::djangoHelp() . <<<TXT

            Exit codes: 0 the plan was made, 2 usage, configuration or connection error.

            TXT;
    }

    public function configure(array $opts): Config
    {
        if (isset($opts['auth'])) {
            if (!isset($opts['write-upload-csv'])) {
                throw new UsageError('--auth only applies with --write-upload-csv');
            }
            if (!preg_match('/^[a-z][a-z0-9_]{0,49}$/', (string) $opts['auth'])) {
                throw new UsageError("--auth must be a Moodle auth plugin name such as manual, ldap, saml2 or oauth2, not '{$opts['auth']}'");
            }
        }
        if (isset($opts['write-upload-csv'])) {
            $dir = dirname((string) $opts['write-upload-csv']);
            if (!is_dir($dir) || !is_writable($dir)) {
                throw new ConfigError("cannot write '{$opts['write-upload-csv']}': directory '$dir' does not exist or is not writable");
            }
        }
        $config = $this->djangoConfig($opts);
        $this->moodleMode($opts, $config);
        return $config;
    }

    public function run(array $opts, Config $config): int
    {
        if ($this->moodleMode($opts, $config) === 'csv') {
            $source = (string) $opts['moodle-csv'];
            $users = new MoodleCsvReader($source);
        } else {
            $site = new MoodleSite($config->moodleOptions());
            $source = $site->url();
            $users = $site->users();
        }
        $plan = mdsync_sync_users($users, $config->djangoOptions());

        $json = isset($opts['json']);
        $note = null;
        if (isset($opts['write-upload-csv'])) {
            $file = (string) $opts['write-upload-csv'];
            $auth = isset($opts['auth']) ? (string) $opts['auth'] : 'manual';
            $n = UploadCsvWriter::write($file, $plan['only_in_django'] ?? [], $auth);
            $note = PlanReport::uploadNote($file, $n, $auth);
        }
        if ($json) {
            fwrite($this->out, PlanReport::json($plan) . "\n");
            if ($note !== null) {
                fwrite($this->err, $note);
            }
        } else {
            fwrite($this->out, PlanReport::render($plan, $source, $config->usersUrl(), $note === null && !isset($site)));
            if (isset($site)) {
                fwrite($this->out, "To carry it out: mdsync apply with the same options.\n");
            }
            if ($note !== null) {
                fwrite($this->out, "\n" . $note);
            }
        }
        return ExitCode::OK;
    }
}

/** The plan as text for a person, or as JSON. */
final class PlanReport
{
    /** Conflicts listed in the text summary; --json has them all. */
    public const MAX_CONFLICTS = 20;

    /** Moodle or Django ids shown per conflict. */
    public const MAX_IDS = 5;

    /**
     * @param array<string, mixed> $plan what mdsync_sync_users() returned
     */
    public static function render(array $plan, string $moodleSource, string $djangoUrl, bool $hintUpload = true,
        string $title = 'mdsync plan: nothing has been changed'): string
    {
        $stats = $plan['stats'] ?? [];
        $count = static fn (string $k): int => is_countable($plan[$k] ?? null) ? count($plan[$k]) : 0;
        $updates = self::updatesByUser($plan['moodle_updates'] ?? []);
        $conflicts = $plan['conflicts'] ?? [];

        $o = [];
        $o[] = $title;
        $o[] = sprintf('  Moodle: %6d users from %s', (int) ($stats['moodle_users'] ?? 0), Text::oneLine($moodleSource));
        $o[] = sprintf('  Django: %6d users from %s', (int) ($stats['django_users'] ?? 0), Text::oneLine($djangoUrl));
        $o[] = '';
        $o[] = sprintf('  %-20s %6d', 'in both', $count('both'));
        $o[] = sprintf('  %-20s %6d   (not in Django)', 'only in Moodle', $count('only_in_moodle'));
        $o[] = sprintf('  %-20s %6d   (to create in Moodle)', 'only in Django', $count('only_in_django'));
        $o[] = sprintf('  %-20s %6d%s', 'identifier updates', count($updates), self::fieldCounts($updates));
        $o[] = sprintf('  %-20s %6d', 'conflicts', count($conflicts));
        $inactive = (int) ($stats['django_inactive_skipped'] ?? 0);
        if ($inactive > 0) {
            $o[] = sprintf('  %-20s %6d   (inactive in Django: not offered for creation)', 'skipped', $inactive);
        }

        if ($conflicts !== []) {
            $o[] = '';
            $o[] = 'Conflicts (resolve them in Moodle or Django; mdsync never guesses):';
            $shown = 0;
            foreach ($conflicts as $c) {
                if ($shown === self::MAX_CONFLICTS) {
                    break;
                }
                $o[] = '  - ' . self::conflictLine($c);
                $shown++;
            }
            if (count($conflicts) > $shown) {
                $o[] = sprintf('  … and %d more (--json lists them all)', count($conflicts) - $shown);
            }
        }

        $o[] = '';
        $o[] = sprintf(
            'Django: %s, %s, %s in %s ms',
            self::plural((int) ($stats['pages'] ?? 0), 'page'),
            self::plural((int) ($stats['requests'] ?? 0), 'request'),
            self::plural((int) ($stats['retries'] ?? 0), 'retry', 'retries'),
            number_format((int) ($stats['elapsed_ms'] ?? 0))
        );
        if ($hintUpload && $count('only_in_django') > 0) {
            $o[] = 'To create the Django-only users in Moodle, write them for Upload users with --write-upload-csv FILE.';
        }
        return implode("\n", $o) . "\n";
    }

    /**
     * The plan's moodle_updates (field => [Moodle id => value]) as Moodle id => [field => value].
     *
     * @param array<string, array<int, string>> $byField
     * @return array<int, array<string, string>>
     */
    public static function updatesByUser(array $byField): array
    {
        $byUser = [];
        foreach ($byField as $field => $values) {
            foreach ($values as $id => $value) {
                $byUser[(int) $id][$field] = (string) $value;
            }
        }
        ksort($byUser);
        return $byUser;
    }

    /** @param array<string, mixed> $plan */
    public static function json(array $plan): string
    {
        // Id-keyed maps stay JSON objects even when empty.
        if (isset($plan['both']) && is_array($plan['both'])) {
            $plan['both'] = (object) $plan['both'];
        }
        if (isset($plan['moodle_updates']) && is_array($plan['moodle_updates'])) {
            $plan['moodle_updates'] = array_map(static fn ($m) => (object) $m, $plan['moodle_updates']);
        }
        return json_encode(
            $plan,
            JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR
        );
    }

    public static function uploadNote(string $file, int $n, string $auth): string
    {
        $how = $auth === 'manual'
            ? 'with "New user password: Create password if needed and send via email"'
            : "(auth $auth: they sign in through it and need no password)";
        return sprintf(
            "Wrote %s to %s (no passwords).\n"
            . "Create them in Moodle: Site administration → Users → Upload users %s.\n"
            . "The profile fields edeboid, iasid and djangoid must exist in Moodle with those short names.\n",
            self::plural($n, 'user'),
            Text::oneLine($file),
            $how
        );
    }

    /** @param array<string, mixed> $c */
    private static function conflictLine(array $c): string
    {
        $line = (string) ($c['reason'] ?? 'conflict');
        $message = trim((string) ($c['message'] ?? ''));
        if ($message !== '') {
            $line .= ': ' . $message;
        }
        $ids = [];
        foreach (['moodle_ids' => 'Moodle', 'django_ids' => 'Django'] as $k => $side) {
            // Ids the message already names are not repeated.
            $list = array_values(array_filter(
                (array) ($c[$k] ?? []),
                static fn ($id): bool => !preg_match('/\b' . preg_quote((string) $id, '/') . '\b/', $message)
            ));
            if ($list !== []) {
                $more = count($list) > self::MAX_IDS ? sprintf(' +%d more', count($list) - self::MAX_IDS) : '';
                $ids[] = "$side " . implode(', ', array_slice($list, 0, self::MAX_IDS)) . $more;
            }
        }
        if ($ids !== []) {
            $line .= ' [' . implode('; ', $ids) . ']';
        }
        return Text::oneLine($line);
    }

    /** @param array<int|string, array<string, mixed>> $updates */
    private static function fieldCounts(array $updates): string
    {
        $n = [];
        foreach ($updates as $fields) {
            foreach ((array) $fields as $field => $unused) {
                $n[$field] = ($n[$field] ?? 0) + 1;
            }
        }
        if ($n === []) {
            return '';
        }
        ksort($n);
        $parts = [];
        foreach ($n as $field => $k) {
            $parts[] = "$field $k";
        }
        return '   (' . Text::oneLine(implode(', ', $parts)) . ')';
    }

    private static function plural(int $n, string $one, ?string $many = null): string
    {
        return number_format($n) . ' ' . ($n === 1 ? $one : ($many ?? $one . 's'));
    }
}
