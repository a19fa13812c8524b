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

/**
 * The logic behind cli/sync.php, testable: options in, text or JSON out, an exit code back.
 *
 * Exit codes: 0 done (nothing failed), 1 the run failed or some users failed, 2 the extension is
 * missing or the plugin is not configured, 3 bad command line.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class cli_helper {
    /** Exit code: everything done. */
    public const EXIT_OK = 0;
    /** Exit code: the run failed or some users failed. */
    public const EXIT_FAILED = 1;
    /** Exit code: the extension is missing or the plugin not configured. */
    public const EXIT_UNAVAILABLE = 2;
    /** Exit code: bad command line. */
    public const EXIT_USAGE = 3;

    /** @var sync_runner */
    protected $runner;

    /** @var resource|null where output goes (tests pass a memory stream) */
    protected $out;

    /**
     * Constructor.
     *
     * @param sync_runner|null $runner
     * @param resource|null $out output stream, STDOUT by default
     */
    public function __construct(?sync_runner $runner = null, $out = null) {
        $this->runner = $runner ?? new sync_runner();
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
            if (array_diff($only, sync_runner::DIRECTIONS)) {
                $this->write(get_string('cli_badonly', 'local_django_sync', implode('|', sync_runner::DIRECTIONS)) . "\n");
                return self::EXIT_USAGE;
            }
        }
        $apply = !empty($options['apply']);

        $gateway = $this->runner->gateway();
        if (!$gateway->available()) {
            $this->write(get_string('extensionmissing', 'local_django_sync') . "\n");
            return self::EXIT_UNAVAILABLE;
        }
        if (!$gateway->configured()) {
            $this->write(get_string('notconfigured', 'local_django_sync') . "\n");
            return self::EXIT_UNAVAILABLE;
        }

        $result = $this->runner->run('cli', $apply, $only);
        if (!empty($options['json'])) {
            $this->write(json_encode(
                self::json_summary($result, $apply),
                JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
            ) . "\n");
        } else {
            $this->write_text($result, $apply);
        }
        return $result->status === 'success' ? self::EXIT_OK : self::EXIT_FAILED;
    }

    /**
     * The JSON document printed by --json.
     *
     * @param \stdClass $result
     * @param bool $apply
     * @return array
     */
    public static function json_summary(\stdClass $result, bool $apply): array {
        $summary = [
            'run' => $result->id,
            'mode' => $apply ? 'apply' : 'plan',
            'status' => $result->status,
            'counts' => $result->counts,
            'failures' => $result->failures,
            'message' => $result->message,
        ];
        if (!$apply && $result->plan !== null) {
            $summary['plan'] = [
                'only_in_moodle' => array_column($result->plan['only_in_moodle'], 'email', 'id'),
                'only_in_django' => array_values(array_map(static fn(array $r): array => [
                    'id' => $r['id'] ?? '', 'email' => $r['email'] ?? ''], $result->plan['only_in_django'])),
                'moodle_updates' => $result->plan['moodle_updates'],
                'conflicts' => $result->plan['conflicts'],
                'stats' => $result->plan['stats'],
            ];
        }
        return $summary;
    }

    /**
     * Prints a run for people.
     *
     * @param \stdClass $result
     * @param bool $apply
     */
    protected function write_text(\stdClass $result, bool $apply): void {
        $this->write(get_string($apply ? 'cli_applied' : 'cli_planned', 'local_django_sync', $result->status) . "\n");
        foreach ($result->counts as $name => $count) {
            $this->write(sprintf("  %-20s %d\n", $name, $count));
        }
        if ($result->plan !== null && !$apply) {
            foreach ($result->plan['conflicts'] as $conflict) {
                $this->write('  ' . get_string('cli_conflict', 'local_django_sync', (object)[
                    'reason' => $conflict['reason'] ?? '', 'message' => $conflict['message'] ?? ''])  . "\n");
            }
        }
        foreach ($result->failures as $failure) {
            $this->write('  ' . get_string('failureline', 'local_django_sync', (object)$failure) . "\n");
        }
        if ($result->message !== '') {
            $this->write($result->message . "\n");
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
