<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * A Moodle site through its REST web services (mdsync_moodle_call()): listing
 * users with their identifier profile fields, and writing users in batches.
 *
 * Moodle runs each web service call in one transaction: one bad user rolls
 * back the whole batch, and with debugging off the only message is "Invalid
 * parameter value detected". So a failed batch is split in halves, and again,
 * until the bad record stands alone; it is reported with Moodle's message and
 * the others go through. A failure that is not Moodle's answer (no
 * connection, an HTTP error, a body that is not JSON) is not split: it
 * propagates, and the caller reports what was done before it.
 */
final class MoodleSite
{
    /** Custom profile fields (short names) read as the identifiers. */
    public const ID_FIELDS = ['edeboid', 'iasid', 'djangoid'];

    /**
     * The custom profile field (short name) in which `apply --suspend` records
     * when the sync suspended a user (Unix time). It is not created by
     * local_django_sync: an administrator adds it (text input) to use
     * --delete-after-days and to keep users suspended by hand from being revived.
     */
    public const SUSPENDED_AT_FIELD = 'suspendedat';

    /** Functions `apply` needs; core_user_delete_users only for --delete-after-days. */
    public const NEEDED_FUNCTIONS = ['core_user_get_users', 'core_user_create_users', 'core_user_update_users'];
    public const DELETE_FUNCTION = 'core_user_delete_users';

    /** @var array<string, mixed> options for mdsync_moodle_call() */
    private array $options;

    /** @var array<string, true> custom profile fields seen holding a value on some user */
    private array $seenFields = [];

    /** Users left out of the listing, by why. @var array<string, int> */
    private array $skipped = ['guest' => 0, 'deleted' => 0];

    /** Web service calls made. */
    private int $calls = 0;

    /** @param array<string, mixed> $options */
    public function __construct(array $options)
    {
        $this->options = $options;
    }

    /** The site's address, for messages (no credentials, which Moodle URLs never carry anyway). */
    public function url(): string
    {
        return (string) preg_replace('~^([a-z][a-z0-9+.-]*://)[^/@]*@~i', '$1', (string) ($this->options['moodle_url'] ?? ''));
    }

    public function calls(): int
    {
        return $this->calls;
    }

    /** @return array<string, int> */
    public function skipped(): array
    {
        return $this->skipped;
    }

    public function hasSeenField(string $shortname): bool
    {
        return isset($this->seenFields[$shortname]);
    }

    /**
     * @param array<string, mixed> $params
     * @return mixed
     */
    public function call(string $function, array $params = [], bool $retry = true)
    {
        $this->calls++;
        $options = $this->options;
        if (!$retry) {
            // A write whose answer was lost may have happened: never send it twice.
            $options['max_retries'] = 0;
        }
        return mdsync_moodle_call($function, $params, $options);
    }

    /** @return array<string, mixed> core_webservice_get_site_info's answer */
    public function siteInfo(): array
    {
        $info = $this->call('core_webservice_get_site_info');
        if (!is_array($info)) {
            throw new \Mdsync\ProtocolException('Moodle core_webservice_get_site_info answered with something other than an object');
        }
        return $info;
    }

