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

use local_django_sync\local\run_log;
use local_django_sync\local\run_store;
use local_django_sync\local\runner;
use local_django_sync\local\scope_settings;
use local_django_sync\local\site_side;
use local_django_sync\local\sync\plan;
use local_django_sync\local\sync\work_list;

/**
 * The sync page's scope parts: who is out of scope, by rule, in a paged tab of the stored plan; the rules in force
 * and those not applied.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\output\sync_page
 * @covers     \local_django_sync\output\items_table
 * @covers     \local_django_sync\local\run_store
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
        for ($i = 1; $i <= 3; $i++) {
            $gen->create_user(['username' => "svc-$i"]);
        }
        $gen->create_user(['username' => 'ann']);
        $scope = scope_settings::options((object)['exclude_usernames' => 'svc-*']);
        $moodle = iterator_to_array((new site_side(null, $scope))->users(), false);
        // A CSV-like record without auth: that rule cannot be applied to it, and the page says so.
        $moodle[] = ['id' => 99999, 'username' => 'nofacts', 'email' => 'nofacts@example.com', 'siteadmin' => false];
        $django = [['id' => '7', 'username' => 'outsider', 'email' => 'outsider@partner.example.org']];
        $raw = \mdsync_plan($moodle, $django, $scope + ['django_include' => ['email' => '*@example.com']]);
        // Stored as a plan run stores it.
        $plan = plan::from_extension($raw);
        $runid = run_log::start('page', 'plan', (int)get_admin()->id);
        $rows = run_store::store($runid, $plan, new work_list([]));
        run_log::update($runid, ['plan' => runner::summary($plan, new work_list([]), $rows)]);
        run_log::finish($runid, 'success', [], []);

        $renderer = $PAGE->get_renderer('local_django_sync');
        $url = new \moodle_url('/local/django_sync/sync.php', ['tab' => 'excluded']);
        $table = $renderer->items_table(new items_table($runid, 'plan', 'excluded', $url), 4);
        $page = new sync_page(['configured' => true, 'canplan' => true, 'plan' => run_log::latest_plan(),
            'tab' => 'excluded', 'table' => $table, 'enabled' => ['identifiers']]);
        $context = $page->export_for_template($renderer);
        $this->assertSame('6', array_column($context['tabs'], 'count', 'key')['excluded']);
        $this->assertSame(['siteadmin', 'guest', 'auth', 'username', 'django_include'],
            array_column($context['scope']['active'], 'rule'));
        $this->assertSame(['siteadmin' => 1, 'guest' => 0, 'auth' => 1, 'username' => 3, 'django_include' => 1],
            array_column($context['scope']['active'], 'count', 'rule'));
        $this->assertSame(['auth'], array_column($context['scope']['notapplied'], 'rule'));
        $this->assertSame(6, $context['scope']['excluded'], 'both sides, as the tab counts them');
        $this->assertArrayNotHasKey('action', $context, 'nothing to act on: they are out of scope');

        $html = $renderer->render($page);
        $this->assertSame(1, substr_count($html, '>Web &quot;Q&quot; Svc &amp; Co</a>'),
            'names escaped once (the table escapes the stored text)');
        $this->assertStringNotContainsString('&amp;amp;', $html);
        $this->assertMatchesRegularExpression('/<code>siteadmin<\/code>.*<code>auth<\/code>.*<code>username<\/code>/s', $table);
        $this->assertStringContainsString('Auth method never pushed', $html);
        $this->assertStringContainsString('1 users lack the fact auth', $html);
        $this->assertStringContainsString('id="local-django-sync-scope"', $html);
        $this->assertStringContainsString('svc-1', $html);
        $this->assertStringNotContainsString('svc-3', $html, 'the second page holds the rest');
        $this->assertStringContainsString('>' . (int)$ws->id . '<', $table);

        $_GET['page'] = 1;
        $table = $renderer->items_table(new items_table($runid, 'plan', 'excluded', $url), 4);
        unset($_GET['page']);
        $this->assertStringContainsString('svc-3', $table);
        $this->assertMatchesRegularExpression('/svc-3.*<code>username<\/code>.*>7<.*<code>django_include<\/code>/s', $table);
    }
}
