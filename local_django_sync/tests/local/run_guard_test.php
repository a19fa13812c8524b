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

use local_django_sync\fake_gateway;
use local_django_sync\task\run_sync;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/fake_gateway.php');

/**
 * The guard's limits (no network), and a background run whose cron has no extension.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\run_guard
 * @covers     \local_django_sync\task\run_sync
 */
final class run_guard_test extends \advanced_testcase {
    public function test_counts_and_shares_hold_a_run_and_zero_switches_a_limit_off(): void {
        $this->resetAfterTest();
        $config = (object)[];
        $this->assertNull(run_guard::reason(['set_identifiers' => 90000, 'create_in_moodle' => 1000], 100000, $config),
            'identifiers are never held; 1,000 creations is the limit, not above it');
        $this->assertSame('it would create 1,001 users, more than 1,000', run_guard::reason(['create_in_moodle' => 600,
            'create_in_django' => 401], 100000, $config), 'creations on both sides count together');
        $this->assertSame('it would suspend 51 users, more than 50', run_guard::reason(['suspend' => 51], 100000, $config));
        $this->assertSame('it would suspend 30 users, more than 2% of the 1,000 Moodle users',
            run_guard::reason(['suspend' => 30], 1000, $config), 'the share, under the count');
        $this->assertSame('it would suspend 60 users, more than 50; it would delete 11 users, more than 10',
            run_guard::reason(['suspend' => 60, 'delete' => 11], 100000, $config), 'every limit crossed is named');
        $this->assertNull(run_guard::reason(['create_in_moodle' => 5000], 10, (object)['hold_create' => 0]),
            'creations have no share, and 0 switches the count off');
        $this->assertNull(run_guard::reason(['suspend' => 30], 1000, (object)['hold_percent' => 0]));
        $this->assertSame(['suspend' => 3, 'delete' => 0, 'create' => 3], run_guard::counts(['suspend' => 3,
            'create_in_moodle' => 1, 'create_in_django' => 2, 'revive' => 7]));
    }

    public function test_a_background_run_whose_cron_lacks_the_extension_is_abandoned_and_reported(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $runid = (new runner(new sync_service(new fake_gateway())))->queue('plan', (int)get_admin()->id);
        $gateway = new fake_gateway();
        $gateway->loaded = false;
        $task = new run_sync();
        $task->set_custom_data(['runid' => $runid]);
        $task->set_service(new sync_service($gateway));
        $sink = $this->redirectMessages();
        ob_start();
        $task->execute();
        $out = ob_get_clean();
        $this->assertStringContainsString('mdsync PHP extension is not loaded', $out);
        $run = run_log::get($runid);
        $this->assertSame('abandoned', $run->status);
        $this->assertStringContainsString('mdsync PHP extension is not loaded', $run->message);
        $this->assertSame('syncfailed', $sink->get_messages()[0]->eventtype);
    }
}
