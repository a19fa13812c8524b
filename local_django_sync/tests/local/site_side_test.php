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
 * The in-process Moodle side: what it reads, what it writes, what it knows of the profile fields (no network).
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\site_side
 * @covers     \local_django_sync\local\moodle_users
 */
final class site_side_test extends \advanced_testcase {
    public function test_users_are_streamed_with_their_identifiers(): void {
        global $CFG;
        $this->resetAfterTest();
        profile_fields::ensure();
        $user = $this->getDataGenerator()->create_user(['email' => 'ann@example.com',
            'profile_field_edeboid' => 'E1', 'profile_field_djangoid' => '7']);
        $side = new site_side();
        $users = $side->users();
        $this->assertInstanceOf(\Generator::class, $users, 'streamed from one query, not loaded whole');
        $byid = array_column(iterator_to_array($users, false), null, 'id');
        $this->assertSame('E1', $byid[$user->id]['edeboid']);
        $this->assertSame('7', $byid[$user->id]['djangoid']);
        $this->assertSame((int)$user->id, $byid[$user->id]['id']);
        $this->assertSame('moodle', $byid[$user->id]['source']);
        // The guest user is never offered to Django; the admin is a real user.
        $this->assertArrayNotHasKey($CFG->siteguest, $byid);
        $this->assertArrayHasKey(get_admin()->id, $byid);
    }

    public function test_fields_are_known_exactly_and_writes_fail_one_user_at_a_time(): void {
        global $DB;
        $this->resetAfterTest();
        $this->preventResetByRollback();
        $side = new site_side();
        profile_fields::ensure();
        $DB->delete_records('user_info_field', ['shortname' => 'iasid']); // An administrator deleted one.
        $this->assertSame(['edeboid' => true, 'iasid' => false], $side->field_status(['edeboid', 'iasid']));
        profile_fields::ensure();
        $this->assertSame(['edeboid' => true, 'iasid' => true], $side->field_status(['edeboid', 'iasid']));
        foreach (['set_identifiers', 'create_in_moodle', 'suspend', 'revive', 'delete'] as $action) {
            $this->assertTrue($side->supports($action), $action);
        }

        $existing = $this->getDataGenerator()->create_user(['email' => 'taken@example.com']);
        $results = $side->create_users([
            'a' => ['username' => 'new1', 'email' => 'new1@example.com', 'firstname' => 'N', 'lastname' => 'One', 'djangoid' => '11'],
            'b' => ['username' => 'new2', 'email' => 'TAKEN@example.com', 'firstname' => 'N', 'lastname' => 'Two', 'djangoid' => '12'],
            'c' => ['username' => 'new3', 'email' => 'new3@example.com', 'firstname' => 'N', 'lastname' => 'Three', 'djangoid' => '13'],
        ], 'manual');
        $this->assertSame(['done', 'failed', 'done'], array_values(array_map(fn($r) => $r->status, $results)));
        $this->assertStringContainsString('TAKEN@example.com', $results['b']->message);
        $id = $results['a']->moodleid;
        $this->assertSame([], $side->fields_missing_after_write($id, ['djangoid' => '11']));
        $this->assertSame(['edeboid'], $side->fields_missing_after_write($id, ['djangoid' => '11', 'edeboid' => 'X']));
        $results = $side->set_identifiers(['x' => ['moodleid' => (int)$existing->id, 'fields' => ['edeboid' => 'E9']],
            'y' => ['moodleid' => 999999, 'fields' => ['edeboid' => 'E8']]]);
        $this->assertSame('done', $results['x']->status);
        $this->assertSame('failed', $results['y']->status);
        $this->assertSame('E9', $DB->get_field_sql('SELECT d.data FROM {user_info_data} d JOIN {user_info_field} f
            ON f.id = d.fieldid WHERE d.userid = ? AND f.shortname = ?', [$existing->id, 'edeboid']));
    }
}
