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
use local_django_sync\local\sync\plan;
use local_django_sync\local\sync\report;
use local_django_sync\local\sync\work_item;
use local_django_sync\local\sync\work_list;

/**
 * The sync page and the run history read runs from the database a page at a time: the plan's categories as tabs over
 * a sortable, searchable table; the run going on with its progress bar; held runs with Approve and Reject; the undo;
 * the history's filters; the per-user report and its download. No network: plans are built from data here.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\output\sync_page
 * @covers     \local_django_sync\output\items_table
 * @covers     \local_django_sync\output\runs_table
 * @covers     \local_django_sync\output\run_page
 * @covers     \local_django_sync\output\runs_filter
 * @covers     \local_django_sync\local\run_store
 */
final class sync_pages_test extends \advanced_testcase {
    /**
     * A plan run stored as the runner stores it: 7 Django users to create (one with a hostile name), a conflict.
     *
     * @return int the run id
     */
    protected function stored_plan(): int {
        $django = [];
        foreach (['amy', 'bob', 'cat', 'dan', 'eve', 'fay'] as $i => $name) {
            $django[] = ['source' => 'django', 'id' => (string)(10 + $i), 'djangoid' => (string)(10 + $i), 'username' => $name,
                'email' => "$name@example.edu", 'firstname' => ucfirst($name), 'lastname' => 'Student', 'edeboid' => "E$i",
                'iasid' => '', 'suspended' => false];
        }
        $django[] = ['source' => 'django', 'id' => '99', 'djangoid' => '99', 'username' => 'x', 'email' => 'x@example.edu',
            'firstname' => '<script>alert(1)</script>', 'lastname' => 'Zed', 'edeboid' => '', 'iasid' => '', 'suspended' => false];
        $plan = plan::from_extension([
            'only_in_moodle' => [], 'only_in_django' => $django, 'both' => [],
            'moodle_updates' => ['edeboid' => [], 'iasid' => [], 'djangoid' => []],
            'conflicts' => [['reason' => 'duplicate_email', 'message' => 'twice <here>', 'moodle_ids' => [2],
                'django_ids' => ['12'], 'email' => 'bob@example.edu']],
            'stats' => ['moodle_users' => 1, 'elapsed_ms' => 5],
        ]);
        $work = new work_list(array_map(fn($r) => new work_item('create_in_moodle', null, $r['djangoid'],
            work_item::label_of($r), ['record' => $r]), $django));
        $runid = run_log::start('page', 'plan', (int)get_admin()->id);
        $rows = run_store::store($runid, $plan, $work);
        run_log::update($runid, ['plan' => runner::summary($plan, $work, $rows), 'total' => count($work)]);
        run_log::finish($runid, 'success', [], []);
        return $runid;
    }

    /**
     * A page of an items table as the pages render it.
     *
     * @param items_table $table
     * @param int $pagesize
     * @return string HTML
     */
    protected function html(items_table $table, int $pagesize = 50): string {
        global $PAGE;
        return $PAGE->get_renderer('local_django_sync')->items_table($table, $pagesize);
    }

    public function test_the_plan_is_paged_sorted_and_searched_from_its_rows_escaped_once(): void {
        $this->resetAfterTest();
        $this->setAdminUser();
        $runid = $this->stored_plan();
        $url = new \moodle_url('/local/django_sync/sync.php', ['tab' => 'only_in_django']);

        $html = $this->html(new items_table($runid, 'plan', 'only_in_django', $url, '', 'djangoid'), 3);
        $this->assertSame(3, substr_count($html, 'name="ids[]"'), 'one page of 3 rows');
        $this->assertStringContainsString('value="10"', $html, 'the checkbox carries the Django id');
        $this->assertStringContainsString('edeboid: E0', $html);
        $this->assertStringContainsString('page=1', $html, 'a paging bar to the rest');
        $this->assertStringNotContainsString('<script>alert(1)', $this->html(new items_table($runid, 'plan', 'only_in_django',
            $url, 'zed', 'djangoid')));
        $this->assertStringContainsString('&lt;script&gt;alert(1)&lt;/script&gt;', $this->html(new items_table($runid, 'plan',
            'only_in_django', $url, 'zed', 'djangoid')));

        // Searched: by username, email or name; sorted by email, descending.
        $html = $this->html(new items_table($runid, 'plan', 'only_in_django', $url, 'CAT@example', 'djangoid'));
        $this->assertSame(1, substr_count($html, 'name="ids[]"'));
        $this->assertStringContainsString('cat@example.edu', $html);
        $_GET['tsort'] = 'email';
        $_GET['tdir'] = SORT_DESC;
        $html = $this->html(new items_table($runid, 'plan', 'only_in_django', $url, '', 'djangoid'), 2);
        unset($_GET['tsort'], $_GET['tdir']);
        $this->assertMatchesRegularExpression('/x@example\.edu.*fay@example\.edu/s', $html);

        $html = $this->html(new items_table($runid, 'plan', 'conflicts', new \moodle_url('/'), ''));
        $this->assertStringContainsString('duplicate_email', $html);
        $this->assertStringContainsString('twice &lt;here&gt;', $html);
    }