    /**
     * Every Moodle user as a canonical record (core_user_get_users with the
     * email criterion '%', which lists everyone). Left out: the guest user and
     * deleted users (core_user_get_users does not list those, but a record
     * flagged deleted is dropped all the same). Users with auth 'nologin' stay:
     * their accounts exist, and leaving them out would make the plan offer to
     * create them again in Moodle.
     *
     * @return list<array<string, mixed>>
     */
    public function users(): array
    {
        $answer = $this->call('core_user_get_users', ['criteria' => [['key' => 'email', 'value' => '%']]]);
        if (!is_array($answer) || !isset($answer['users']) || !is_array($answer['users'])) {
            throw new \Mdsync\ProtocolException('Moodle core_user_get_users answered without a users list');
        }
        $users = [];
        foreach ($answer['users'] as $u) {
            if (!is_array($u) || !isset($u['id'])) {
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
            $rec = [
                'source' => 'moodle',
                'id' => (int) $u['id'],
                'username' => (string) ($u['username'] ?? ''),
                'email' => (string) ($u['email'] ?? ''),
                'firstname' => (string) ($u['firstname'] ?? ''),
                'lastname' => (string) ($u['lastname'] ?? ''),
                'edeboid' => null,
                'iasid' => null,
                'djangoid' => null,
                'auth' => isset($u['auth']) ? (string) $u['auth'] : null,
                'suspended' => !empty($u['suspended']),
            ];
            foreach ((array) ($u['customfields'] ?? []) as $f) {
                $short = is_array($f) ? (string) ($f['shortname'] ?? '') : '';
                $value = is_array($f) && isset($f['value']) && is_scalar($f['value']) ? trim((string) $f['value']) : '';
                if ($short === '' || $value === '') {
                    continue;
                }
                $this->seenFields[$short] = true;
                if (in_array($short, self::ID_FIELDS, true)) {
                    $rec[$short] = $value;
                } elseif ($short === self::SUSPENDED_AT_FIELD && preg_match('/^[1-9][0-9]{0,18}$/', $value)) {
                    $rec['suspended_at'] = (int) $value;
                }
            }
            $users[] = $rec;
        }
        return $users;
    }

    /** A user's custom fields as core_user_get_users lists them, by short name. */
    public function userFields(int $id): ?array
    {
        $answer = $this->call('core_user_get_users', ['criteria' => [['key' => 'id', 'value' => (string) $id]]]);
        $u = is_array($answer) ? ($answer['users'][0] ?? null) : null;
        if (!is_array($u)) {
            return null;
        }
        $fields = [];
        foreach ((array) ($u['customfields'] ?? []) as $f) {
            if (is_array($f) && isset($f['shortname'])) {
                $fields[(string) $f['shortname']] = (string) ($f['value'] ?? '');
            }
        }
        return $fields;
    }

    /**
     * core_user_create_users in batches, split on failure.
     *
     * @param array<int|string, array<string, mixed>> $users key => user as Moodle takes it
     * @param callable(int|string, ?int, ?string): void $report key, new Moodle id or null, error message or null
     */
    public function createUsers(array $users, int $batchSize, callable $report): void
    {
        foreach (array_chunk($users, $batchSize, true) as $chunk) {
            $this->batch('core_user_create_users', $chunk, function (array $batch): array {
                $answer = $this->call('core_user_create_users', ['users' => array_values($batch)], false);
                if (!is_array($answer) || count($answer) !== count($batch)) {
                    throw new \Mdsync\ProtocolException('Moodle core_user_create_users answered with '
                        . (is_array($answer) ? count($answer) : 'no') . ' users for ' . count($batch) . ' sent');
                }
                $out = [];
                $i = 0;
                foreach ($batch as $key => $unused) {
                    $out[$key] = [(int) ($answer[$i++]['id'] ?? 0), null];
                }
                return $out;
            }, $report);
        }
    }

    /**
     * core_user_update_users in batches, split on failure; a warning naming a
     * user (Moodle 4.x answers {"warnings": [...]}) fails that user alone.
     *
     * @param array<int|string, array<string, mixed>> $users key => user as Moodle takes it (with id)
     * @param callable(int|string, ?int, ?string): void $report
     */
    public function updateUsers(array $users, int $batchSize, callable $report): void
    {
        foreach (array_chunk($users, $batchSize, true) as $chunk) {
            $this->batch('core_user_update_users', $chunk, function (array $batch): array {
                $answer = $this->call('core_user_update_users', ['users' => array_values($batch)]);
                $warned = [];
                foreach ((array) (is_array($answer) ? ($answer['warnings'] ?? []) : []) as $w) {
                    if (is_array($w) && isset($w['itemid'])) {
                        $warned[(int) $w['itemid']] = trim((string) ($w['message'] ?? '') . ' (' . (string) ($w['warningcode'] ?? 'warning') . ')');
                    }
                }
                $out = [];
                foreach ($batch as $key => $u) {
                    $id = (int) $u['id'];
                    $out[$key] = [$id, $warned[$id] ?? null];
                }
                return $out;
            }, $report);
        }
    }

    /**
     * core_user_delete_users in batches, split on failure.
     *
     * @param array<int|string, int> $ids key => Moodle user id
     * @param callable(int|string, ?int, ?string): void $report
     */
    public function deleteUsers(array $ids, int $batchSize, callable $report): void
    {
        foreach (array_chunk($ids, $batchSize, true) as $chunk) {
            $this->batch('core_user_delete_users', $chunk, function (array $batch): array {
                $this->call('core_user_delete_users', ['userids' => array_values($batch)], false);
                $out = [];
                foreach ($batch as $key => $id) {
                    $out[$key] = [(int) $id, null];
                }
                return $out;
            }, $report);
        }
    }

    /**
     * Runs $send on $batch; on Moodle's refusal splits it in halves until the
     * record that fails stands alone. Other exceptions propagate: the users
     * of this batch are then neither done nor failed (the caller says so).
     *
     * @param array<int|string, mixed> $batch
     * @param callable(array): array<int|string, array{0: int, 1: ?string}> $send
     * @param callable(int|string, ?int, ?string): void $report
     */
    private function batch(string $function, array $batch, callable $send, callable $report): void
    {
        try {
            $results = $send($batch);
        } catch (\Mdsync\MoodleException $e) {
            if (count($batch) === 1) {
                $report(array_key_first($batch), null, self::moodleMessage($e, $function));
                return;
            }
            $half = intdiv(count($batch), 2);
            $this->batch($function, array_slice($batch, 0, $half, true), $send, $report);
            $this->batch($function, array_slice($batch, $half, null, true), $send, $report);
            return;
        }
        foreach ($results as $key => [$id, $error]) {
            $report($key, $error === null ? $id : null, $error);
        }
    }

    /** Moodle's own words: "Invalid parameter value detected (invalidparameter)". */
    public static function moodleMessage(\Mdsync\MoodleException $e, string $function): string
    {
        $m = $e->getMessage();
        $prefix = "Moodle $function failed: ";
        if (str_starts_with($m, $prefix)) {
            $m = substr($m, strlen($prefix));
        }
        return $m;
    }
}
