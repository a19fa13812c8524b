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
 * The scope rules from the plugin's settings: the extension's option names, safe defaults, django_include's lines.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\scope_settings
 * @covers     \local_django_sync\admin\django_include_setting
 */
final class scope_settings_test extends \advanced_testcase {
    public function test_settings_never_saved_leave_the_extensions_safe_defaults(): void {
        global $CFG;
        $this->resetAfterTest();
        $CFG->extendedusernamechars = false;
        // Nothing for the rules: the extension's defaults (site admins, guest, nologin and webservice never pushed).
        $this->assertSame(['extended_username_chars' => false], scope_settings::options((object)[]));
        $CFG->extendedusernamechars = true;
        $this->assertSame(['extended_username_chars' => true], scope_settings::options((object)[]));
    }

    public function test_saved_settings_become_the_extensions_options_under_the_same_names(): void {
        global $CFG;
        $this->resetAfterTest();
        $CFG->extendedusernamechars = false;
        $config = (object)[
            'exclude_siteadmins' => '0', 'exclude_guest' => '1', 'exclude_auth' => '',
            'exclude_roles' => 'manager,coursecreator', 'exclude_cohorts' => ' STAFF ', 'exclude_email_domains' => '',
            'exclude_usernames' => 'svc-*', 'exclude_ids' => '2, 10-20', 'include_auth' => 'ldap', 'include_cohorts' => '',
            'django_include' => "email = *@students.example.edu\n\n# a note\nedeboid = ?*",
            'django_filter' => 'role=student&year=2',
        ];
        $this->assertSame([
            'exclude_siteadmins' => false,
            'exclude_guest' => true,
            'exclude_auth' => '',                       // Saved empty: that default rule is off.
            'exclude_roles' => 'manager,coursecreator',
            'exclude_cohorts' => 'STAFF',
            'exclude_usernames' => 'svc-*',
            'exclude_ids' => '2, 10-20',
            'include_auth' => 'ldap',
            'django_include' => ['email' => '*@students.example.edu', 'edeboid' => '?*'],
            'django_filter' => 'role=student&year=2',
            'extended_username_chars' => false,
        ], scope_settings::options($config));
        $options = scope_settings::options($config);
        $this->assertSame(['manager', 'coursecreator'], scope_settings::roles_asked($options));
        $this->assertSame(['STAFF'], scope_settings::cohorts_asked($options));
        $this->assertNull(scope_settings::roles_asked([]));
        $this->assertSame(['a', 'b'], scope_settings::cohorts_asked(['exclude_cohorts' => 'a', 'include_cohorts' => ' b ,']));
        if (extension_loaded('mdsync')) {
            // The extension takes them as they are (it refuses an unknown key or a bad value with a ValueError).
            $plan = \mdsync_plan([['id' => 2, 'username' => 'a', 'email' => 'a@example.com']], [],
                $options + ['allow_empty' => true]);
            $this->assertContains('username', $plan['scope']['active']);
        }
    }

    public function test_django_include_lines_are_checked_on_save(): void {
        $this->resetAfterTest();
        $this->assertSame(['username' => 's*,t*'], scope_settings::django_include("username = s*\r\nusername = t*"));
        $setting = new \local_django_sync\admin\django_include_setting();
        $this->assertTrue($setting->validate("email = *@example.edu\n; comment"));
        $why = $setting->validate("email = *@example.edu\nrole = student");
        $this->assertIsString($why);
        $this->assertStringContainsString('Line 2', $why);
        $this->assertStringContainsString('id, username, email', $why);
        $this->assertIsString($setting->validate('email'));
        $this->assertIsString($setting->validate('email ='));
    }

    public function test_the_ids_setting_takes_ids_and_ranges_only(): void {
        foreach (['', '2', '2, 10-20', ' 3 ,4-5 ,'] as $ok) {
            $this->assertSame(1, preg_match(scope_settings::IDS_PATTERN, $ok), $ok);
        }
        foreach (['admin', '2;3', '10-', '-5', '1,,2'] as $bad) {
            $this->assertSame(0, preg_match(scope_settings::IDS_PATTERN, $bad), $bad);
        }
    }
}
