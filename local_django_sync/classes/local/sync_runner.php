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
 * Runs a user sync: asks the extension for the plan, then applies the parts asked for.
 *
 * Directions: "to-moodle" creates Django-only users in Moodle, "to-django" creates Moodle-only users in
 * Django, "identifiers" fills the identifier profile fields of users on both sides. Re-running after an
 * apply finds nothing to do: the plan is computed from the state of both sides every time.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class sync_runner {
    /** The directions, in the order they are applied. */
    public const DIRECTIONS = ['identifiers', 'to-moodle', 'to-django'];

    /** Users sent to Django per extension call. */
    public const DJANGO_BATCH = 500;

    /** @var gateway */
    protected $gateway;

    /** @var moodle_users */
    protected $users;

    /**
     * Constructor.
     *
     * @param gateway|null $gateway the door to the extension (tests pass a fake)
     * @param moodle_users|null $users the Moodle side
     */
    public function __construct(?gateway $gateway = null, ?moodle_users $users = null) {
        $this->gateway = $gateway ?? new gateway();
        $this->users = $users ?? new moodle_users();
    }

    /**
     * The gateway in use.
     *
     * @return gateway
     */
    public function gateway(): gateway {
        return $this->gateway;
    }

    /**
     * The current plan; changes nothing.
     *
     * @return array
     */
    public function plan(): array {
        $plan = $this->gateway->sync_users($this->users->stream());
        foreach (['only_in_moodle', 'only_in_django', 'both', 'moodle_updates', 'conflicts'] as $key) {
            $plan[$key] = $plan[$key] ?? [];
        }
        $plan['stats'] = $plan['stats'] ?? [];
        return $plan;
    }

    /**
     * Counts of a plan.
     *
     * @param array $plan
     * @return array name => number
     */
    public static function plan_counts(array $plan): array {
        return [
            'only_in_moodle' => count($plan['only_in_moodle'] ?? []),
            'only_in_django' => count($plan['only_in_django'] ?? []),
            'both' => count($plan['both'] ?? []),
            'moodle_updates' => count($plan['moodle_updates'] ?? []),
            'conflicts' => count($plan['conflicts'] ?? []),
        ];
    }

    /**
     * The directions the settings allow.
     *
     * @return string[]
     */
    public function enabled_directions(): array {
        $config = $this->gateway->config();
        $enabled = ['identifiers'];
        if (!empty($config->create_in_moodle)) {
            $enabled[] = 'to-moodle';
        }
        if (!empty($config->create_in_django)) {
            $enabled[] = 'to-django';
        }
        return $enabled;
    }

    /**
     * Computes the plan and, unless $apply is false, applies it; records the run either way.
     *
     * @param string $origin task, cli or page
     * @param bool $apply false: only compute and record the plan
     * @param string[] $only directions to apply; empty means every direction the settings allow
     * @param array|null $selection limit to these ids: ['moodle' => int[], 'django' => string[]]; null means all
     * @param int $userid who started it from a page
     * @return \stdClass id, status, counts, failures, message, plan (null when it could not be computed)
     */
    public function run(
        string $origin,
        bool $apply = true,
        array $only = [],
        ?array $selection = null,
        int $userid = 0
    ): \stdClass {
        $result = (object)['id' => 0, 'status' => 'failed', 'counts' => [], 'failures' => [], 'message' => '',
            'plan' => null];
        if (!$this->gateway->available()) {
            // Nothing can be done; nothing is recorded either, as no run took place.
            $result->message = get_string('extensionmissing', 'local_django_sync');
            return $result;
        }
        $result->id = run_log::start($origin, $apply ? 'apply' : 'plan', $userid);
        try {
            $plan = $this->plan();
            $result->plan = $plan;
            $result->counts = self::plan_counts($plan);
            if ($apply) {
                $this->apply($plan, $only, $selection, $result);
            }
            $result->status = $result->failures ? 'partial' : 'success';
        } catch (\Throwable $e) {
            // A Django or network failure (Mdsync\Exception), a bad setting (moodle_exception), a refusal:
            // the run stops and says why; what was done before stays done and counted.
            $result->status = 'failed';
            $result->message = self::describe($e);
        }
        run_log::finish($result->id, $result->status, $result->counts, $result->failures, $result->message);
        return $result;
    }

    /**
     * A message for a failure, naming the kind of Mdsync error and never a credential.
     *
     * @param \Throwable $e
     * @return string
     */
    public static function describe(\Throwable $e): string {
        $message = $e->getMessage();
        if ($e instanceof \moodle_exception && !empty($e->debuginfo)) {
            $message .= ' (' . $e->debuginfo . ')';
        }
        $class = get_class($e);
        if (strpos($class, 'Mdsync\\') === 0) {
            $message = $class . ': ' . $message;
        }
        return gateway::redact_url($message);
    }

    /**
     * Applies a plan.
     *
     * @param array $plan
     * @param string[] $only
     * @param array|null $selection
     * @param \stdClass $result counts and failures are added here
     */
    protected function apply(array $plan, array $only, ?array $selection, \stdClass $result): void {
        $enabled = $this->enabled_directions();
        $unknown = array_diff($only, self::DIRECTIONS);
        if ($unknown) {
            throw new moodle_exception('error_unknowndirection', 'local_django_sync', '', s(implode(', ', $unknown)));
        }
        $wanted = $only ?: $enabled;
        $disabled = array_diff($wanted, $enabled);
        if ($disabled) {
            throw new moodle_exception('error_directiondisabled', 'local_django_sync', '', s(implode(', ', $disabled)));
        }
        // The contract's safety guard, kept here too: an empty Django never justifies creating anything.
        if (count($plan['both']) + count($plan['only_in_django']) === 0 && array_intersect($wanted, ['to-django'])) {
            throw new moodle_exception('error_djangoempty', 'local_django_sync');
        }
        $result->counts += ['identifiers_filled' => 0, 'created_in_moodle' => 0, 'created_in_django' => 0,
            'existed_in_django' => 0, 'failed' => 0];

        if (in_array('identifiers', $wanted)) {
            foreach ($plan['moodle_updates'] as $moodleid => $fields) {
                if ($selection !== null && !in_array((int)$moodleid, $selection['moodle'] ?? [], true)) {
                    continue;
                }
                try {
                    if ($this->users->set_identifiers((int)$moodleid, $fields)) {
                        $result->counts['identifiers_filled']++;
                    }
                } catch (\Throwable $e) {
                    $this->fail($result, 'moodle', (int)$moodleid, $fields['djangoid'] ?? '', '', $e);
                }
            }
        }

        if (in_array('to-moodle', $wanted)) {
            $auth = (string)($this->gateway->config()->moodle_auth ?? 'manual') ?: 'manual';
            foreach ($plan['only_in_django'] as $record) {
                $djangoid = (string)($record['djangoid'] ?? $record['id'] ?? '');
                if ($selection !== null && !in_array($djangoid, array_map('strval', $selection['django'] ?? []), true)) {
                    continue;
                }
                if (($record['djangoid'] ?? '') === '' && isset($record['id'])) {
                    $record['djangoid'] = (string)$record['id'];
                }
                try {
                    $this->users->create($record, $auth);
                    $result->counts['created_in_moodle']++;
                } catch (\Throwable $e) {
                    $this->fail($result, 'moodle', 0, $djangoid, (string)($record['email'] ?? ''), $e);
                }
            }
        }

        if (in_array('to-django', $wanted)) {
            $tocreate = [];
            foreach ($plan['only_in_moodle'] as $record) {
                if ($selection !== null && !in_array((int)$record['id'], $selection['moodle'] ?? [], true)) {
                    continue;
                }
                $tocreate[] = $record;
            }
            foreach (array_chunk($tocreate, self::DJANGO_BATCH) as $batch) {
                $results = $this->gateway->create_django_users($batch);
                foreach ($batch as $i => $record) {
                    $this->django_result($result, $record, $results[$i] ?? ['status' => 'error', 'errors' => 'no result']);
                }
            }
        }
    }

    /**
     * Records the outcome of creating one user in Django, and keeps its Django id in Moodle.
     *
     * @param \stdClass $result
     * @param array $record the Moodle user sent
     * @param array $outcome the extension's result for it
     */
    protected function django_result(\stdClass $result, array $record, array $outcome): void {
        $status = $outcome['status'] ?? 'error';
        if ($status === 'created' || $status === 'exists') {
            $result->counts[$status === 'created' ? 'created_in_django' : 'existed_in_django']++;
            $djangoid = (string)($outcome['django_id'] ?? '');
            if ($djangoid !== '') {
                try {
                    if ($this->users->set_identifiers((int)$record['id'], ['djangoid' => $djangoid])) {
                        $result->counts['identifiers_filled']++;
                    }
                } catch (\Throwable $e) {
                    $this->fail($result, 'moodle', (int)$record['id'], $djangoid, (string)$record['email'], $e);
                }
            }
            return;
        }
        $errors = $outcome['errors'] ?? ($outcome['error'] ?? 'error');
        $result->failures[] = [
            'side' => 'django',
            'moodle_id' => (int)$record['id'],
            'django_id' => '',
            'email' => (string)($record['email'] ?? ''),
            'reason' => is_string($errors) ? $errors : json_encode($errors),
        ];
        $result->counts['failed']++;
    }

    /**
     * Records a per-user failure; the batch goes on.
     *
     * @param \stdClass $result
     * @param string $side where the write failed: moodle or django
     * @param int $moodleid
     * @param string $djangoid
     * @param string $email
     * @param \Throwable $e
     */
    protected function fail(
        \stdClass $result,
        string $side,
        int $moodleid,
        string $djangoid,
        string $email,
        \Throwable $e
    ): void {
        $result->failures[] = [
            'side' => $side,
            'moodle_id' => $moodleid,
            'django_id' => $djangoid,
            'email' => $email,
            'reason' => self::describe($e),
        ];
        $result->counts['failed']++;
    }
}