    public function test_the_sync_page_shows_the_run_going_on_held_runs_the_undo_and_the_plans_tabs(): void {
        global $PAGE;
        $this->resetAfterTest();
        $this->setAdminUser();
        $planid = $this->stored_plan();
        $held = run_log::start('task', 'apply', 0, [], 0, 'planning');
        run_log::update($held, ['status' => run_log::HELD, 'message' => 'it would suspend 60 users, more than 50',
            'plan' => ['actions' => ['suspend' => 60]]]);
        $activeid = run_log::start('page', 'apply', (int)get_admin()->id, [], 0, 'queued');
        $bar = new \core\output\stored_progress_bar('local_django_sync_test_bar');
        $bar->auto_update(false);
        $bar->create();
        $bar->start();
        $bar->update_full(40, 'Applying: 400 of 1,000');
        run_log::update($activeid, ['status' => 'running', 'progressbar' => 'local_django_sync_test_bar']);

        $page = new sync_page(['configured' => true, 'canplan' => true, 'active' => run_log::active(),
            'held' => run_log::held(), 'plan' => run_log::latest_plan(), 'tab' => 'only_in_django', 'table' => '<table>',
            'enabled' => ['identifiers', 'to-moodle'], 'runs' => run_log::recent(5)]);
        $context = $page->export_for_template($PAGE->get_renderer('local_django_sync'));
        $this->assertFalse($context['canplan'], 'no new plan while a run goes on');
        $this->assertStringContainsString("Run $activeid (Apply), started by Admin User", $context['active']['text']);
        $this->assertStringContainsString('stored-progress-bar', $context['active']['progress']);
        $this->assertSame('Applying: 400 of 1,000', $context['active']['message']);
        $this->assertSame($held, $context['held'][0]['id']);
        $this->assertSame('it would suspend 60 users, more than 50', $context['held'][0]['reason']);
        $this->assertFalse($context['held'][0]['canapprove'], 'approval waits for the run going on');
        $this->assertSame([['name' => 'Suspend', 'value' => '60']], $context['held'][0]['counts']);
        $tabs = array_column($context['tabs'], 'count', 'key');
        $this->assertSame('7', $tabs['only_in_django']);
        $this->assertSame('1', $tabs['conflicts']);
        $this->assertArrayNotHasKey('to_suspend', $tabs, 'users who leave are not planned unless the setting is on');
        $this->assertFalse($context['action']['allowed']);
        $this->assertSame('Another run is going on: wait for it to finish.', $context['action']['why']);
        $html = $PAGE->get_renderer('local_django_sync')->render($page);
        $this->assertStringNotContainsString('name="action" value="approve"', $html, 'not while another run goes on');
        $this->assertStringContainsString('runs.php?id=' . $held, $html, 'its changes can be reviewed');
        $this->assertStringContainsString((string)$planid, $html);
    }

