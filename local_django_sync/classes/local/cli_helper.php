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

use local_django_sync\local\sync\report_text;

/**
 * The logic behind cli/sync.php, testable: options in, text or JSON out, an exit code back.
 *
 * The run goes through the same engine as bin/mdsync and the plugin's page and task, and prints the same report.
 * Exit codes, as bin/mdsync's: 0 done, 1 some users failed (the others went through), 2 the run could not be made
 * or stopped (Django down, extension missing, plugin not configured, bad options, another run going on), 3 held for
 * approval (a mass change; nothing was changed), 130 interrupted (SIGINT, SIGTERM: the batch in flight finishes, the
 * rest is reported not done). The run is recorded and stored as the page's runs are: its chunks are committed as
 * they finish, and if this process dies the recovery task resumes it in the background.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class cli_helper {
    /** Exit code: everything done. */
    public const EXIT_OK = 0;
    /** Exit code: some users failed. */
    public const EXIT_FAILED = 1;
    /** Exit code: the run failed or could not be made, or bad options. */
    public const EXIT_UNAVAILABLE = 2;
    /** Exit code: bad command line (the same as bin/mdsync's). */
    public const EXIT_USAGE = 2;
    /** Exit code: the run is held for an administrator's approval on the sync page (nothing was changed). */
    public const EXIT_HELD = 3;
    /** Exit code: interrupted by a signal. */
    public const EXIT_INTERRUPTED = 130;

    /** @var sync_service */
    protected $service;

    /** @var resource|null where output goes (tests pass a memory stream) */
    protected $out;

    /** @var string|null the signal that asked the run to stop */
    protected $signal = null;

    /**
     * Constructor.
     *
     * @param sync_service|null $service
     * @param resource|null $out output stream, STDOUT by default
     */
    public function __construct(?sync_service $service = null, $out = null) {
        $this->service = $service ?? new sync_service();
        $this->out = $out;
    }

    /**
     * The options cli_get_params() understands, with their defaults.
     *
     * @return array[] [longoptions, shortmap]
     */
    public static function option_definitions(): array {
        return [
            ['plan' => false, 'apply' => false, 'only' => '', 'json' => false, 'help' => false],
            ['h' => 'help'],
        ];
    }

    /**
     * The usage text.
     *
     * @return string
     */
    public static function usage(): string {
        return get_string('cli_help', 'local_django_sync');
    }

    /**
     * Runs the command.
     *
     * @param array $options from cli_get_params()
     * @param array $unrecognised from cli_get_params()
     * @return int exit code
     */
    public function execute(array $options, array $unrecognised = []): int {
        if ($unrecognised) {
            $this->write(get_string('cli_unknownoption', 'local_django_sync', implode(' ', $unrecognised)) . "\n");
            $this->write(self::usage());
            return self::EXIT_USAGE;
        }
        if (!empty($options['help'])) {
            $this->write(self::usage());
            return self::EXIT_OK;
        }
        if (!empty($options['plan']) && !empty($options['apply'])) {
            $this->write(get_string('cli_planorapply', 'local_django_sync') . "\n");
            return self::EXIT_USAGE;
        }
        $only = [];
        if (!empty($options['only'])) {
            $only = array_values(array_filter(array_map('trim', explode(',', (string)$options['only']))));
            if (array_diff($only, sync_service::DIRECTIONS)) {
                $this->write(get_string('cli_badonly', 'local_django_sync', implode('|', sync_service::DIRECTIONS)) . "\n");
                return self::EXIT_USAGE;
            }
        }
        $apply = !empty($options['apply']);
        $json = !empty($options['json']);

        $gateway = $this->service->gateway();
        if (!$gateway->available()) {
            $this->write(get_string('extensionmissing', 'local_django_sync') . "\n");
            return self::EXIT_UNAVAILABLE;
        }
        if (!$gateway->configured()) {
            $this->write(get_string('notconfigured', 'local_django_sync') . "\n");
            return self::EXIT_UNAVAILABLE;
        }

        $this->catch_signals();
        // Progress lines on a real terminal run; tests read the output stream alone.
        $progress = $json || $this->out !== null ? null : new mtrace_progress();
        try {
            $result = $this->service->run('cli', $apply, $only, null, 0, $progress,
                fn(): bool => $this->signal !== null);
        } catch (run_busy $e) {
            $this->write($e->getMessage() . "\n");
            return self::EXIT_UNAVAILABLE;
        }
        $code = match ($result->outcome) {
            'done' => self::EXIT_OK,
            'partial' => self::EXIT_FAILED,
            'held' => self::EXIT_HELD,
            'interrupted' => self::EXIT_INTERRUPTED,
            default => self::EXIT_UNAVAILABLE,
        };
        if ($json) {
            $this->write(json_encode(self::json_summary($result, $apply, $code),
                JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE) . "\n");
        } else {
            $this->write_text($result, $apply);
        }
        return $code;
    }

    /**
     * The JSON document --json prints: bin/mdsync's schema 1 (docs/JSON.md), with the run's id and status.
     *
     * @param \stdClass $result
     * @param bool $apply
     * @param int $code the exit code
     * @return array
     */
    public static function json_summary(\stdClass $result, bool $apply, int $code): array {
        $summary = [
            'mdsync' => 1,
            'command' => $apply ? 'apply' : 'plan',
            'exit' => $code,
            'run' => $result->id,
            'status' => $result->status,
            'counts' => (object)$result->counts,
            'message' => $result->message,
        ];
        if ($result->plan !== null) {
            $summary['plan'] = $result->plan->to_json();
        }
        if ($result->report !== null) {
            $summary['report'] = $result->report->to_array();
        }
        return $summary;
    }

    /**
     * Prints a run for people: the plan's counts, its conflicts, and the report, as bin/mdsync prints it.
     *
     * @param \stdClass $result
     * @param bool $apply
     */
    protected function write_text(\stdClass $result, bool $apply): void {
        $this->write(get_string($apply ? 'cli_applied' : 'cli_planned', 'local_django_sync',
            get_string('status_' . $result->status, 'local_django_sync')) . "\n");
        if ($result->plan !== null) {
            foreach (sync_service::plan_counts($result->plan) as $name => $count) {
                $this->write(sprintf("  %-20s %d\n", $name, $count));
            }
            foreach ($result->plan->conflicts as $conflict) {
                $this->write('  ' . get_string('cli_conflict', 'local_django_sync', (object)[
                    'reason' => $conflict['reason'], 'message' => $conflict['message']]) . "\n");
            }
        }
        if ($result->report !== null) {
            $this->write("\n" . implode("\n", report_text::lines($result->report, 'local_django_sync')) . "\n");
        } else if ($result->message !== '') {
            $this->write($result->message . "\n");
        }
        if ($result->outcome === 'held') {
            $this->write(get_string('cli_held', 'local_django_sync', $result->id) . "\n");
        }
    }

    /**
     * SIGINT and SIGTERM ask the run to stop after the batch in flight (when PHP has pcntl); a second one ends it.
     */
    protected function catch_signals(): void {
        if (!function_exists('pcntl_signal') || !function_exists('pcntl_async_signals') || !defined('SIGINT')
                || (defined('PHPUNIT_TEST') && PHPUNIT_TEST)) {
            return;
        }
        pcntl_async_signals(true);
        foreach ([SIGINT => 'SIGINT', SIGTERM => 'SIGTERM'] as $signo => $name) {
            pcntl_signal($signo, function () use ($name): void {
                $this->signal = $name;
                pcntl_signal(SIGINT, SIG_DFL);
                pcntl_signal(SIGTERM, SIG_DFL);
            });
        }
    }

    /**
     * Writes to the output.
     *
     * @param string $text
     */
    protected function write(string $text): void {
        fwrite($this->out ?? STDOUT, $text);
    }
}
