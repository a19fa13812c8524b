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

namespace local_django_sync\task;

use local_django_sync\local\mtrace_progress;
use local_django_sync\local\run_busy;
use local_django_sync\local\run_log;
use local_django_sync\local\sync\report;
use local_django_sync\local\sync\report_text;
use local_django_sync\local\sync_service;

/**
 * Scheduled user sync with Django (disabled until an administrator enables it).
 *
 * It runs the same engine as the sync page and cli/sync.php, in every direction the settings allow, and logs the
 * same report (each user refused with the peer's own reason). It runs in its own process (it is no web request),
 * through the same bookkeeping as the page's background runs: the plan stored, the guard on mass changes (a held
 * run waits for an administrator; while one waits, the task starts nothing new), chunks committed as they finish
 * (a run this process leaves behind is resumed by the recovery task), its progress on the sync page.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class sync_users extends \core\task\scheduled_task {
    use \core\task\stored_progress_task_trait;

    /** @var sync_service|null a service to use instead of the default one (tests) */
    protected $service;

    /**
     * Uses this service instead of the default one.
     *
     * @param sync_service $service
     */
    public function set_service(sync_service $service): void {
        $this->service = $service;
    }

    /**
     * Name shown in the scheduled tasks list.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_sync_users', 'local_django_sync');
    }

    /**
     * Runs the sync in every direction the settings allow.
     *
     * Without the extension or the settings it logs why and returns: retrying cannot help until an
     * administrator acts; so while another run goes on or one waits for approval. A run that could not be made or
     * stopped (Django down, a page failed) throws so that the task is retried later (the alert recipients have been
     * told); users refused one by one are logged, and the run counts as done.
     */
    public function execute() {
        $service = $this->service ?? new sync_service();
        $gateway = $service->gateway();
        if (!$gateway->available()) {
            mtrace(get_string('extensionmissing', 'local_django_sync'));
            return;
        }
        if (!$gateway->configured()) {
            mtrace(get_string('notconfigured', 'local_django_sync'));
            return;
        }
        $held = run_log::held();
        if ($held) {
            mtrace(get_string('task_heldwaits', 'local_django_sync', (int)$held[0]->id));
            return;
        }
        $this->start_stored_progress();
        $this->progress->auto_update(false);
        $print = static function (report $report): void {
            foreach (report_text::entry_lines($report) as $line) {
                mtrace('  ' . $line);
            }
        };
        try {
            $result = $service->run('task', true, [], null, 0, new mtrace_progress(), null, $this->progress, $print, false);
        } catch (run_busy $e) {
            mtrace($e->getMessage());
            return;
        }
        foreach ($result->counts as $name => $count) {
            mtrace('  ' . run_log::count_label((string)$name) . ": $count");
        }
        foreach (array_slice($result->failures, 0, 100) as $failure) {
            // a user to create has no id on the other side yet
            $key = (string)($failure['django_id'] ?? '') === '' ? 'failureline_moodle'
                : (empty($failure['moodle_id']) ? 'failureline_django' : 'failureline');
            mtrace('  ' . get_string($key, 'local_django_sync', (object)$failure));
        }
        if ($result->status === run_log::HELD) {
            mtrace(get_string('task_held', 'local_django_sync', (object)['id' => $result->id,
                'reason' => $result->message]));
            return;
        }
        if ($result->status === 'failed') {
            throw new \moodle_exception('runfailed', 'local_django_sync', '', $result->message);
        }
        mtrace(get_string('runfinished', 'local_django_sync', get_string('status_' . $result->status, 'local_django_sync')));
    }
}
