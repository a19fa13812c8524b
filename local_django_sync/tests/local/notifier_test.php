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

use local_django_sync\admin\alert_recipients_setting;
use local_django_sync\fake_gateway;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/fake_gateway.php');

/**
 * Tests of the alerts: recipients, the three messages, one grade alert per delivery run.
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\notifier
 * @covers     \local_django_sync\admin\alert_recipients_setting
 * @covers     \local_django_sync\local\grade_delivery
 */
final class notifier_test extends \advanced_testcase {
    /**
     * Ids of the users a sink's messages went to.
     *
     * @param \phpunit_message_sink $sink
     * @return int[]
     */
    protected static function recipients_of(\phpunit_message_sink $sink): array {
        $ids = array_map(fn($m) => (int)$m->useridto, $sink->get_messages());
        sort($ids);
        return $ids;
    }

    public function test_the_site_admins_get_alerts_by_default(): void {
        $this->resetAfterTest();
        $admin = get_admin();
        $this->assertSame(notifier::ADMINS, get_config('local_django_sync', 'alert_recipients'), 'installed with the default');
        // Before the setting was ever saved (an upgrade that has not shown it yet): the same.
        unset_config('alert_recipients', 'local_django_sync');
        $sink = $this->redirectMessages();
        $this->assertSame(1, (new notifier())->sync_failed(42, 'Mdsync\HttpException: HTTP 503 <b>down</b>'));
        $messages = $sink->get_messages();
        $this->assertCount(1, $messages);
        $message = reset($messages);
        $this->assertSame('local_django_sync', $message->component);
        $this->assertSame('syncfailed', $message->eventtype);
        $this->assertEquals($admin->id, $message->useridto);
        $this->assertSame(1, (int)$message->notification);
        $this->assertStringContainsString('the Django user sync failed', $message->subject);
        $this->assertStringContainsString('run 42', $message->fullmessage);
        $this->assertStringContainsString('HTTP 503 <b>down</b>', $message->fullmessage, 'plain text as it is');
        $this->assertStringContainsString('HTTP 503 &lt;b&gt;down&lt;/b&gt;', $message->fullmessagehtml, 'HTML escaped once');
        $this->assertStringNotContainsString('&amp;lt;', $message->fullmessagehtml);
        $this->assertStringContainsString('/local/django_sync/sync.php', $message->contexturl);
    }

    public function test_recipients_follow_the_setting(): void {
        global $DB;
        $this->resetAfterTest();
        $admin = get_admin();
        $manager = $this->getDataGenerator()->create_user();
        $systemcontext = \context_system::instance();
        role_assign($DB->get_field('role', 'id', ['shortname' => 'manager']), $manager->id, $systemcontext->id);
        // Not managers (yet): the chosen users below.
        $chosen = $this->getDataGenerator()->create_user();
        $suspended = $this->getDataGenerator()->create_user(['suspended' => 1]);
        $notifier = new notifier();

        set_config('alert_recipients', notifier::ADMINS, 'local_django_sync');
        $this->assertSame([(int)$admin->id], array_keys($notifier->recipients()));
        set_config('alert_recipients', '', 'local_django_sync');
        $this->assertSame([], $notifier->recipients(), '"Nobody" is stored as empty');
        set_config('alert_recipients', notifier::ALL, 'local_django_sync');
        $ids = array_keys($notifier->recipients());
        sort($ids);
        $this->assertSame([(int)$admin->id, (int)$manager->id], $ids);
        $nocapability = $this->getDataGenerator()->create_user();
        $managerroleid = $DB->get_field('role', 'id', ['shortname' => 'manager']);
        role_assign($managerroleid, $chosen->id, $systemcontext->id);
        role_assign($managerroleid, $suspended->id, $systemcontext->id);
        set_config(
            'alert_recipients',
            "{$chosen->id},{$suspended->id},{$nocapability->id}," . notifier::ADMINS,
            'local_django_sync'
        );
        $ids = array_keys($notifier->recipients());
        sort($ids);
        $this->assertSame(
            [(int)$admin->id, (int)$chosen->id],
            $ids,
            'suspended users get nothing, nor users who cannot run the sync'
        );

        $sink = $this->redirectMessages();
        $this->assertSame(2, $notifier->run_held(7, ['suspend' => 5160, 'delete' => 0], 'more than 5% would be suspended'));
        $this->assertSame([(int)$admin->id, (int)$chosen->id], self::recipients_of($sink));
        $message = $sink->get_messages()[0];
        $this->assertSame('runheld', $message->eventtype);
        $this->assertStringContainsString('suspend: 5160, delete: 0', $message->fullmessage);
        $this->assertStringContainsString('more than 5% would be suspended', $message->fullmessage);
        $url = new \moodle_url('/local/django_sync/sync.php', ['run' => 7]);
        $sink->clear();
        $notifier->run_held(7, ['create' => 9000], 'held', $url);
        $this->assertSame($url->out(false), $sink->get_messages()[0]->contexturl);
    }

