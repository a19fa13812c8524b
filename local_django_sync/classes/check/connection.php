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

namespace local_django_sync\check;

use core\check\check;
use core\check\result;
use local_django_sync\local\gateway;

/**
 * Status check: is the mdsync extension loaded, and does Django answer?
 *
 * System status runs every check on each view, so this one asks with short limits whatever the settings say:
 * {@see self::LIMITS}, at most 5 s in all, no retry. A Django that accepts connections and never answers
 * makes the check an error after that, not a hung page.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class connection extends check {
    /** Network limits of the probe: connect, each attempt, the whole call; no retry. Lower settings are kept. */
    public const LIMITS = ['connect_timeout_ms' => 2000, 'timeout_ms' => 4000, 'deadline_ms' => 4500, 'max_retries' => 0];

    /** @var gateway */
    protected $gateway;

    /**
     * Constructor.
     *
     * @param gateway|null $gateway (tests pass a fake)
     */
    public function __construct(?gateway $gateway = null) {
        $this->gateway = $gateway ?? new gateway();
    }

    /**
     * The check's name.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('checkconnection', 'local_django_sync');
    }

    /**
     * Where to fix what the check finds.
     *
     * @return \action_link|null
     */
    public function get_action_link(): ?\action_link {
        return new \action_link(
            new \moodle_url('/admin/settings.php', ['section' => 'local_django_sync_settings']),
            get_string('settings', 'local_django_sync')
        );
    }

    /**
     * The probe's limits: {@see self::LIMITS}, or the settings where they are lower.
     *
     * @return array
     */
    public function limits(): array {
        $config = $this->gateway->config();
        $limits = self::LIMITS;
        foreach (['connect_timeout_ms', 'timeout_ms'] as $key) {
            if (!empty($config->$key) && (int)$config->$key > 0) {
                $limits[$key] = min($limits[$key], (int)$config->$key);
            }
        }
        return $limits;
    }

    /**
     * Runs the check: extension, settings, then one request for one user of the list.
     *
     * @return result
     */
    public function get_result(): result {
        if (!$this->gateway->available()) {
            return new result(result::CRITICAL, get_string('extensionmissing', 'local_django_sync'), '');
        }
        if (!$this->gateway->configured()) {
            return new result(result::NA, get_string('notconfigured', 'local_django_sync'), '');
        }
        $version = phpversion('mdsync') ?: '?';
        try {
            $status = $this->gateway->django_status($this->limits());
            return new result(result::OK, get_string(
                'checkok',
                'local_django_sync',
                (object)['count' => $status['count'] ?? '?', 'ms' => (int)$status['elapsed_ms'], 'version' => s($version)]
            ), '');
        } catch (\Throwable $e) {
            return new result(result::ERROR, get_string(
                'checkfailed',
                'local_django_sync',
                s(\local_django_sync\local\sync_service::describe($e))
            ), '');
        }
    }
}
