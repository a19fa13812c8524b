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

namespace local_django_sync\privacy;

use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use local_django_sync\local\run_log;
use local_django_sync\local\run_store;

/**
 * Privacy: the runs' per-user rows (plan and report) and who approved or rejected a held run are declared, found,
 * exported and deleted with the rest of the plugin's data.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\privacy\provider
 */
final class provider_test extends \core_privacy\tests\provider_testcase {
    /**
     * A run with a row about a user, decided by another.
     *
     * @param int $about
     * @param int $decidedby
     * @return int run id
     */
    protected function run_about(int $about, int $decidedby): int {
        global $DB;
        $runid = run_log::start('task', 'apply');
        run_log::finish($runid, 'success', [], []);
        run_log::update($runid, ['decidedby' => $decidedby, 'timedecided' => time()]);
        $DB->insert_record(run_store::TABLE, ['runid' => $runid, 'category' => 'to_suspend', 'position' => 0,
            'action' => 'suspend', 'itemkey' => "suspend:m$about", 'moodleid' => $about, 'username' => 'ann',
            'email' => 'ann@example.com', 'details' => json_encode(['label' => 'ann <ann@example.com>',
            'data' => ['reason' => 'django_user_missing']]), 'status' => 'done', 'message' => 'not in Django']);
        return $runid;
    }

    public function test_metadata_names_the_rows_and_the_approver(): void {
        $collection = provider::get_metadata(new \core_privacy\local\metadata\collection('local_django_sync'));
        $tables = [];
        foreach ($collection->get_collection() as $item) {
            $tables[$item->get_name()] = array_keys($item->get_privacy_fields() ?? []);
        }
        $this->assertContains('moodleid', $tables['local_django_sync_items']);
        $this->assertContains('email', $tables['local_django_sync_items']);
        $this->assertContains('decidedby', $tables['local_django_sync_runs']);
    }

    public function test_rows_about_a_user_and_runs_they_decided_are_found_exported_and_deleted(): void {
        global $DB;
        $this->resetAfterTest();
        $ann = $this->getDataGenerator()->create_user();
        $boss = $this->getDataGenerator()->create_user();
        $other = $this->getDataGenerator()->create_user();
        $runid = $this->run_about((int)$ann->id, (int)$boss->id);
        $this->run_about((int)$other->id, 0);
        $system = \context_system::instance();

        $this->assertEquals([$system->id], provider::get_contexts_for_userid((int)$ann->id)->get_contextids());
        $this->assertEquals([$system->id], provider::get_contexts_for_userid((int)$boss->id)->get_contextids());
        $userlist = new userlist($system, 'local_django_sync');
        provider::get_users_in_context($userlist);
        $this->assertEqualsCanonicalizing([(int)$ann->id, (int)$boss->id, (int)$other->id], $userlist->get_userids());

        provider::export_user_data(new approved_contextlist($ann, 'local_django_sync', [$system->id]));
        $data = writer::with_context($system)->get_data([get_string('pluginname', 'local_django_sync'),
            get_string('runhistory', 'local_django_sync')]);
        $this->assertSame('not in Django', $data->items[0]->message);
        $this->assertSame($runid, (int)$data->items[0]->runid);
        writer::reset();
        provider::export_user_data(new approved_contextlist($boss, 'local_django_sync', [$system->id]));
        $data = writer::with_context($system)->get_data([get_string('pluginname', 'local_django_sync')]);
        $this->assertSame((int)$boss->id, (int)$data->runs[0]->decidedby);

        provider::delete_data_for_user(new approved_contextlist($ann, 'local_django_sync', [$system->id]));
        $this->assertFalse($DB->record_exists(run_store::TABLE, ['moodleid' => $ann->id]));
        $this->assertTrue($DB->record_exists(run_store::TABLE, ['moodleid' => $other->id]));
        provider::delete_data_for_users(new approved_userlist($system, 'local_django_sync', [(int)$boss->id]));
        $this->assertSame('0', $DB->get_field(run_log::TABLE, 'decidedby', ['id' => $runid]));
        provider::delete_data_for_all_users_in_context($system);
        $this->assertSame(0, $DB->count_records(run_store::TABLE));
    }
}
