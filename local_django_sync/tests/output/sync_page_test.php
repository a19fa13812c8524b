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


namespace local_django_sync\output;

use local_django_sync\local\scope_settings;
use local_django_sync\local\site_side;
use local_django_sync\local\sync\plan;

/**
 * The sync page's scope parts: who is out of scope, by rule, in a paged tab; the rules in force and those not applied.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\output\sync_page
 */
final class sync_page_test extends \advanced_testcase {
    public function test_excluded_users_are_listed_by_rule_paged_and_escaped_once_with_the_rules_in_force(): void {
        global $PAGE;
        if (!extension_loaded('mdsync')) {
            $this->markTestSkipped('the mdsync extension is not loaded');
        }
        $this->resetAfterTest();
        $this->setAdminUser();
        $gen = $this->getDataGenerator();
        $ws = $gen->create_user(['username' => 'ws', 'firstname' => 'Web "Q"', 'lastname' => 'Svc & Co',
            'auth' => 'webservice']);
        $svc = [];
        for ($i = 1; $i <= 3; $i++) {
            $svc[$i] = $gen->create_user(['username' => "svc-$i"]);
        }
        $gen->create_user(['username' => 'ann']);
        $scope = scope_settings::options((object)['exclude_usernames' => 'svc-*']);
        $moodle = iterator_to_array((new site_side(null, $scope))->users(), false);
        // A CSV-like record without auth: that rule cannot be applied to it, and the page says so.
        $moodle[] = ['id' => 99999, 'username' => 'nofacts', 'email' => 'nofacts@example.com', 'siteadmin' => false];
        $django = [['id' => '7', 'username' => 'outsider', 'email' => 'outsider@partner.example.org']];
        $raw = \mdsync_plan($moodle, $django, $scope + ['django_include' => ['email' => '*@example.com']]);
        $cached = ['time' => 1764000000, 'plan' => plan::from_extension($raw)->to_json()];

        $this->assertCount(6, sync_page::items($cached['plan'], 'excluded'));
        $page = new sync_page($cached, 'excluded', 0, 4, ['identifiers'], true, []);
        $renderer = $PAGE->get_renderer('local_django_sync');
        $context = $page->export_for_template($renderer);
        $this->assertSame(6, array_column($context['tabs'], 'count', 'key')['excluded']);
        $this->assertSame(['siteadmin', 'guest', 'auth', 'username', 'django_include'],
            array_column($context['scope']['active'], 'rule'));
        $this->assertSame(['siteadmin' => 1, 'guest' => 0, 'auth' => 1, 'username' => 3, 'django_include' => 1],
            array_column($context['scope']['active'], 'count', 'rule'));
        $this->assertSame(['auth'], array_column($context['scope']['notapplied'], 'rule'));
        $this->assertSame(6, $context['scope']['excluded'], 'both sides, as the tab counts them');
        $this->assertSame(['siteadmin', 'auth', 'username', 'username'], array_column($context['rows'], 'rule'));
        $this->assertSame('ws', $context['rows'][1]['username']);
        $this->assertSame((string)$ws->id, $context['rows'][1]['id']);
        $this->assertArrayNotHasKey('action', $context, 'nothing to act on: they are out of scope');

        $html = $renderer->render($page);
        $this->assertStringContainsString('>Web &quot;Q&quot; Svc &amp; Co</a>', $html,
            'names escaped once by the template (fullname() gives text)');
        $this->assertStringNotContainsString('&amp;amp;', $html);
        $this->assertStringContainsString('Auth method never pushed', $html);
        $this->assertStringContainsString('1 users lack the fact auth', $html);
        $this->assertStringContainsString('id="local-django-sync-scope"', $html);
        $this->assertStringContainsString('svc-1', $html);
        $this->assertStringNotContainsString('svc-3', $html, 'the second page holds the rest');

        $context = (new sync_page($cached, 'excluded', 1, 4, ['identifiers'], true, []))->export_for_template($renderer);
        $this->assertSame(['svc-3', ''], array_column($context['rows'], 'username'));
        $this->assertSame(['username', 'django_include'], array_column($context['rows'], 'rule'));
        $this->assertSame('7', $context['rows'][1]['id']);
    }
}
