<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * `mdsync apply`: makes the plan and carries it out.
 *
 * In this order: create the Moodle-only users in Django (and write each new
 * Django id into the Moodle user's djangoid), create the Django-only users in
 * Moodle, fill in identifiers in Moodle, and with --suspend suspend, revive
 * and (with --delete-after-days) delete. Every user touched gets one line in
 * the report, which is printed even when a connection dies midway.
 */
final class ApplyCommand extends Command
{
    use MoodleSource;

    public const CATEGORIES = ['to-moodle', 'to-django', 'identifiers', 'suspend'];

    public static function summary(): string
    {
        return 'carry out the plan: create users on both sides, fill identifiers, optionally suspend';
    }

    public static function options(): array
    {
        return self::djangoOptions() + self::moodleSourceOptions() + [
            'only' => 'CATEGORIES',
            'limit' => 'N',
            'batch-size' => 'N',
            'auth' => 'METHOD',
            'suspend' => null,
            'suspend-max-percent' => 'P',
            'delete-after-days' => 'DAYS',
            'write-upload-csv' => 'FILE',
            'write-update-csv' => 'FILE',
            'yes' => null,
            'json' => null,
        ];
    }

    public static function help(): string
    {
        return <<<TXT
            Usage: mdsync apply (--moodle-url URL | --moodle-csv FILE) [--django-url URL] [OPTIONS]

            Make the plan (as 'mdsync plan' shows it) and carry it out: create the
            Moodle-only users in Django and write their new Django ids into Moodle's
            djangoid field, create the Django-only users in Moodle, fill in the
            identifiers (edeboid, iasid, djangoid) Moodle lacks, and with --suspend
            suspend, revive and delete. Conflicts are never touched. Asks before
            changing anything unless --yes; refuses to run without --yes when stdin is
            not a terminal.

            What:
              --only LIST           to-moodle, to-django, identifiers, suspend (comma list, or
                                    give the option once with a list); default: all but suspend,
                                    and suspend too with --suspend
              --limit N             at most N changes of each kind
              --batch-size N        users per Moodle web service call (default 50); a batch
                                    Moodle refuses is split until the bad user is found
              --auth METHOD         auth of users created in Moodle (default manual: Moodle
                                    creates a password and mails it; ldap, saml2, oauth2, …:
                                    no password). Never a default password.
              --suspend             suspend Moodle users linked to Django (djangoid) whose Django
                                    account is gone or inactive; revive those active again
              --suspend-max-percent P
                                    refuse when more than P% of Moodle users would be suspended
                                    (default 5)
              --delete-after-days DAYS
                                    delete users the sync suspended more than DAYS days ago whose
                                    Django account is still gone (needs the profile field
                                    suspendedat; default: never delete)

            Offline (--moodle-csv): Django users are created directly; Moodle's side is
            written as files to upload by hand in Site administration → Users → Upload users:
              --write-upload-csv FILE
                                    the users to create in Moodle (no password column); needed
                                    for to-moodle
              --write-update-csv FILE
                                    identifier updates of existing users (username and the three
                                    profile fields; upload with "Update existing users only" and
                                    "Override with file"); needed for identifiers and to-django

            Output:
              --yes                 do not ask
              --json                a report for machines (per-user entries)
              -h, --help            this help

            TXT . self::moodleSourceHelp() . "\n" . self::djangoHelp() . <<<TXT

            Exit codes: 0 all done, 1 some users failed (listed), 2 usage, configuration or
            connection error (what was done before it is listed).

            TXT;
    }

    /** @var list<string> */
    private array $only = [];
    private int $limit = PHP_INT_MAX;
    private int $batchSize = 50;
    private string $auth = 'manual';
    private int $deleteAfterDays = 0;

    public function configure(array $opts): Config
    {
        $only = [];
        foreach (explode(',', isset($opts['only']) ? (string) $opts['only'] : '') as $c) {
            $c = trim($c);
            if ($c === '') {
                continue;
            }
            if (!in_array($c, self::CATEGORIES, true)) {
                throw new UsageError("--only: unknown kind '$c' (known: " . implode(', ', self::CATEGORIES) . ')');
            }
            $only[$c] = true;
        }
        if ($only === []) {
            $only = ['to-django' => true, 'to-moodle' => true, 'identifiers' => true];
            if (isset($opts['suspend'])) {
                $only['suspend'] = true;
            }
        }
        if (isset($only['suspend']) && !isset($opts['suspend'])) {
            throw new UsageError('--only suspend needs --suspend (suspension is off unless asked for)');
        }
        $this->only = array_keys($only);
        foreach (['limit' => 'limit', 'batch-size' => 'batchSize'] as $o => $prop) {
            if (isset($opts[$o])) {
                if (!preg_match('/^[1-9][0-9]{0,8}$/', (string) $opts[$o])) {
                    throw new UsageError("--$o must be a positive whole number, not '{$opts[$o]}'");
                }
                $this->$prop = (int) $opts[$o];
            }
        }
        if (isset($opts['auth'])) {
            if (!preg_match('/^[a-z][a-z0-9_]{0,49}$/', (string) $opts['auth'])) {
                throw new UsageError("--auth must be a Moodle auth plugin name such as manual, ldap, saml2 or oauth2, not '{$opts['auth']}'");
            }
            $this->auth = (string) $opts['auth'];
        }
        foreach (['suspend-max-percent', 'delete-after-days'] as $o) {
            if (isset($opts[$o])) {
                if (!isset($opts['suspend'])) {
                    throw new UsageError("--$o only applies with --suspend");
                }
                if (!preg_match('/^[0-9]{1,5}$/', (string) $opts[$o]) || ($o === 'suspend-max-percent' && (int) $opts[$o] > 100)) {
                    throw new UsageError("--$o must be a whole number" . ($o === 'suspend-max-percent' ? ' from 0 to 100' : '') . ", not '{$opts[$o]}'");
                }
            }
        }
        $this->deleteAfterDays = (int) ($opts['delete-after-days'] ?? 0);

        $config = $this->djangoConfig($opts);
        $mode = $this->moodleMode($opts, $config);
        if ($mode === 'csv') {
            if (isset($opts['suspend'])) {
                throw new UsageError('--suspend needs a Moodle site (--moodle-url): the bulk-download CSV does not say who is suspended');
            }
            if (in_array('to-moodle', $this->only, true) && !isset($opts['write-upload-csv'])) {
                throw new UsageError('with --moodle-csv, the users to create in Moodle are written to a file: '
                    . 'give --write-upload-csv FILE (or leave them out with --only)');
            }
            if (array_intersect(['identifiers', 'to-django'], $this->only) !== [] && !isset($opts['write-update-csv'])) {
                throw new UsageError('with --moodle-csv, identifier updates (and the Django ids of users created in Django) '
                    . 'are written to a file: give --write-update-csv FILE (or leave them out with --only)');
            }
            foreach (['write-upload-csv', 'write-update-csv'] as $o) {
                if (isset($opts[$o])) {
                    $dir = dirname((string) $opts[$o]);
                    if (!is_dir($dir) || !is_writable($dir)) {
                        throw new ConfigError("cannot write '{$opts[$o]}': directory '$dir' does not exist or is not writable");
                    }
                }
            }
        } elseif (isset($opts['write-upload-csv']) || isset($opts['write-update-csv'])) {
            throw new UsageError('--write-upload-csv and --write-update-csv are for --moodle-csv; with --moodle-url, apply writes to Moodle itself');
        }
        if (!isset($opts['yes']) && !stream_isatty(STDIN)) {
            throw new UsageError('refusing to change anything without confirmation: stdin is not a terminal; '
                . 'run it on a terminal to be asked, or add --yes');
        }
        return $config;
    }

    public function run(array $opts, Config $config): int
    {
        $csvMode = $this->moodleMode($opts, $config) === 'csv';
        $json = isset($opts['json']);
        $suspend = isset($opts['suspend']);
        $site = null;

        // The Moodle side, and what is known of each Moodle user for the report.
        /** @var array<int, array<string, mixed>> $known */
        $known = [];
        if ($csvMode) {
            $source = (string) $opts['moodle-csv'];
            $users = (function () use ($source, &$known): \Generator {
                foreach (new MoodleCsvReader($source) as $u) {
                    $known[$u['id']] = array_intersect_key($u, array_flip(['username', 'email', 'edeboid', 'iasid', 'djangoid']));
                    yield $u;
                }
            })();
        } else {
            $site = new MoodleSite($config->moodleOptions());
            $source = $site->url();
            $users = $site->users();
            foreach ($users as $u) {
                $known[$u['id']] = $u;
            }
            if ($this->deleteAfterDays > 0 && !$site->hasSeenField(MoodleSite::SUSPENDED_AT_FIELD)) {
                throw new ConfigError(sprintf(
                    "--delete-after-days: no Moodle user carries the profile field '%s', so mdsync cannot tell when "
                    . 'the sync suspended anyone and will not guess. Create it (Site administration → Users → User '
                    . "profile fields, text input, short name %s), then run with --suspend without --delete-after-days: "
                    . 'each suspension records its time there',
                    MoodleSite::SUSPENDED_AT_FIELD,
                    MoodleSite::SUSPENDED_AT_FIELD
                ));
            }
        }

        $planOptions = $config->djangoOptions();
        if ($suspend) {
            $planOptions['suspend'] = true;
            if (isset($opts['suspend-max-percent'])) {
                $planOptions['suspend_max_percent'] = (int) $opts['suspend-max-percent'];
            }
            if ($this->deleteAfterDays > 0) {
                $planOptions['delete_after_days'] = $this->deleteAfterDays;
            }
        }
        $plan = mdsync_sync_users($users, $planOptions);

        $work = $this->select($plan);
        $total = array_sum(array_map('count', $work));
        if (!$json) {
            fwrite($this->out, PlanReport::render($plan, $source, $config->usersUrl(), false, 'mdsync apply: the plan'));
            fwrite($this->out, "\n" . $this->workSummary($work, $csvMode));
        }
        if ($total === 0) {
            if ($json) {
                fwrite($this->out, ApplyReport::json(new ApplyReport(), $csvMode ? 'csv' : 'site', null) . "\n");
            } else {
                fwrite($this->out, "Nothing to do.\n");
            }
            return ExitCode::OK;
        }
        if (!isset($opts['yes'])) {
            if ($json) {
                fwrite($this->err, $this->workSummary($work, $csvMode));
            }
            fwrite($json ? $this->err : $this->out, 'Apply? [y/N] ');
            $answer = fgets(STDIN);
            if (!in_array(strtolower(trim((string) $answer)), ['y', 'yes'], true)) {
                fwrite($json ? $this->err : $this->out, "Nothing has been changed.\n");
                return ExitCode::OK;
            }
        }

        $report = new ApplyReport();
        $progress = new Progress($this->err, $total + count($work['to-django']));
        $run = new ApplyRun($report, $progress, $known, $this->batchSize, $this->auth, $site, $config);
        $error = null;
        try {
            $run->toDjango($work['to-django']);
            $run->toMoodle($work['to-moodle']);
            $run->identifiers($work['identifiers']);
            $run->suspend($work['suspend'], $work['revive'], $work['delete'], $this->deleteAfterDays > 0);
            if ($csvMode) {
                $run->writeFiles(
                    isset($opts['write-upload-csv']) ? (string) $opts['write-upload-csv'] : null,
                    isset($opts['write-update-csv']) ? (string) $opts['write-update-csv'] : null
                );
            }
        } catch (\Mdsync\Exception | ConfigError $e) {
            $error = $e->getMessage();
            $report->notAttempted($run->pending());
        } finally {
            $progress->clear();
        }
        $scrub = static fn (string $s): string => Text::oneLine($config->scrub($s));
        if ($json) {
            fwrite($this->out, ApplyReport::json($report, $csvMode ? 'csv' : 'site', $error === null ? null : $scrub($error), $run->notes(), $scrub) . "\n");
        } else {
            fwrite($this->out, "\n" . $report->render($scrub));
            foreach ($run->notes() as $note) {
                fwrite($this->out, implode("\n", array_map($scrub, explode("\n", $note))) . "\n");
            }
        }
        if ($error !== null) {
            fwrite($this->err, 'mdsync apply: stopped: ' . $scrub($error) . "\n"
                . "Everything done before the error is listed above; run 'mdsync plan' to see what is left.\n");
            return ExitCode::CONFIG;
        }
        return $report->failed() > 0 ? ExitCode::PARTIAL : ExitCode::OK;
    }

    /**
     * The parts of the plan to carry out, each cut to --limit.
     *
     * @param array<string, mixed> $plan
     * @return array{to-django: array, to-moodle: array, identifiers: array, suspend: array, revive: array, delete: array}
     */
    private function select(array $plan): array
    {
        $take = function (string $category, $list): array {
            if (!in_array($category, $this->only, true) || !is_array($list)) {
                return [];
            }
            return array_slice($list, 0, $this->limit, true);
        };
        return [
            'to-django' => $take('to-django', $plan['only_in_moodle'] ?? []),
            'to-moodle' => $take('to-moodle', $plan['only_in_django'] ?? []),
            'identifiers' => $take('identifiers', PlanReport::updatesByUser($plan['moodle_updates'] ?? [])),
            'suspend' => $take('suspend', $plan['to_suspend'] ?? []),
            'revive' => $take('suspend', $plan['to_revive'] ?? []),
            'delete' => $take('suspend', $plan['to_delete'] ?? []),
        ];
    }

    /** @param array<string, array> $work */
    private function workSummary(array $work, bool $csvMode): string
    {
        $lines = [];
        $add = function (string $what, int $n) use (&$lines): void {
            if ($n > 0) {
                $lines[] = sprintf('  %-34s %6d', $what, $n);
            }
        };
        $add('create in Django', count($work['to-django']));
        $add($csvMode ? 'write to the upload file (new users)' : 'create in Moodle', count($work['to-moodle']));
        $add($csvMode ? 'write to the update file' : 'set identifiers in Moodle', count($work['identifiers']));
        $add('suspend in Moodle', count($work['suspend']));
        $add('revive in Moodle', count($work['revive']));
        $add('delete from Moodle', count($work['delete']));
        if ($lines === []) {
            return '';
        }
        return 'To apply' . ($this->limit !== PHP_INT_MAX ? " (at most {$this->limit} of each kind)" : '') . ":\n"
            . implode("\n", $lines) . "\n";
    }
}

/** Carries out the selected parts of a plan, recording every user in the report. */
final class ApplyRun
{
    private ApplyReport $report;
    private Progress $progress;
    /** @var array<int, array<string, mixed>> */
    private array $known;
    private int $batchSize;
    private string $auth;
    private ?MoodleSite $site;
    private Config $config;

    /** @var array<int, array<string, string>> Moodle id => identifier fields still to write (Django ids of new Django users) */
    private array $links = [];
    /** @var list<array<string, mixed>> users to create in Moodle (CSV mode: for the upload file) */
    private array $newMoodleUsers = [];
    /** @var array<int, array<string, string>> Moodle id => fields (CSV mode: for the update file) */
    private array $updates = [];
    /** @var list<string> */
    private array $notes = [];
    /** @var list<array{0: string, 1: string}> actions and users not attempted yet: [action, label] */
    private array $pending = [];

    /** @param array<int, array<string, mixed>> $known */
    public function __construct(ApplyReport $report, Progress $progress, array $known, int $batchSize, string $auth, ?MoodleSite $site, Config $config)
    {
        $this->report = $report;
        $this->progress = $progress;
        $this->known = $known;
        $this->batchSize = $batchSize;
        $this->auth = $auth;
        $this->site = $site;
        $this->config = $config;
    }

    /** @return list<string> */
    public function notes(): array
    {
        return $this->notes;
    }

    /** @return list<array{0: string, 1: string}> */
    public function pending(): array
    {
        return $this->pending;
    }

    private function label(int $moodleId): string
    {
        $u = $this->known[$moodleId] ?? [];
        $name = (string) ($u['username'] ?? '');
        $email = trim((string) ($u['email'] ?? ''));
        return ($name !== '' ? $name : "Moodle user $moodleId") . ($email !== '' ? " <$email>" : '');
    }

    private static function djangoLabel(array $d): string
    {
        return (string) ($d['username'] ?? '') . ' <' . trim((string) ($d['email'] ?? '')) . '>';
    }

    /**
     * Creates the Moodle-only users in Django, a batch at a time, and links
     * each new one to its Moodle user (djangoid).
     *
     * @param array<int|string, array<string, mixed>> $records full Moodle records
     */
    public function toDjango(array $records): void
    {
        $byId = [];
        foreach ($records as $r) {
            $byId[(int) $r['id']] = $r;
        }
        foreach ($byId as $id => $r) {
            $this->pending[$id . ':create_django'] = ['create in Django', $this->label($id)];
        }
        $options = $this->config->djangoOptions();
        unset($options['match']);
        try {
            $this->createInDjango($byId, $options);
        } catch (\Mdsync\Exception $e) {
            // The users created before the failure still get their djangoid.
            $this->linkDjangoIds();
            throw $e;
        }
        $this->linkDjangoIds();
    }

    private function linkDjangoIds(): void
    {
        if ($this->links !== []) {
            $links = $this->links;
            $this->links = [];
            $this->writeIdentifiers($links, 'to-django', 'link djangoid in Moodle');
        }
    }

    /**
     * @param array<int, array<string, mixed>> $byId
     * @param array<string, mixed> $options
     */
    private function createInDjango(array $byId, array $options): void
    {
        foreach (array_chunk($byId, $this->batchSize, true) as $chunk) {
            $send = [];
            foreach ($chunk as $id => $r) {
                $send[$id] = array_intersect_key($r, array_flip(['username', 'email', 'firstname', 'lastname', 'edeboid', 'iasid', 'suspended']));
                $send[$id]['email'] = trim((string) $r['email']);
            }
            $results = mdsync_create_django_users($send, $options);
            $lost = 0;
            foreach ($chunk as $id => $r) {
                unset($this->pending[$id . ':create_django']);
                $res = $results[$id] ?? ['status' => 'error', 'http_status' => 0, 'message' => 'no result'];
                $label = $this->label($id);
                switch ($res['status']) {
                    case 'created':
                        $did = (string) $res['django_id'];
                        $this->report->add('to-django', 'create in Django', $label, $id, $did, 'done', "Django id $did");
                        $this->links[$id] = ['djangoid' => $did];
                        break;
                    case 'exists':
                        $this->report->add('to-django', 'create in Django', $label, $id, null, 'exists',
                            'Django already has this email; the next plan links them');
                        break;
                    default:
                        $status = (int) ($res['http_status'] ?? 0);
                        if ($status === 0 || $status >= 500) {
                            $lost++;
                        }
                        $this->report->add('to-django', 'create in Django', $label, $id, null, 'failed',
                            self::djangoError($res));
                }
                $this->progress->advance('create in Django');
            }
            if ($lost === count($chunk)) {
                // Every user of the batch failed without an answer from Django: the
                // connection, not the users; stop rather than fail everyone else.
                throw new \Mdsync\ConnectionException('Django could not be reached while creating users: '
                    . self::djangoError($results[array_key_first($chunk)] ?? []));
            }
        }
    }

    /** @param array<string, mixed> $res */
    private static function djangoError(array $res): string
    {
        $msg = trim((string) ($res['message'] ?? 'error'));
        if (!empty($res['errors']) && is_array($res['errors'])) {
            $parts = [];
            foreach ($res['errors'] as $field => $errs) {
                $parts[] = $field . ': ' . implode(' ', array_map(static fn ($e): string => is_scalar($e) ? (string) $e : json_encode($e), (array) $errs));
            }
            $msg .= ' (' . implode('; ', $parts) . ')';
        }
        return $msg;
    }

    /** @param array<int|string, array<string, mixed>> $records Django records */
    public function toMoodle(array $records): void
    {
        $users = [];
        foreach (array_values($records) as $i => $d) {
            $u = [
                // Moodle requires lower-case usernames and rejects an email with surrounding spaces.
                'username' => strtolower(trim((string) ($d['username'] ?? ''))),
                'firstname' => (string) ($d['firstname'] ?? ''),
                'lastname' => (string) ($d['lastname'] ?? ''),
                'email' => trim((string) ($d['email'] ?? '')),
                'auth' => $this->auth,
            ];
            if ($this->auth === 'manual') {
                // Moodle generates a password and mails it; mdsync never sets one.
                $u['createpassword'] = 1;
            }
            $fields = [];
            foreach (['edeboid', 'iasid'] as $f) {
                if (($d[$f] ?? null) !== null && (string) $d[$f] !== '') {
                    $fields[$f] = (string) $d[$f];
                }
            }
            $fields['djangoid'] = (string) ($d['djangoid'] ?? $d['id']);
            $u['customfields'] = self::customFields($fields);
            $users[$i] = $u;
            $this->pending["d$i:create_moodle"] = ['create in Moodle', self::djangoLabel($d)];
        }
        if ($users === []) {
            return;
        }
        if ($this->site === null) {
            foreach (array_values($records) as $i => $d) {
                unset($this->pending["d$i:create_moodle"]);
                $this->newMoodleUsers[] = $d;
                $this->report->add('to-moodle', 'create in Moodle', self::djangoLabel($d), null, (string) ($d['djangoid'] ?? $d['id']), 'written', 'to the upload file');
            }
            return;
        }
        $records = array_values($records);
        $this->site->createUsers($users, $this->batchSize, function ($i, ?int $mid, ?string $error) use ($records): void {
            unset($this->pending["d$i:create_moodle"]);
            $d = $records[$i];
            $did = (string) ($d['djangoid'] ?? $d['id']);
            if ($error === null) {
                $this->report->add('to-moodle', 'create in Moodle', self::djangoLabel($d), $mid, $did, 'done', "Moodle id $mid"
                    . ($this->auth === 'manual' ? ', password mailed by Moodle' : ", auth {$this->auth}"));
            } else {
                $this->report->add('to-moodle', 'create in Moodle', self::djangoLabel($d), null, $did, 'failed', $error);
            }
            $this->progress->advance('create in Moodle');
        });
    }

    /** @param array<int|string, array<string, mixed>> $updates Moodle id => fields */
    public function identifiers(array $updates): void
    {
        $list = [];
        foreach ($updates as $id => $fields) {
            $list[(int) $id] = array_map('strval', array_filter((array) $fields, static fn ($v): bool => $v !== null));
        }
        if ($list !== []) {
            $this->writeIdentifiers($list, 'identifiers', 'set identifiers');
        }
    }

    /** @param array<int, array<string, string>> $list Moodle id => fields */
    private function writeIdentifiers(array $list, string $category, string $action): void
    {
        $describe = static function (array $fields): string {
            $parts = [];
            foreach ($fields as $k => $v) {
                $parts[] = "$k=$v";
            }
            return implode(', ', $parts);
        };
        if ($this->site === null) {
            foreach ($list as $id => $fields) {
                $this->updates[$id] = ($this->updates[$id] ?? []) + $fields;
                $this->report->add($category, $action, $this->label($id), $id, $fields['djangoid'] ?? null, 'written', $describe($fields) . ' (to the update file)');
            }
            return;
        }
        $users = [];
        foreach ($list as $id => $fields) {
            $users[$id] = ['id' => $id, 'customfields' => self::customFields($fields)];
            $this->pending["$id:$action"] = [$action, $this->label($id)];
        }
        $this->site->updateUsers($users, $this->batchSize, function ($id, ?int $unused, ?string $error) use ($list, $category, $action, $describe): void {
            unset($this->pending["$id:$action"]);
            $this->report->add($category, $action, $this->label((int) $id), (int) $id, $list[$id]['djangoid'] ?? null,
                $error === null ? 'done' : 'failed', $error ?? $describe($list[$id]));
            $this->progress->advance('update Moodle');
        });
    }

    /**
     * @param array<int|string, array<string, mixed>> $suspend Moodle id => [reason, django_id]
     * @param array<int|string, mixed> $revive Moodle id => Django id
     * @param array<int|string, string> $delete Moodle id => reason
     */
    public function suspend(array $suspend, array $revive, array $delete, bool $deleting): void
    {
        if ($this->site === null || ($suspend === [] && $revive === [] && $delete === [])) {
            return;
        }
        $field = MoodleSite::SUSPENDED_AT_FIELD;
        $fieldSeen = $this->site->hasSeenField($field);
        $now = (string) time();

        $users = [];
        $why = [];
        foreach ($suspend as $id => $s) {
            $id = (int) $id;
            $reason = (string) ($s['reason'] ?? 'django_user_missing');
            $why[$id] = $reason === 'django_user_inactive' ? 'inactive in Django' : 'not in Django';
            $users[$id] = ['id' => $id, 'suspended' => 1, 'customfields' => self::customFields([$field => $now])];
            $this->pending["$id:suspend"] = ['suspend', $this->label($id)];
        }
        if (!$fieldSeen && $users !== []) {
            // Suspend one user first and read it back: if the field does not
            // exist, Moodle drops its value without a word.
            $firstId = array_key_first($users);
            $this->runSuspend([$firstId => $users[$firstId]], $why);
            unset($users[$firstId]);
            $fields = $this->site->userFields($firstId);
            if ($fields !== null && ($fields[$field] ?? '') === $now) {
                $fieldSeen = true;
            } else {
                $this->notes[] = "Note: Moodle has no profile field '$field' (text, created by an administrator): "
                    . 'suspension times are not recorded, so --delete-after-days cannot be used and users suspended '
                    . 'by hand cannot be told from users the sync suspended.';
            }
        }
        $this->runSuspend($users, $why);

        $users = [];
        foreach ($revive as $id => $did) {
            $id = (int) $id;
            $known = $this->known[$id] ?? [];
            if ($fieldSeen && !isset($known['suspended_at'])) {
                // Suspended, but not by the sync: an administrator's decision stands.
                $this->report->add('suspend', 'revive', $this->label($id), $id, (string) $did, 'skipped',
                    "suspended in Moodle, but not by the sync (no $field): left alone");
                continue;
            }
            $users[$id] = ['id' => $id, 'suspended' => 0, 'customfields' => self::customFields([$field => ''])];
            $this->pending["$id:revive"] = ['revive', $this->label($id)];
        }
        $this->site->updateUsers($users, $this->batchSize, function ($id, ?int $unused, ?string $error) use ($revive): void {
            unset($this->pending["$id:revive"]);
            $this->report->add('suspend', 'revive', $this->label((int) $id), (int) $id, (string) $revive[$id],
                $error === null ? 'done' : 'failed', $error ?? 'active in Django again');
            $this->progress->advance('update Moodle');
        });

        if ($delete !== [] && $deleting) {
            $ids = [];
            foreach ($delete as $id => $reason) {
                $ids[(int) $id] = (int) $id;
                $this->pending["$id:delete"] = ['delete', $this->label((int) $id)];
            }
            $this->site->deleteUsers($ids, $this->batchSize, function ($id, ?int $unused, ?string $error) use ($delete): void {
                unset($this->pending["$id:delete"]);
                $this->report->add('suspend', 'delete', $this->label((int) $id), (int) $id, null,
                    $error === null ? 'done' : 'failed',
                    $error ?? ($delete[$id] === 'django_user_inactive' ? 'still inactive in Django' : 'still not in Django'));
                $this->progress->advance('delete from Moodle');
            });
        }
    }

    /**
     * @param array<int, array<string, mixed>> $users
     * @param array<int, string> $why
     */
    private function runSuspend(array $users, array $why): void
    {
        $this->site->updateUsers($users, $this->batchSize, function ($id, ?int $unused, ?string $error) use ($why): void {
            unset($this->pending["$id:suspend"]);
            $this->report->add('suspend', 'suspend', $this->label((int) $id), (int) $id, null,
                $error === null ? 'done' : 'failed', $error ?? $why[$id]);
            $this->progress->advance('update Moodle');
        });
    }

    /** CSV mode: the files for Moodle's Upload users. */
    public function writeFiles(?string $uploadFile, ?string $updateFile): void
    {
        if ($uploadFile !== null && $this->newMoodleUsers !== []) {
            $n = UploadCsvWriter::write($uploadFile, $this->newMoodleUsers, $this->auth);
            $this->notes[] = rtrim(PlanReport::uploadNote($uploadFile, $n, $this->auth));
        }
        if ($updateFile !== null && $this->updates !== []) {
            $rows = [];
            foreach ($this->updates as $id => $fields) {
                $u = $this->known[$id] ?? [];
                $row = ['username' => (string) ($u['username'] ?? '')];
                foreach (MoodleSite::ID_FIELDS as $f) {
                    // Every identifier column holds the value the user should end with, so
                    // "Override with file" never blanks one.
                    $row[$f] = (string) ($fields[$f] ?? $u[$f] ?? '');
                }
                $rows[] = $row;
            }
            $n = UpdateCsvWriter::write($updateFile, $rows);
            $this->notes[] = sprintf(
                "Wrote %d identifier update%s to %s.\n"
                . "Moodle has not been changed: upload it in Site administration → Users → Upload users with\n"
                . "\"Upload type: Update existing users only\" and \"Existing user details: Override with file\".",
                $n, $n === 1 ? '' : 's', $updateFile
            );
        }
        if ($this->newMoodleUsers !== [] || $this->updates !== []) {
            $this->notes[] = "Moodle's side must be uploaded by hand: mdsync did not change Moodle.";
        }
    }

    /**
     * @param array<string, string> $fields short name => value
     * @return list<array{type: string, value: string}>
     */
    private static function customFields(array $fields): array
    {
        $out = [];
        foreach ($fields as $k => $v) {
            $out[] = ['type' => (string) $k, 'value' => (string) $v];
        }
        return $out;
    }
}

/** Writes identifier updates for Upload users (update existing users, keyed by username). */
final class UpdateCsvWriter
{
    public const HEADER = ['username', 'profile_field_edeboid', 'profile_field_iasid', 'profile_field_djangoid'];

    /**
     * @param list<array{username: string, edeboid: string, iasid: string, djangoid: string}> $rows
     * @throws ConfigError
     */
    public static function write(string $file, array $rows): int
    {
        return MoodleCsv::writeRows($file, '.mdsync-update-', self::HEADER,
            array_map(fn (array $r) => [$r['username'], $r['edeboid'], $r['iasid'], $r['djangoid']], $rows));
    }
}

/** What apply did, one entry per user and action. */
final class ApplyReport
{
    /** @var list<array<string, mixed>> */
    private array $entries = [];

    public function add(string $category, string $action, string $user, ?int $moodleId, ?string $djangoId, string $status, string $detail): void
    {
        $this->entries[] = [
            'category' => $category,
            'action' => $action,
            'user' => $user,
            'moodle_id' => $moodleId,
            'django_id' => $djangoId,
            'status' => $status,
            'message' => $detail,
        ];
    }

    /** @param list<array{0: string, 1: string}> $pending */
    public function notAttempted(array $pending): void
    {
        foreach ($pending as [$action, $label]) {
            $this->entries[] = [
                'category' => null, 'action' => $action, 'user' => $label, 'moodle_id' => null, 'django_id' => null,
                'status' => 'not_done', 'message' => 'not done: the run stopped (or the call that carried it failed; run plan to see)',
            ];
        }
    }

    public function failed(): int
    {
        return count(array_filter($this->entries, static fn (array $e): bool => $e['status'] === 'failed'));
    }

    /** @return array<string, int> */
    public function counts(): array
    {
        $n = [];
        foreach ($this->entries as $e) {
            $n[$e['status']] = ($n[$e['status']] ?? 0) + 1;
        }
        ksort($n);
        return $n;
    }

    /** @param callable(string): string $clean */
    public function render(callable $clean): string
    {
        $o = [];
        foreach ($this->entries as $e) {
            $status = ['done' => 'ok', 'failed' => 'FAILED', 'not_done' => 'NOT DONE'][$e['status']] ?? $e['status'];
            $o[] = $clean(sprintf('%-8s %-24s %s: %s', $status, $e['action'], $e['user'], $e['message']));
        }
        $counts = $this->counts();
        $parts = [];
        foreach ($counts as $status => $n) {
            $parts[] = "$n " . str_replace('_', ' ', $status);
        }
        $o[] = '';
        $o[] = 'mdsync apply: ' . ($parts === [] ? 'nothing done' : implode(', ', $parts));
        $failed = array_values(array_filter($this->entries, static fn (array $e): bool => $e['status'] === 'failed'));
        if ($failed !== []) {
            $o[] = 'Failed:';
            foreach ($failed as $e) {
                $o[] = $clean("  - {$e['action']} {$e['user']}: {$e['message']}");
            }
        }
        return implode("\n", $o) . "\n";
    }

    /**
     * @param list<string> $notes
     * @param ?callable(string): string $clean
     */
    public static function json(self $report, string $mode, ?string $error, array $notes = [], ?callable $clean = null): string
    {
        $clean ??= static fn (string $s): string => $s;
        $entries = array_map(static function (array $e) use ($clean): array {
            $e['user'] = $clean((string) $e['user']);
            $e['message'] = $clean((string) $e['message']);
            return $e;
        }, $report->entries);
        return json_encode([
            'moodle' => $mode,
            'counts' => (object) $report->counts(),
            'entries' => $entries,
            'notes' => array_map($clean, $notes),
            'error' => $error,
        ], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE | JSON_THROW_ON_ERROR);
    }
}

/** Users done so far, on stderr when it is a terminal; silent otherwise. */
final class Progress
{
    /** @var resource */
    private $err;
    private bool $on;
    private int $total;
    private int $done = 0;
    private bool $shown = false;

    /** @param resource $err */
    public function __construct($err, int $total)
    {
        $this->err = $err;
        $this->on = stream_isatty($err);
        $this->total = $total;
    }

    public function advance(string $what): void
    {
        $this->done++;
        if ($this->on) {
            fwrite($this->err, sprintf("\r\033[Kmdsync apply: %d/%d users (%s)", $this->done, $this->total, $what));
            $this->shown = true;
        }
    }

    public function clear(): void
    {
        if ($this->shown) {
            fwrite($this->err, "\r\033[K");
            $this->shown = false;
        }
    }
}
