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

use local_django_sync\local\sync\engine;
use local_django_sync\local\sync\moodle_side;
use local_django_sync\local\sync\option_error;
use local_django_sync\local\sync\options;
use local_django_sync\local\sync\plan;
use local_django_sync\local\sync\progress;
use moodle_exception;

/**
 * The plugin's door to the apply engine: the engine built from the plugin's settings (Django through the gateway,
 * Moodle in-process), and a run recorded in the run log. The sync page, the scheduled task and cli/sync.php all
 * run through here, so they do the same thing in the same order and log the same report.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class sync_service {
    /** The kinds of work the plugin offers, in the order the engine applies them. */
    public const DIRECTIONS = ['identifiers', 'to-moodle', 'to-django', 'suspend'];

    /** @var gateway */
    protected $gateway;

    /** @var moodle_side */
    protected $side;

    /**
     * Constructor.
     *
     * @param gateway|null $gateway the door to the extension and the settings
     * @param moodle_side|null $side the Moodle side (in-process by default)
     */
    public function __construct(?gateway $gateway = null, ?moodle_side $side = null) {
        $this->gateway = $gateway ?? new gateway();
        $this->side = $side ?? new site_side();
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
     * The directions the settings allow: identifiers always, creating users on either side when enabled.
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
        if (!empty($config->suspend)) {
            $enabled[] = 'suspend';
        }
        return $enabled;
    }

    /**
     * The engine for a run under the plugin's settings.
     *
     * @param string[] $only directions to apply; empty means every direction the settings allow
     * @param array|null $selection ['moodle' => int[]] or ['django' => string[]]: only these users; null: all
     * @param progress|null $progress
     * @param \Closure|null $stop returns true when the run should stop after the batch in flight
     * @return engine
     * @throws moodle_exception when a direction is unknown or disabled, or Django is not configured
     */
    public function engine(array $only = [], ?array $selection = null, ?progress $progress = null,
            ?\Closure $stop = null): engine {
        $unknown = array_diff($only, self::DIRECTIONS);
        if ($unknown) {
            throw new moodle_exception('error_unknowndirection', 'local_django_sync', '', s(implode(', ', $unknown)));
        }
        $enabled = $this->enabled_directions();
        $disabled = array_diff($only, $enabled);
        if ($disabled) {
            throw new moodle_exception('error_directiondisabled', 'local_django_sync', '', s(implode(', ', $disabled)));
        }
        $config = $this->gateway->config();
        $values = [
            'only' => $only ?: $enabled,
            'auth' => !empty($config->moodle_auth) ? (string)$config->moodle_auth : 'manual',
        ];
        if (!empty($config->suspend)) {
            // Users who leave: planned whenever the setting is on (so the page lists them), applied when asked.
            $values['suspend'] = true;
            if (isset($config->suspend_max_percent) && $config->suspend_max_percent !== '') {
                $values['suspend_max_percent'] = (int)$config->suspend_max_percent;
            }
            if (!empty($config->delete_after_days) && (int)$config->delete_after_days > 0) {
                $values['delete_after_days'] = (int)$config->delete_after_days;
            }
        }
        if (!empty($config->batch_size) && (int)$config->batch_size > 0) {
            $values['batch_size'] = (int)$config->batch_size;
        }
        if (isset($selection['moodle'])) {
            $values['select_moodle'] = array_values(array_map('intval', $selection['moodle']));
        }
        if (isset($selection['django'])) {
            $values['select_django'] = array_values(array_map('strval', $selection['django']));
        }
        try {
            $options = options::from_array($values);
        } catch (option_error $e) {
            throw new moodle_exception('error_setting', 'local_django_sync', '', s($e->key . ': ' . $e->getMessage()));
        }
        return new engine($this->gateway->django(), $this->side, $options, $progress, $stop);
    }

    /**
     * An engine for options a run stored when it was planned (options::to_array()), so that every chunk of it, in
     * whatever process, applies under the options it was planned with.
     *
     * @param array $stored
     * @param progress|null $progress
     * @param \Closure|null $stop
     * @return engine
     * @throws moodle_exception when the options are not valid any more, or Django is not configured
     */
    public function engine_for(array $stored, ?progress $progress = null, ?\Closure $stop = null): engine {
        try {
            $options = options::from_array(array_filter($stored, static fn($v) => $v !== null));
        } catch (option_error $e) {
            throw new moodle_exception('error_setting', 'local_django_sync', '', s($e->key . ': ' . $e->getMessage()));
        }
        return new engine($this->gateway->django(), $this->side, $options, $progress, $stop);
    }

    /**
     * The current plan; changes nothing.
     *
     * @return plan
     */
    public function plan(): plan {
        return $this->engine()->plan();
    }

    /**
     * Counts of a plan, for the run log.
     *
     * @param plan $plan
     * @return array<string, int>
     */
    public static function plan_counts(plan $plan): array {
        return [
            'only_in_moodle' => count($plan->onlyinmoodle),
            'only_in_django' => count($plan->onlyindjango),
            'both' => count($plan->both),
            'moodle_updates' => $plan->stat('moodle_updates'),
            'conflicts' => count($plan->conflicts),
        ];
    }

    /**
     * Computes the plan and, unless $apply is false, carries it out in this process (the scheduled task,
     * cli/sync.php); the run goes through the same bookkeeping as the page's background runs (runner): stored plan,
     * guard, chunks, resumable by another process if this one dies.
     *
     * @param string $origin task, cli or page
     * @param bool $apply false: only compute and record the plan
     * @param string[] $only directions to apply; empty means every direction the settings allow
     * @param array|null $selection ['moodle' => int[]] or ['django' => string[]]; null means all
     * @param int $userid who started it from a page
     * @param progress|null $progress
     * @param \Closure|null $stop
     * @param \core\output\stored_progress_bar|null $bar where the page shows its progress
     * @param \Closure|null $onchunk called with each chunk's report once it is stored
     * @param bool $withreport load the whole report at the end (cli/sync.php prints it whole)
     * @return \stdClass id, status (success, partial, failed, held, ...), counts, failures, message, plan (plan|null),
     *     report (report|null), outcome (done, partial, stopped, interrupted, held; or failed when no plan was made)
     * @throws run_busy when another run is going on
     */
    public function run(string $origin, bool $apply = true, array $only = [], ?array $selection = null, int $userid = 0,
            ?progress $progress = null, ?\Closure $stop = null, $bar = null, ?\Closure $onchunk = null,
            bool $withreport = true): \stdClass {
        $result = (object)['id' => 0, 'status' => 'failed', 'counts' => [], 'failures' => [], 'message' => '',
            'plan' => null, 'report' => null, 'outcome' => 'failed'];
        if (!$this->gateway->available()) {
            // Nothing can be done; nothing is recorded either, as no run took place.
            $result->message = get_string('extensionmissing', 'local_django_sync');
            return $result;
        }
        $request = ['only' => array_values($only)];
        if ($selection !== null) {
            $request['selection'] = $selection;
        }
        $result->id = run_log::start($origin, $apply ? 'apply' : 'plan', $userid, $request);
        if ($bar === null) {
            // The sync page shows this run's progress too (cli/sync.php has no bar of its own).
            $bar = new \core\output\stored_progress_bar(\core\output\stored_progress_bar::convert_to_idnumber(
                runner::class, $result->id));
            $bar->auto_update(false);
            $bar->create();
            $bar->start();
        }
        $runner = new runner($this);
        $run = $runner->execute($result->id, $bar, $progress, $stop, $onchunk);
        $result->plan = $runner->plan;
        $result->status = $run->status;
        $result->counts = $run->counts;
        $result->failures = $run->failures;
        $result->message = $run->message;
        $outcome = $run->options['outcome'] ?? null;
        if ($run->status === run_log::HELD) {
            $result->outcome = 'held';
        } else if ($run->status === 'failed' && $outcome === null) {
            $result->outcome = 'failed';
        } else if ($apply) {
            $result->outcome = $outcome ?? 'done';
        } else {
            $result->outcome = $run->status === 'success' ? 'done' : 'failed';
        }
        if ($apply && $withreport && !empty($run->plan) && $run->status !== run_log::HELD) {
            $result->report = run_store::report($run);
        }
        return $result;
    }

    /**
     * A message for a failure, naming the kind of Mdsync error and never a credential.
     *
     * @param \Throwable $e
     * @return string
     */
    public static function describe(\Throwable $e): string {
        $message = site_side::message($e);
        $class = get_class($e);
        return strpos($class, 'Mdsync\\') === 0 ? $class . ': ' . $message : $message;
    }
}
