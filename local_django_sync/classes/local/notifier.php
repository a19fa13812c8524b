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

use moodle_url;

/**
 * Tells the administrators, through Moodle's messaging, when something needs them: one method per alert.
 *
 * The message providers are in db/messages.php; who gets the alerts is the setting "Alert recipients"
 * (default: the site administrators). Each user's messaging preferences decide how it reaches them
 * (notification, email, ...). Nothing here touches the network beyond what Moodle's messaging does.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class notifier {
    /** Setting value: the site administrators (the default). */
    public const ADMINS = '$@ADMINS@$';

    /** Setting value: everyone who can run the sync (and the site administrators). */
    public const ALL = '$@ALL@$';

    /** Setting value: nobody. */
    public const NONE = '$@NONE@$';

    /** The capability that makes someone a possible recipient. */
    public const CAPABILITY = 'local/django_sync:manage';

    /**
     * A sync run failed (Django down, a page failed, an error that stopped it).
     *
     * @param int $runid the run, as in the run log
     * @param string $reason why it stopped (plain text)
     * @param moodle_url|null $url where to see the run (default: the sync page)
     * @return int messages sent
     */
    public function sync_failed(int $runid, string $reason, ?moodle_url $url = null): int {
        $a = (object)['runid' => $runid, 'reason' => $reason, 'site' => $this->site_name()];
        return $this->send(
            'syncfailed',
            get_string('alert_syncfailed_subject', 'local_django_sync', $a),
            get_string('alert_syncfailed_body', 'local_django_sync', $a),
            $url ?? new moodle_url('/local/django_sync/sync.php'),
            get_string('syncpage', 'local_django_sync')
        );
    }

    /**
     * Grade rows failed in one delivery run: rejected by Django, or out of attempts. One message per run.
     *
     * @param int $rejected rows Django rejected in this run
     * @param int $outofattempts rows that ran out of attempts in this run
     * @param int $failedtotal failed rows now waiting in the outbox
     * @return int messages sent
     */
    public function grades_failed(int $rejected, int $outofattempts, int $failedtotal): int {
        $a = (object)['rejected' => $rejected, 'outofattempts' => $outofattempts, 'total' => $failedtotal,
            'count' => $rejected + $outofattempts, 'site' => $this->site_name()];
        return $this->send(
            'gradesfailed',
            get_string('alert_gradesfailed_subject', 'local_django_sync', $a),
            get_string('alert_gradesfailed_body', 'local_django_sync', $a),
            new moodle_url('/local/django_sync/grades.php', ['state' => grade_outbox::FAILED]),
            get_string('gradespage', 'local_django_sync')
        );
    }

    /**
     * The guard held a run: it would change more users than the settings allow without approval.
     *
     * @param int $runid the held run, as in the run log
     * @param array $counts what the run would do, name => number (e.g. ['suspend' => 5160, 'create' => 0])
     * @param string $reason which limit it crossed (plain text)
     * @param moodle_url|null $url where to approve or reject it (default: the sync page)
     * @return int messages sent
     */
    public function run_held(int $runid, array $counts, string $reason, ?moodle_url $url = null): int {
        $parts = [];
        foreach ($counts as $name => $count) {
            $parts[] = run_log::count_label((string)$name) . ': ' . (int)$count;
        }
        $a = (object)['runid' => $runid, 'counts' => implode(', ', $parts), 'reason' => $reason,
            'site' => $this->site_name()];
        return $this->send(
            'runheld',
            get_string('alert_runheld_subject', 'local_django_sync', $a),
            get_string('alert_runheld_body', 'local_django_sync', $a),
            $url ?? new moodle_url('/local/django_sync/sync.php'),
            get_string('syncpage', 'local_django_sync')
        );
    }

    /**
     * Who gets the alerts now: active users chosen in the setting (default: the site administrators).
     *
     * @return \stdClass[] users by id
     */
    public function recipients(): array {
        global $DB;
        $setting = get_config('local_django_sync', 'alert_recipients');
        // Never saved (an upgrade that has not shown the new setting yet): the default.
        $choices = $setting === false ? [self::ADMINS] : array_filter(explode(',', (string)$setting), 'strlen');
        $users = [];
        if (in_array(self::ADMINS, $choices, true) || in_array(self::ALL, $choices, true)) {
            $users += get_admins();
        }
        if (in_array(self::ALL, $choices, true)) {
            $users += get_users_by_capability(\context_system::instance(), self::CAPABILITY, 'u.*');
        }
        $ids = array_filter($choices, 'ctype_digit');
        if ($ids) {
            // Chosen users who since lost the capability would be refused by messaging (the providers require it).
            $context = \context_system::instance();
            $users += array_filter(
                $DB->get_records_list('user', 'id', $ids),
                fn($user) => has_capability(self::CAPABILITY, $context, $user)
            );
        }
        return array_filter($users, fn($user) => empty($user->deleted) && empty($user->suspended));
    }

    /**
     * Sends one message to every recipient.
     *
     * @param string $name message provider name (db/messages.php)
     * @param string $subject
     * @param string $text plain text body
     * @param moodle_url $url where to act
     * @param string $urlname
     * @return int messages sent
     */
    protected function send(string $name, string $subject, string $text, moodle_url $url, string $urlname): int {
        $sent = 0;
        foreach ($this->recipients() as $user) {
            $message = new \core\message\message();
            $message->component = 'local_django_sync';
            $message->name = $name;
            $message->userfrom = \core_user::get_noreply_user();
            $message->userto = $user;
            $message->subject = $subject;
            $message->fullmessage = $text . "\n\n" . $url->out(false);
            $message->fullmessageformat = FORMAT_PLAIN;
            $message->fullmessagehtml = \html_writer::tag('p', nl2br(s($text)))
                . \html_writer::tag('p', \html_writer::link($url, s($urlname)));
            $message->smallmessage = $subject;
            $message->notification = 1;
            $message->contexturl = $url->out(false);
            $message->contexturlname = $urlname;
            $message->courseid = SITEID;
            if (message_send($message)) {
                $sent++;
            }
        }
        return $sent;
    }

    /**
     * The site's short name, for subjects (plain text).
     *
     * @return string
     */
    protected function site_name(): string {
        return format_string(get_site()->shortname, true, ['context' => \context_system::instance(), 'escape' => false]);
    }
}
