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

/**
 * Admin settings and pages of local_django_sync.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

if (
    $hassiteconfig || has_any_capability(
        ['local/django_sync:manage', 'local/django_sync:viewreports'],
        context_system::instance()
    )
) {
    $ADMIN->add('localplugins', new admin_category(
        'local_django_sync',
        new lang_string('pluginname', 'local_django_sync')
    ));

    $settings = new admin_settingpage(
        'local_django_sync_settings',
        new lang_string('settings', 'local_django_sync')
    );

    if ($ADMIN->fulltree) {
        $plugin = 'local_django_sync';

        $settings->add(new admin_setting_heading(
            "$plugin/djangoheading",
            new lang_string('djangoheading', $plugin),
            new lang_string('djangoheading_desc', $plugin)
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/django_url",
            new lang_string('django_url', $plugin),
            new lang_string('django_url_desc', $plugin),
            '',
            PARAM_URL,
            60
        ));
        $settings->add(new admin_setting_configpasswordunmask(
            "$plugin/django_token",
            new lang_string('django_token', $plugin),
            new lang_string('django_token_desc', $plugin),
            ''
        ));
        $settings->add(new admin_setting_configselect(
            "$plugin/django_auth_scheme",
            new lang_string('django_auth_scheme', $plugin),
            new lang_string('django_auth_scheme_desc', $plugin),
            'Token',
            ['Token' => 'Token', 'Bearer' => 'Bearer']
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/users_path",
            new lang_string('users_path', $plugin),
            new lang_string('users_path_desc', $plugin),
            '/api/user/',
            PARAM_RAW_TRIMMED
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/page_size",
            new lang_string('page_size', $plugin),
            new lang_string('page_size_desc', $plugin),
            1000,
            PARAM_INT
        ));

        $settings->add(new admin_setting_heading(
            "$plugin/syncheading",
            new lang_string('syncheading', $plugin),
            ''
        ));
        $settings->add(new admin_setting_configselect(
            "$plugin/match",
            new lang_string('match', $plugin),
            new lang_string('match_desc', $plugin),
            'email',
            [
                'email' => new lang_string('match_email', $plugin),
                'djangoid,email' => new lang_string('match_djangoid_email', $plugin),
            ]
        ));
        $settings->add(new admin_setting_configcheckbox(
            "$plugin/create_in_moodle",
            new lang_string('create_in_moodle', $plugin),
            new lang_string('create_in_moodle_desc', $plugin),
            0
        ));
        $settings->add(new admin_setting_configcheckbox(
            "$plugin/create_in_django",
            new lang_string('create_in_django', $plugin),
            new lang_string('create_in_django_desc', $plugin),
            0
        ));
        $settings->add(new admin_setting_configselect(
            "$plugin/moodle_auth",
            new lang_string('moodle_auth', $plugin),
            new lang_string('moodle_auth_desc', $plugin),
            'manual',
            \local_django_sync\local\moodle_users::auth_choices()
        ));

        // Who is synced (docs/API.md of the project, "Who is synced"): the extension's scope options, same names.
        $settings->add(new admin_setting_heading(
            "$plugin/scopeheading",
            new lang_string('scopeheading', $plugin),
            new lang_string('scopeheading_desc', $plugin)
        ));
        $settings->add(new admin_setting_configcheckbox(
            "$plugin/exclude_siteadmins",
            new lang_string('exclude_siteadmins', $plugin),
            new lang_string('exclude_siteadmins_desc', $plugin),
            1
        ));
        $settings->add(new admin_setting_configcheckbox(
            "$plugin/exclude_guest",
            new lang_string('exclude_guest', $plugin),
            new lang_string('exclude_guest_desc', $plugin),
            1
        ));
        $authchoices = [];
        foreach (array_keys(core_component::get_plugin_list('auth')) as $authname) {
            $authchoices[$authname] = new lang_string('pluginname', "auth_$authname");
        }
        $settings->add(new admin_setting_configmulticheckbox(
            "$plugin/exclude_auth",
            new lang_string('exclude_auth', $plugin),
            new lang_string('exclude_auth_desc', $plugin),
            array_fill_keys(\local_django_sync\local\scope_settings::DEFAULT_EXCLUDE_AUTH, 1),
            $authchoices
        ));
        $rolechoices = [];
        foreach (role_fix_names(get_all_roles(), null, ROLENAME_ORIGINALANDSHORT) as $role) {
            $rolechoices[$role->shortname] = $role->localname;
        }
        $settings->add(new admin_setting_configmulticheckbox(
            "$plugin/exclude_roles",
            new lang_string('exclude_roles', $plugin),
            new lang_string('exclude_roles_desc', $plugin),
            [],
            $rolechoices
        ));
        foreach (['exclude_cohorts', 'exclude_email_domains', 'exclude_usernames'] as $name) {
            $settings->add(new admin_setting_configtext(
                "$plugin/$name",
                new lang_string($name, $plugin),
                new lang_string($name . '_desc', $plugin),
                '',
                PARAM_RAW_TRIMMED,
                60
            ));
        }
        $settings->add(new admin_setting_configtext(
            "$plugin/exclude_ids",
            new lang_string('exclude_ids', $plugin),
            new lang_string('exclude_ids_desc', $plugin),
            '',
            \local_django_sync\local\scope_settings::IDS_PATTERN,
            60
        ));
        $settings->add(new admin_setting_configmulticheckbox(
            "$plugin/include_auth",
            new lang_string('include_auth', $plugin),
            new lang_string('include_auth_desc', $plugin),
            [],
            $authchoices
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/include_cohorts",
            new lang_string('include_cohorts', $plugin),
            new lang_string('include_cohorts_desc', $plugin),
            '',
            PARAM_RAW_TRIMMED,
            60
        ));
        $settings->add(new \local_django_sync\admin\django_include_setting());
        $settings->add(new admin_setting_configtext(
            "$plugin/django_filter",
            new lang_string('django_filter', $plugin),
            new lang_string('django_filter_desc', $plugin),
            '',
            PARAM_RAW_TRIMMED,
            60
        ));

        $settings->add(new admin_setting_heading(
            "$plugin/leaversheading",
            new lang_string('leaversheading', $plugin),
            new lang_string('leaversheading_desc', $plugin)
        ));
        $settings->add(new admin_setting_configcheckbox(
            "$plugin/suspend",
            new lang_string('suspend', $plugin),
            new lang_string('suspend_desc', $plugin),
            0
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/suspend_max_percent",
            new lang_string('suspend_max_percent', $plugin),
            new lang_string('suspend_max_percent_desc', $plugin),
            5,
            PARAM_INT
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/delete_after_days",
            new lang_string('delete_after_days', $plugin),
            new lang_string('delete_after_days_desc', $plugin),
            0,
            PARAM_INT
        ));

        $settings->add(new admin_setting_heading(
            "$plugin/approvalheading",
            new lang_string('approvalheading', $plugin),
            new lang_string('approvalheading_desc', $plugin)
        ));
        foreach (\local_django_sync\local\run_guard::DEFAULTS as $name => $default) {
            $settings->add(new admin_setting_configtext(
                "$plugin/$name",
                new lang_string($name, $plugin),
                new lang_string($name . '_desc', $plugin),
                $default,
                PARAM_INT
            ));
        }

        $settings->add(new admin_setting_heading(
            "$plugin/runsheading",
            new lang_string('runsheading', $plugin),
            new lang_string('runsheading_desc', $plugin)
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/chunk_size",
            new lang_string('chunk_size', $plugin),
            new lang_string('chunk_size_desc', $plugin),
            \local_django_sync\local\runner::DEFAULT_CHUNK_SIZE,
            PARAM_INT
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/batch_size",
            new lang_string('batch_size', $plugin),
            new lang_string('batch_size_desc', $plugin),
            \local_django_sync\local\sync\options::DEFAULT_BATCH_SIZE,
            PARAM_INT
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/runs_keep_days",
            new lang_string('runs_keep_days', $plugin),
            new lang_string('runs_keep_days_desc', $plugin),
            \local_django_sync\task\cleanup_runs::DEFAULT_KEEP_DAYS,
            PARAM_INT
        ));

        $settings->add(new admin_setting_heading(
            "$plugin/networkheading",
            new lang_string('networkheading', $plugin),
            new lang_string('networkheading_desc', $plugin)
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/concurrency",
            new lang_string('concurrency', $plugin),
            new lang_string('concurrency_desc', $plugin),
            8,
            PARAM_INT
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/timeout_ms",
            new lang_string('timeout_ms', $plugin),
            new lang_string('timeout_ms_desc', $plugin),
            30000,
            PARAM_INT
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/connect_timeout_ms",
            new lang_string('connect_timeout_ms', $plugin),
            new lang_string('connect_timeout_ms_desc', $plugin),
            5000,
            PARAM_INT
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/max_retries",
            new lang_string('max_retries', $plugin),
            new lang_string('max_retries_desc', $plugin),
            3,
            PARAM_INT
        ));

        $settings->add(new admin_setting_heading(
            "$plugin/gradesheading",
            new lang_string('gradesheading', $plugin),
            new lang_string('gradesheading_desc', $plugin)
        ));
        $settings->add(new admin_setting_configcheckbox(
            "$plugin/grades_enabled",
            new lang_string('grades_enabled', $plugin),
            new lang_string('grades_enabled_desc', $plugin),
            0
        ));
        $settings->add(new admin_setting_configpasswordunmask(
            "$plugin/signing_secret",
            new lang_string('signing_secret', $plugin),
            new lang_string('signing_secret_desc', $plugin),
            ''
        ));
        $settings->add(new admin_setting_configselect(
            "$plugin/grades_items",
            new lang_string('grades_items', $plugin),
            new lang_string('grades_items_desc', $plugin),
            'all',
            [
                'all' => new lang_string('grades_items_all', $plugin),
                'course' => new lang_string('grades_items_course', $plugin),
            ]
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/grades_path",
            new lang_string('grades_path', $plugin),
            new lang_string('grades_path_desc', $plugin),
            '/api/grades/',
            PARAM_RAW_TRIMMED
        ));
        $settings->add(new admin_setting_configselect(
            "$plugin/grades_method",
            new lang_string('grades_method', $plugin),
            new lang_string('grades_method_desc', $plugin),
            'POST',
            ['POST' => 'POST', 'PATCH' => 'PATCH', 'PUT' => 'PUT']
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/grades_url_template",
            new lang_string('grades_url_template', $plugin),
            new lang_string('grades_url_template_desc', $plugin),
            '',
            PARAM_RAW_TRIMMED,
            60
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/grades_max_attempts",
            new lang_string('grades_max_attempts', $plugin),
            new lang_string('grades_max_attempts_desc', $plugin),
            30,
            PARAM_INT
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/grades_batch_size",
            new lang_string('grades_batch_size', $plugin),
            new lang_string('grades_batch_size_desc', $plugin),
            200,
            PARAM_INT
        ));
        $settings->add(new admin_setting_configtext(
            "$plugin/grades_keep_days",
            new lang_string('grades_keep_days', $plugin),
            new lang_string('grades_keep_days_desc', $plugin),
            \local_django_sync\local\grade_outbox::DEFAULT_KEEP_DAYS,
            PARAM_INT
        ));

        $settings->add(new admin_setting_heading(
            "$plugin/alertsheading",
            new lang_string('alertsheading', $plugin),
            new lang_string('alertsheading_desc', $plugin)
        ));
        $settings->add(new \local_django_sync\admin\alert_recipients_setting());

        $settings->add(new admin_setting_heading(
            "$plugin/reportsheading",
            new lang_string('reportsheading', $plugin),
            ''
        ));
        $roles = [];
        foreach (role_fix_names(get_all_roles(), null, ROLENAME_ORIGINALANDSHORT) as $role) {
            $roles[$role->shortname] = $role->localname;
        }
        $settings->add(new admin_setting_configselect(
            "$plugin/managerrole",
            new lang_string('managerrole', $plugin),
            new lang_string('managerrole_desc', $plugin),
            'manager',
            $roles
        ));
    }
    $ADMIN->add('local_django_sync', $settings);

    $ADMIN->add('local_django_sync', new admin_externalpage(
        'local_django_sync_sync',
        new lang_string('syncpage', 'local_django_sync'),
        new moodle_url('/local/django_sync/sync.php'),
        'local/django_sync:manage'
    ));
    $ADMIN->add('local_django_sync', new admin_externalpage(
        'local_django_sync_runs',
        new lang_string('runhistory', 'local_django_sync'),
        new moodle_url('/local/django_sync/runs.php'),
        'local/django_sync:manage'
    ));
    $ADMIN->add('local_django_sync', new admin_externalpage(
        'local_django_sync_grades',
        new lang_string('gradespage', 'local_django_sync'),
        new moodle_url('/local/django_sync/grades.php'),
        'local/django_sync:manage'
    ));
    $ADMIN->add('local_django_sync', new admin_externalpage(
        'local_django_sync_managers',
        new lang_string('managersreport', 'local_django_sync'),
        new moodle_url('/local/django_sync/managers.php'),
        'local/django_sync:viewreports'
    ));
    $ADMIN->add('local_django_sync', new admin_externalpage(
        'local_django_sync_categories',
        new lang_string('categoriesreport', 'local_django_sync'),
        new moodle_url('/local/django_sync/categories.php'),
        'local/django_sync:viewreports'
    ));
}
