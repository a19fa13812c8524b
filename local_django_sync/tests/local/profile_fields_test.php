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
 * Tests of the profile fields created at install.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\profile_fields
 */
final class profile_fields_test extends \advanced_testcase {
    public function test_install_created_locked_hidden_fields_in_their_category(): void {
        global $DB;
        $this->resetAfterTest();
        foreach (profile_fields::FIELDS as $shortname) {
            $field = $DB->get_record('user_info_field', ['shortname' => $shortname], '*', MUST_EXIST);
            $this->assertSame('text', $field->datatype);
            $this->assertEquals(1, $field->locked);
            $this->assertEquals(PROFILE_VISIBLE_NONE, $field->visible);
            $this->assertSame('Django sync', $DB->get_field('user_info_category', 'name', ['id' => $field->categoryid]));
        }
    }

    public function test_install_created_suspendedat_and_upgrade_keeps_one_made_by_hand(): void {
        global $CFG, $DB;
        require_once($CFG->dirroot . '/user/profile/definelib.php');
        require_once($CFG->libdir . '/upgradelib.php');
        require_once($CFG->dirroot . '/local/django_sync/db/upgrade.php');
        $this->resetAfterTest();
        $field = $DB->get_record('user_info_field', ['shortname' => profile_fields::SUSPENDED_AT], '*', MUST_EXIST);
        $this->assertSame('text', $field->datatype);
        $this->assertEquals(1, $field->locked);
        $this->assertEquals(PROFILE_VISIBLE_NONE, $field->visible);
        $this->assertArrayNotHasKey(profile_fields::SUSPENDED_AT, profile_fields::ids(), 'not an identifier');

        // A site upgraded from before: no field. The upgrade step makes it.
        profile_delete_field($field->id);
        set_config('version', 2026112500, 'local_django_sync');
        $this->assertTrue(xmldb_local_django_sync_upgrade(2026112500));
        $this->assertTrue($DB->record_exists('user_info_field', ['shortname' => profile_fields::SUSPENDED_AT]));

        // An administrator made it by hand, as the README asked before: kept as it is.
        $id = $DB->get_field('user_info_field', 'id', ['shortname' => profile_fields::SUSPENDED_AT]);
        $DB->set_field('user_info_field', 'name', 'Mine', ['id' => $id]);
        $this->assertSame((int)$id, profile_fields::ensure()[profile_fields::SUSPENDED_AT]);
        $this->assertSame('Mine', $DB->get_field('user_info_field', 'name', ['id' => $id]));
    }

    public function test_ensure_is_idempotent_and_recreates_a_deleted_field(): void {
        global $DB, $CFG;
        require_once($CFG->dirroot . '/user/profile/definelib.php');
        $this->resetAfterTest();
        $before = profile_fields::ids();
        $again = array_intersect_key(profile_fields::ensure(), $before);
        ksort($before);
        ksort($again); // The database lists the fields in no set order.
        $this->assertSame($before, $again);
        $this->assertCount(3, $DB->get_records_list('user_info_field', 'shortname', profile_fields::FIELDS));
        $this->assertSame(1, $DB->count_records('user_info_category', ['name' => 'Django sync']));

        profile_delete_field($before['iasid']);
        $after = profile_fields::ensure();
        $this->assertSame($before['edeboid'], $after['edeboid']);
        $this->assertNotEquals($before['iasid'], $after['iasid']);
        $this->assertSame(1, $DB->count_records('user_info_category', ['name' => 'Django sync']));
    }
}