    public function test_the_setting_offers_site_admins_first_and_defaults_to_them(): void {
        global $CFG;
        require_once($CFG->libdir . '/adminlib.php');
        $this->resetAfterTest();
        $setting = new alert_recipients_setting();
        $this->assertSame([notifier::ADMINS], $setting->get_defaultsetting());
        $setting->load_choices();
        $this->assertSame([notifier::ADMINS, '$@NONE@$', '$@ALL@$'], array_slice(array_keys($setting->choices), 0, 3));
        $this->assertSame('', $setting->write_setting([notifier::ADMINS]));
        $this->assertSame(notifier::ADMINS, get_config('local_django_sync', 'alert_recipients'));
        $this->assertSame('', $setting->write_setting(['$@NONE@$']));
        $this->assertSame('', get_config('local_django_sync', 'alert_recipients'));
    }

    public function test_one_alert_per_delivery_run_that_failed_rows(): void {
        $this->resetAfterTest();
        for ($i = 1; $i <= 5; $i++) {
            grade_outbox::insert_if_absent(['userid' => $i, 'courseid' => 2, 'itemid' => 5, 'gradeid' => $i,
                'djangoid' => (string)$i, 'finalgrade' => (float)$i, 'idempotency_key' => "grade:$i:1764000000:$i"]);
        }
        $gateway = new fake_gateway(['grades_batch_size' => 2, 'grades_max_attempts' => 1]);
        $gateway->gradeanswer = function (array $grade): array {
            switch ($grade['userid']) {
                case 1:
                case 2:
                case 3:
                    return ['status' => 'rejected', 'http_status' => 400, 'message' => 'bad'];
                case 4:
                    return ['status' => 'retry', 'http_status' => 503, 'message' => 'down'];
            }
            return ['status' => 'delivered', 'http_status' => 201];
        };
        $sink = $this->redirectMessages();
        $result = (new grade_delivery($gateway))->drain();
        $this->assertSame([3, 3, 1, 1], [$result->batches, $result->rejected, $result->failed, $result->delivered]);
        $messages = $sink->get_messages();
        $this->assertCount(1, $messages, 'one message for the run, not one per row or per batch');
        $message = reset($messages);
        $this->assertSame('gradesfailed', $message->eventtype);
        $this->assertStringContainsString('4 grade changes could not be delivered', $message->subject);
        $this->assertStringContainsString('3 rejected by Django, 1 out of attempts', $message->fullmessage);
        $this->assertStringContainsString('4 failed grade changes are waiting', $message->fullmessage);
        $this->assertStringContainsString('/local/django_sync/grades.php?state=failed', $message->contexturl);

        // A run with nothing failing says nothing.
        $sink->clear();
        grade_outbox::insert_if_absent(['userid' => 9, 'courseid' => 2, 'itemid' => 5, 'gradeid' => 9,
            'djangoid' => '9', 'finalgrade' => 9.0, 'idempotency_key' => 'grade:9:1764000000:9']);
        $gateway->gradeanswer = null;
        $this->assertSame(1, (new grade_delivery($gateway))->drain()->delivered);
        $this->assertSame([], $sink->get_messages());
    }
}