    public function test_the_history_filters_runs_and_a_run_shows_its_report_and_downloads_it(): void {
        global $DB, $PAGE;
        $this->resetAfterTest();
        $this->setAdminUser();
        $planid = $this->stored_plan();
        $taskrun = run_log::start('task', 'apply');
        run_log::finish($taskrun, 'failed', ['done' => 2, 'failed' => 1], [], 'Django stopped answering');
        $DB->set_field(run_log::TABLE, 'timestarted', strtotime('2026-01-10 12:00'), ['id' => $taskrun]);
        $DB->set_field(run_log::TABLE, 'timestarted', strtotime('2026-02-01 12:00'), ['id' => $planid]);
        $url = new \moodle_url('/local/django_sync/runs.php');

        $count = function (array $filters) use ($url) {
            global $PAGE;
            return substr_count($PAGE->get_renderer('local_django_sync')->runs_table(new runs_table($url, $filters)),
                'runs.php?id=');
        };
        $this->assertSame(2, $count([]));
        $this->assertSame(1, $count(['status' => 'failed']));
        $this->assertSame(1, $count(['origin' => 'task']));
        $this->assertSame(1, $count(['mode' => 'plan', 'userid' => get_admin()->id]));
        $this->assertSame(1, $count(['from' => strtotime('2026-01-10'), 'to' => strtotime('2026-01-11')]));
        $this->assertSame(0, $count(['to' => strtotime('2026-01-10')]));
        $html = $PAGE->get_renderer('local_django_sync')->runs_table(new runs_table($url, ['origin' => 'task']));
        $this->assertStringContainsString('Django stopped answering', $html);
        $this->assertStringContainsString('Done: 2<br>Failed: 1', $html, 'counts in words, not their keys');

        // One run: its per-user report (here: results written as the runner writes them), filtered, and its download.
        [$work, $rowids] = run_store::work($planid, 0, 100);
        $report = new report();
        foreach ($work->items() as $i => $item) {
            $report->record($item, $i === 1 ? 'failed' : 'done', $i === 1 ? 'Moodle said <no>' : 'Moodle id ' . (100 + $i),
                $i === 1 ? null : 100 + $i);
        }
        run_store::save_results($rowids, $report);
        $this->assertSame(100, (int)$DB->get_field(run_store::TABLE, 'moodleid', ['runid' => $planid, 'position' => 0]));
        $table = $PAGE->get_renderer('local_django_sync')->items_table(new items_table($planid, 'report', 'failed',
            $url, ''));
        $this->assertSame(1, substr_count($table, 'Moodle said &lt;no&gt;'));
        $this->assertStringNotContainsString('Moodle id 100', $table);
        $page = new run_page(run_log::get($planid), 'failed', '', $table);
        $context = $page->export_for_template($PAGE->get_renderer('local_django_sync'));
        $this->assertSame('Success', $context['status']);
        $this->assertTrue($context['filters'][2]['active']);
        [$columns, $callback] = items_table::download_columns();
        $rows = array_map(fn($r) => $callback($r), array_values($DB->get_records(run_store::TABLE,
            ['runid' => $planid, 'position' => 1])));
        $this->assertSame(array_keys($columns), array_keys($rows[0]));
        $this->assertSame(['position' => 2, 'action' => 'create in Moodle', 'user' => 'bob <bob@example.edu>',
            'username' => 'bob', 'email' => 'bob@example.edu', 'moodleid' => '', 'djangoid' => '11', 'status' => 'failed',
            'message' => 'Moodle said <no>'], $rows[0]);
        $this->assertSame(['done' => 6, 'failed' => 1], run_store::status_counts($planid)[0]);
    }

    public function test_the_history_filter_form_lists_states_modes_origins_and_who_started_runs(): void {
        global $PAGE;
        $this->resetAfterTest();
        $this->setAdminUser();
        run_log::start('page', 'plan', (int)get_admin()->id);
        $filter = new runs_filter(['status' => 'failed', 'mode' => '', 'origin' => 'task', 'userid' => get_admin()->id,
            'from' => 0, 'to' => 0], ['from' => '2026-01-01']);
        $context = $filter->export_for_template($PAGE->get_renderer('local_django_sync'));
        $selected = fn(array $options) => array_values(array_column(array_filter($options, fn($o) => $o['selected']),
            'value'));
        $this->assertSame(['failed'], $selected($context['statuses']));
        $this->assertSame(['task'], $selected($context['origins']));
        $this->assertSame([(int)get_admin()->id], $selected($context['users']));
        $this->assertSame('2026-01-01', $context['from']);
        $this->assertCount(count(run_log::STATES) + 1, $context['statuses']);
    }
}
