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
 * English strings of local_django_sync.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['action_create_django_all'] = 'Create all {$a} in Django';
$string['action_create_django_selected'] = 'Create selected in Django';
$string['action_create_moodle_all'] = 'Create all {$a} in Moodle';
$string['action_create_moodle_selected'] = 'Create selected in Moodle';
$string['action_identifiers_all'] = 'Fill identifiers of all {$a}';
$string['action_identifiers_selected'] = 'Fill identifiers of selected';
$string['alert_gradesfailed_body'] = 'Grade delivery to Django on {$a->site}: {$a->count} grade changes failed in the last delivery run ({$a->rejected} rejected by Django, {$a->outofattempts} out of attempts). {$a->total} failed grade changes are waiting for an administrator to retry or discard them on the grade delivery page.';
$string['alert_gradesfailed_subject'] = '{$a->site}: {$a->count} grade changes could not be delivered to Django';
$string['alert_recipients'] = 'Alert recipients';
$string['alert_recipients_admins'] = 'Site administrators';
$string['alert_recipients_desc'] = 'Who is told, through Moodle\'s messaging, when a sync run fails, grade changes fail, or a run is held for approval. Each recipient\'s notification preferences decide how (web, email, ...).';
$string['alert_runheld_body'] = 'A Django user sync run on {$a->site} (run {$a->runid}) was held for approval: {$a->reason}. It would: {$a->counts}. Nothing has been changed; approve or reject it on the sync page.';
$string['alert_runheld_subject'] = '{$a->site}: a Django user sync run waits for approval';
$string['alert_syncfailed_body'] = 'The Django user sync run {$a->runid} on {$a->site} failed: {$a->reason}';
$string['alert_syncfailed_subject'] = '{$a->site}: the Django user sync failed';
$string['alertsheading'] = 'Alerts';
$string['alertsheading_desc'] = 'Failed sync runs, failed grade changes and runs held for approval are sent as Moodle notifications.';
$string['andmore'] = 'and {$a} more';
$string['assignedin'] = 'Role assigned in';
$string['attempts'] = 'Attempts';
$string['cachedef_plan'] = 'The last sync plan computed on the sync page';
$string['categoriesintro'] = '{$a->count} categories, {$a->courses} courses in all. "Direct" counts the courses in a category itself, "total" adds those of its subcategories.';
$string['categoriesreport'] = 'Categories';
$string['chartcourses'] = 'Courses per category';
$string['checkconnection'] = 'Django user sync';
$string['checkfailed'] = 'Django did not answer as expected: {$a}';
$string['checkgrades'] = 'Django grade delivery';
$string['checkgrades_empty'] = 'No grade changes are waiting to be delivered.';
$string['checkgrades_failed'] = '{$a->failed} grade changes failed and wait for an administrator; {$a->pending} pending, the oldest for {$a->age}.';
$string['checkgrades_ok'] = '{$a->pending} grade changes pending, the oldest for {$a->age}.';
$string['checkgrades_old'] = '{$a->pending} grade changes pending; the oldest has waited {$a->age}.';
$string['checkok'] = 'The mdsync extension {$a->version} is loaded and Django answered with {$a->count} users in {$a->ms} ms.';
$string['cleanupresult'] = 'Deleted {$a->count} delivered grade changes older than {$a->days} days.';
$string['cli_applied'] = 'Sync applied: {$a}';
$string['cli_badonly'] = '--only takes one or more of {$a}, separated by commas.';
$string['cli_conflict'] = 'conflict {$a->reason}: {$a->message}';
$string['cli_help'] = 'Syncs Moodle users with the Django users endpoint configured in the plugin settings.

Options:
--plan              Show what would be done; change nothing (the default)
--apply             Do it: create missing users and fill identifiers
--only=LIST         With --apply, only these directions (comma-separated): to-moodle, to-django, identifiers
--json              Print the result as JSON
-h, --help          Print this help

It runs the same apply as the sync page, the scheduled task and bin/mdsync (identifiers, then users created in Moodle, then users created in Django), and prints the same report. SIGINT or SIGTERM stops it after the batch in flight; the rest is reported not done.

Exit codes: 0 done, 1 some users failed (the others went through), 2 the run could not be made or stopped (Django unreachable, the mdsync extension missing, the plugin not configured, bad options), 130 interrupted.

Example:
$ sudo -u www-data /usr/bin/php local/django_sync/cli/sync.php --plan --json
';
$string['cli_planned'] = 'Plan computed: {$a}';
$string['cli_planorapply'] = 'Give --plan or --apply, not both.';
$string['cli_unknownoption'] = 'Unknown option: {$a}';
$string['computeplan'] = 'Compute the plan now';
$string['concurrency'] = 'Concurrent requests';
$string['concurrency_desc'] = 'How many requests to Django may run at the same time.';
$string['confirm_create_django'] = 'Create {$a} Moodle-only users in Django? Their Django ids will be stored in their Moodle profiles.';
$string['confirm_create_moodle'] = 'Create {$a} Django-only users in Moodle? They get the authentication method chosen in the settings; manual accounts get a generated password by email.';
$string['confirm_identifiers'] = 'Fill the identifier fields of {$a} Moodle users from Django?';
$string['connect_timeout_ms'] = 'Connect timeout (ms)';
$string['connect_timeout_ms_desc'] = 'How long to wait for a connection to Django.';
$string['counts'] = 'Counts';
$string['course'] = 'Course';
$string['coursecount'] = 'Number of courses';
$string['create_in_django'] = 'Create users in Django';
$string['create_in_django_desc'] = 'Users found only in Moodle may be created in Django (by the task, the CLI and the sync page).';
$string['create_in_moodle'] = 'Create users in Moodle';
$string['create_in_moodle_desc'] = 'Users found only in Django may be created in Moodle (by the task, the CLI and the sync page).';
$string['depth'] = 'Depth';
$string['directcourses'] = 'Direct courses';
$string['directiondisabled'] = 'This direction is disabled in the plugin settings.';
$string['django_auth_scheme'] = 'Authorization scheme';
$string['django_auth_scheme_desc'] = '"Token" for Django REST framework token authentication, "Bearer" for JWT.';
$string['django_filter'] = 'Ask Django only for';
$string['django_filter_desc'] = 'Query parameters added to the users endpoint, as in a URL: <code>role=student&amp;year=2</code> (option <code>django_filter</code>). Django then lists only those users, so Moodle users linked to the others look gone: keep them out of scope with the rules above. page, page_size, limit, offset and cursor are refused (mdsync pages itself).';
$string['django_include'] = 'Create in Moodle only Django users matching';
$string['django_include_desc'] = 'One line per field, <code>field = patterns</code> (comma-separated, * and ? as wildcards), for example <code>email = *@students.example.edu</code> (option <code>django_include</code>). A Django user must match every line to be created in Moodle; the others are listed as excluded. Fields: id, username, email, firstname, lastname, edeboid, iasid, djangoid, auth.';
$string['django_sync:manage'] = 'Run the user sync with Django';
$string['django_sync:viewreports'] = 'View the course managers and categories reports';
$string['django_token'] = 'API token';
$string['django_token_desc'] = 'The token Moodle presents to Django. It is never shown in logs or reports.';
$string['django_url'] = 'Django base URL';
$string['django_url_desc'] = 'For example https://django.example.com. It must be allowed by Site administration > General > Security > HTTP security (blocked hosts and allowed ports).';
$string['djangoheading'] = 'Django';
$string['djangoheading_desc'] = 'Where the Django users endpoint is and how to authenticate to it. Outbound requests use Moodle\'s proxy settings.';
$string['djangousers'] = 'Django users';
$string['drainlocked'] = 'Another grade delivery is running (on this or another cron node); it will send the rows.';
$string['drainrequeued'] = 'Delivery queued again for {$a}.';
$string['drainresult'] = 'Grade delivery: {$a->sent} sent in {$a->batches} batches, {$a->delivered} delivered, {$a->retry} to retry, {$a->rejected} rejected, {$a->failed} out of attempts; {$a->remaining} pending.';
$string['error_authnotenabled'] = 'The authentication method "{$a}" is not enabled, or keeps local passwords.';
$string['error_badpayload'] = 'The stored grade is not valid JSON.';
$string['error_directiondisabled'] = 'Disabled in the plugin settings: {$a}';
$string['error_djangoinclude'] = 'Line {$a->line} ("{$a->text}") is not "field = patterns" with one of the fields {$a->fields}.';
$string['error_emailexists'] = 'A Moodle user with the email address {$a} already exists.';
$string['error_invalidemail'] = 'Not a valid email address: "{$a}"';
$string['error_invalidusername'] = 'Not a valid Moodle username: "{$a}"';
$string['error_nodjangoid'] = 'The user has no Django id yet and the URL template needs one; waiting for the user sync.';
$string['error_noresult'] = 'The extension returned no result for this grade.';
$string['error_setting'] = 'A sync setting cannot be used: {$a}';
$string['error_unknowndirection'] = 'Unknown direction: {$a}';
$string['error_usernameexists'] = 'The username {$a} is taken in Moodle.';
$string['exclude_auth'] = 'Never push users with these auth methods';
$string['exclude_auth_desc'] = 'Moodle accounts signing in with these methods are never created in Django nor suspended by the sync (option <code>exclude_auth</code>; default No login and Web services). Leaving every box empty pushes them all.';
$string['exclude_cohorts'] = 'Never push members of these cohorts';
$string['exclude_cohorts_desc'] = 'Cohort ID numbers, comma-separated (option <code>exclude_cohorts</code>).';
$string['exclude_email_domains'] = 'Never push these email domains';
$string['exclude_email_domains_desc'] = 'Domain patterns, comma-separated: <code>example.org, *.partner.example.org</code> (option <code>exclude_email_domains</code>).';
$string['exclude_guest'] = 'Never push the guest user';
$string['exclude_guest_desc'] = 'Option <code>exclude_guest</code>.';
$string['exclude_ids'] = 'Never push these Moodle user ids';
$string['exclude_ids_desc'] = 'Ids and ranges, comma-separated: <code>2, 10-20</code> (option <code>exclude_ids</code>).';
$string['exclude_roles'] = 'Never push holders of these roles';
$string['exclude_roles_desc'] = 'Users holding one of these roles in the system context or a course category (staff, managers) are never created in Django nor suspended by the sync (option <code>exclude_roles</code>). Roles held only in courses do not count.';
$string['exclude_siteadmins'] = 'Never push site administrators';
$string['exclude_siteadmins_desc'] = 'Option <code>exclude_siteadmins</code>.';
$string['exclude_usernames'] = 'Never push these usernames';
$string['exclude_usernames_desc'] = 'Username patterns, comma-separated, * and ? as wildcards: <code>admin*, svc-*</code> (option <code>exclude_usernames</code>).';
$string['excluded'] = 'excluded';
$string['extensionmissing'] = 'The mdsync PHP extension is not loaded, so Django cannot be reached.';
$string['extensionmissing_page'] = 'The mdsync PHP extension is not loaded in this PHP, so the sync cannot run. Install the extension (see the mdsync README), enable it with <code>extension=mdsync.so</code> for both the web server\'s PHP and the PHP that runs cron, and restart the web server. Reports that need no Django keep working.';
$string['failureline'] = '{$a->side}: Moodle user {$a->moodle_id}, Django user {$a->django_id}, {$a->email}: {$a->reason}';
$string['failures'] = 'Failures';
$string['field_djangoid'] = 'Django ID';
$string['field_djangoid_desc'] = 'The id of this user in Django, filled by the Django user sync.';
$string['field_edeboid'] = 'EDEBO ID';
$string['field_edeboid_desc'] = 'The EDEBO identifier of this user, filled by the Django user sync.';
$string['field_iasid'] = 'IAS ID';
$string['field_iasid_desc'] = 'The IAS identifier of this user, filled by the Django user sync.';
$string['field_suspendedat'] = 'Suspended by the sync at';
$string['field_suspendedat_desc'] = 'When the Django user sync suspended this user (Unix time). Users suspended by hand have none, and are never revived or deleted by the sync.';
$string['finished'] = 'Finished';
$string['gradeaction_discard'] = 'Discard';
$string['gradeaction_discardall'] = 'Discard all failed';
$string['gradeaction_retry'] = 'Retry';
$string['gradeaction_retryall'] = 'Retry all failed';
$string['gradeconfirm_discard'] = 'Discard grade event {$a}? Django will never receive it.';
$string['gradeconfirm_discardall'] = 'Discard all {$a} failed grade events? Django will never receive them.';
$string['gradeconfirm_retry'] = 'Put grade event {$a} back in the queue with fresh attempts?';
$string['gradeconfirm_retryall'] = 'Put all {$a} failed grade events back in the queue with fresh attempts?';
$string['gradediscarded'] = '{$a} grade events discarded.';
$string['gradefilter_all'] = 'All';
$string['gradefilter_delivered'] = 'Delivered';
$string['gradefilter_failed'] = 'Failed';
$string['gradefilter_pending'] = 'Pending';
$string['gradefilter_retrying'] = 'Retrying';
$string['gradeitem'] = 'Grade item';
$string['graderetried'] = '{$a} grade events queued again.';
$string['grades_batch_size'] = 'Grades per batch';
$string['grades_batch_size_desc'] = 'How many outbox rows one delivery call sends (concurrently, up to "Concurrent requests" at a time).';
$string['grades_enabled'] = 'Send grades to Django';
$string['grades_enabled_desc'] = 'Record every grade change in an outbox (in the same database transaction as the change) and deliver it to Django from the task system.';
$string['grades_items'] = 'Grade items';
$string['grades_items_all'] = 'All grade items (activities, categories, course total)';
$string['grades_items_course'] = 'Course total only';
$string['grades_items_desc'] = 'Which grades are sent.';
$string['grades_keep_days'] = 'Keep delivered grade changes (days)';
$string['grades_keep_days_desc'] = 'Delivered grade changes stay on the grade delivery page this many days (at least 1), then a daily task deletes them.';
$string['grades_max_attempts'] = 'Maximum attempts';
$string['grades_max_attempts_desc'] = 'After this many failed attempts (Django down, timeouts, 5xx, 429) a grade event stays in the outbox as failed until an administrator retries or discards it. Attempts are 60 s apart, doubling up to an hour: 30 attempts cover about a day.';
$string['grades_method'] = 'Method';
$string['grades_method_desc'] = 'POST to a grades collection (the default), or PATCH/PUT to a per-cell URL template.';
$string['grades_path'] = 'Grades path';
$string['grades_path_desc'] = 'The path of the Django grades endpoint, under the base URL.';
$string['grades_url_template'] = 'URL template';
$string['grades_url_template_desc'] = 'Instead of the path: a per-grade URL such as <code>/api/gradebook/cell/{djangoid}/{itemid}/</code>. Placeholders are fields of the grade event (userid, djangoid, courseid, itemid, gradeid, ...). Grades of users with no Django id wait while the template needs {djangoid}.';
$string['gradesdisabled'] = 'Sending grades is switched off in the settings: grade changes are not recorded. Rows already in the outbox are still delivered.';
$string['gradesheading'] = 'Grades';
$string['gradesheading_desc'] = 'Grade changes are sent to Django as signed JSON (X-Mdsync-Signature, HMAC-SHA256) with an Idempotency-Key, one request per change. Users without a Django id yet are sent with djangoid null (Django has their Moodle id and email), unless the URL template needs it.';
$string['gradesnotconfigured'] = 'Grade delivery needs the Django base URL and a signing secret (or MDSYNC_SIGNING_SECRET in the environment of cron).';
$string['gradespage'] = 'Grade delivery';
$string['gradestate'] = 'State';
$string['gradestate_delivered'] = 'Delivered';
$string['gradestate_failed'] = 'Failed';
$string['gradestate_pending'] = 'Pending';
$string['gradestate_retrying'] = 'Retrying';
$string['gradestats_delivered'] = 'Delivered (last {$a} days)';
$string['gradestats_due'] = 'Due now';
$string['gradestats_failed'] = 'Failed';
$string['gradestats_nextattempt'] = 'Next attempt';
$string['gradestats_oldest'] = 'Oldest pending';
$string['gradestats_pending'] = 'Queue depth (pending)';
$string['gradestats_reconciled'] = 'Last reconciliation';
$string['gradestats_reconciled_value'] = '{$a->time}: {$a->checked} grade changes compared, {$a->missing} missing rows queued';
$string['gradestats_retrying'] = 'Retrying';
$string['gradevalue'] = 'Grade sent';
$string['gradevalue_deleted'] = 'Deleted (sent as no grade)';
$string['gradevalue_none'] = 'No grade';
$string['gradewhen'] = 'Delivered, failed or next attempt';
$string['hidden'] = 'Hidden';
$string['identifiers'] = 'Identifiers';
$string['include_auth'] = 'Push only users with these auth methods';
$string['include_auth_desc'] = 'When any is ticked, only users signing in with one of them are created in Django or suspended; the others are listed as excluded (option <code>include_auth</code>).';
$string['include_cohorts'] = 'Push only members of these cohorts';
$string['include_cohorts_desc'] = 'Cohort ID numbers, comma-separated: when set, only their members are created in Django or suspended (option <code>include_cohorts</code>).';
$string['lasterror'] = 'Last error';
$string['lastruns'] = 'Last runs';
$string['managerrole'] = 'Manager role';
$string['managerrole_desc'] = 'The role whose holders the course managers report lists.';
$string['managersintro'] = 'Users holding the role "{$a->role}": {$a->count}. A role assigned in a category covers every course below it; one assigned at system level covers every course.';
$string['managersreport'] = 'Course managers';
$string['match'] = 'Match users by';
$string['match_desc'] = 'How a Moodle user and a Django user are recognised as the same person.';
$string['match_djangoid_email'] = 'Django id first, then email';
$string['match_email'] = 'Email address (trimmed, case-insensitive)';
$string['max_retries'] = 'Retries';
$string['max_retries_desc'] = 'How many times a failed request (connection failure, 429, 5xx) is retried.';
$string['mdsyncextension'] = 'The mdsync PHP extension is needed to sync users with Django. Without it local_django_sync installs, its reports work, and its sync page explains what is missing.';
$string['message'] = 'Message';
$string['messageprovider:gradesfailed'] = 'Grade changes that could not be delivered to Django';
$string['messageprovider:runheld'] = 'Django user sync runs held for approval';
$string['messageprovider:syncfailed'] = 'Failed Django user sync runs';
$string['mode'] = 'Mode';
$string['moodle_auth'] = 'Authentication of users created in Moodle';
$string['moodle_auth_desc'] = 'Manual accounts get a generated password mailed by Moodle and must change it at first login. External methods (LDAP, SAML2, OAuth 2, ...) get no local password. No default password is ever set.';
$string['moodleusers'] = 'Moodle users';
$string['networkheading'] = 'Network';
$string['networkheading_desc'] = 'Limits for the requests to Django.';
$string['nextattempt'] = 'Next attempt';
$string['nocategories'] = 'There are no course categories.';
$string['nocreateindjango'] = 'This build of the mdsync extension cannot create users in Django yet (mdsync_create_django_users is missing).';
$string['nomanagers'] = 'Nobody holds this role.';
$string['noplan'] = 'No plan has been computed yet. Computing one asks Django for its users and changes nothing.';
$string['nopushgrades'] = 'This build of the mdsync extension cannot send grades yet (mdsync_push_grades is missing).';
$string['norole'] = 'The role chosen in the settings does not exist.';
$string['noruns'] = 'No runs yet.';
$string['noselection'] = 'Select at least one user.';
$string['notconfigured'] = 'The Django URL and token are not set in the plugin settings.';
$string['notconfigured_page'] = 'The Django URL and token are not set yet: <a href="{$a}">open the settings</a>.';
$string['nothingtodo'] = 'Nothing here.';
$string['origin'] = 'Started by';
$string['origin_cli'] = 'CLI';
$string['origin_page'] = 'Sync page';
$string['origin_task'] = 'Task';
$string['page_size'] = 'Page size';
$string['page_size_desc'] = 'Users asked for per page. Larger pages are much cheaper for Django; it may give fewer.';
$string['plan_conflicts'] = 'Conflicts';
$string['plan_excluded'] = 'Out of scope';
$string['plan_moodle_updates'] = 'Identifiers to fill';
$string['plan_only_in_django'] = 'Only in Django';
$string['plan_only_in_moodle'] = 'Only in Moodle';
$string['plancomputed'] = 'Plan computed {$a}';
$string['planready'] = 'The plan is ready.';
$string['planstats'] = 'Statistics';
$string['pluginname'] = 'Django sync';
$string['privacy:metadata:django'] = 'User accounts are compared with, and may be created in, the Django application configured by the administrator.';
$string['privacy:metadata:django:auth'] = 'The authentication method of the user.';
$string['privacy:metadata:django:djangoid'] = 'The Django id of the user.';
$string['privacy:metadata:django:edeboid'] = 'The EDEBO identifier of the user.';
$string['privacy:metadata:django:email'] = 'The email address of the user.';
$string['privacy:metadata:django:firstname'] = 'The first name of the user.';
$string['privacy:metadata:django:iasid'] = 'The IAS identifier of the user.';
$string['privacy:metadata:django:lastname'] = 'The last name of the user.';
$string['privacy:metadata:django:suspended'] = 'Whether the user account is suspended.';
$string['privacy:metadata:django:username'] = 'The username of the user.';
$string['privacy:metadata:django_grades'] = 'Grade changes are sent to the Django application configured by the administrator.';
$string['privacy:metadata:django_grades:course'] = 'The course (id, short name, id number) of the grade.';
$string['privacy:metadata:django_grades:djangoid'] = 'The Django id of the graded user.';
$string['privacy:metadata:django_grades:email'] = 'The email address of the graded user.';
$string['privacy:metadata:django_grades:finalgrade'] = 'The final grade.';
$string['privacy:metadata:django_grades:item'] = 'The grade item (id, type, module, name, maximum grade).';
$string['privacy:metadata:django_grades:timemodified'] = 'When the grade was changed.';
$string['privacy:metadata:django_grades:userid'] = 'The Moodle id of the graded user.';
$string['privacy:metadata:grades'] = 'Grade changes waiting to be delivered to Django, and delivered ones for a few days (the setting "Keep delivered grade changes").';
$string['privacy:metadata:grades:courseid'] = 'The course of the grade.';
$string['privacy:metadata:grades:itemid'] = 'The grade item.';
$string['privacy:metadata:grades:payload'] = 'The grade change as sent to Django: user id, Django id, email, course, grade item, final grade, time.';
$string['privacy:metadata:grades:state'] = 'Whether the grade change is waiting, failed or delivered.';
$string['privacy:metadata:grades:timecreated'] = 'When the grade change was recorded.';
$string['privacy:metadata:grades:timemodified'] = 'When the grade change was last attempted or delivered.';
$string['privacy:metadata:grades:userid'] = 'The graded user.';
$string['privacy:metadata:runs'] = 'Reports of sync runs.';
$string['privacy:metadata:runs:failures'] = 'Users whose accounts could not be synced, by id and email, with the reason.';
$string['privacy:metadata:runs:timestarted'] = 'When the run started.';
$string['privacy:metadata:runs:userid'] = 'The administrator who started the run from the sync page.';
$string['profilecategory'] = 'Django sync';
$string['reason'] = 'Reason';
$string['reconcile_disabled'] = 'Grade delivery is off: nothing to reconcile.';
$string['reconcile_done'] = 'Reconciled grade changes since {$a->since}: {$a->checked} compared, {$a->present} in the outbox, {$a->unchanged} unchanged, {$a->nograde} never graded, {$a->missing} missing rows queued.';
$string['reconcile_first'] = 'First reconciliation: grade changes from now on will be compared with the outbox.';
$string['reportsheading'] = 'Reports';
$string['rule'] = 'Rule';
$string['rule_auth'] = 'Auth method never pushed';
$string['rule_cohort'] = 'Member of an excluded cohort';
$string['rule_django_include'] = 'Django user not matching "Create in Moodle only Django users matching"';
$string['rule_email_domain'] = 'Excluded email domain';
$string['rule_guest'] = 'The guest user';
$string['rule_id'] = 'Excluded Moodle id';
$string['rule_include_auth'] = 'Auth method not among those pushed';
$string['rule_include_cohort'] = 'Not in a cohort that is pushed';
$string['rule_role'] = 'Role held at system or category level';
$string['rule_siteadmin'] = 'Site administrator';
$string['rule_username'] = 'Excluded username';
$string['runfailed'] = 'The sync run failed: {$a}';
$string['runfinished'] = 'Sync run finished: {$a}';
$string['runinterrupted'] = 'Interrupted: the batch in flight finished; the rest was not done.';
$string['runresult'] = 'Run finished ({$a->status}). {$a->counts} {$a->message}';
$string['scope_active'] = 'Rules in force, with the users each left out:';
$string['scope_excluded'] = 'Users out of scope: {$a}. Moodle users out of scope still match (their accounts exist) but are never pushed to Django nor suspended; Django users out of scope are not created in Moodle.';
$string['scope_noactive'] = 'No rule is in force: every user is in scope.';
$string['scope_notapplied'] = 'Some rules could not be applied, because users lacked the fact they read:';
$string['scope_notappliedcount'] = '{$a->records} users lack the fact {$a->fact}';
$string['scope_rulecount'] = '{$a} left out';
$string['scopeheading'] = 'Who is synced';
$string['scopeheading_desc'] = 'Who the sync may push to Django (and suspend), and which Django users it creates in Moodle. The same option names as the mdsync extension and the bin/mdsync config file. By default site administrators, the guest user and accounts with auth No login or Web services are never pushed. Every user a rule leaves out is listed on the sync page, with the rule.';
$string['settings'] = 'Settings';
$string['showtree'] = 'Show as a tree';
$string['side'] = 'Side';
$string['side_django'] = 'Django';
$string['side_moodle'] = 'Moodle';
$string['signing_secret'] = 'Signing secret';
$string['signing_secret_desc'] = 'The shared secret with which every grade event is signed (HMAC-SHA256); Django verifies it. Leave empty to use MDSYNC_SIGNING_SECRET from the environment of cron.';
$string['started'] = 'Started';
$string['status_failed'] = 'Failed';
$string['status_partial'] = 'Partly failed';
$string['status_running'] = 'Running';
$string['status_success'] = 'Success';
$string['syncheading'] = 'Sync';
$string['syncpage'] = 'User sync';
$string['task_cleanup_grades'] = 'Delete old delivered grade changes';
$string['task_push_grades'] = 'Send grade changes to Django';
$string['task_push_grades_safety_net'] = 'Send due grade changes to Django (safety net)';
$string['task_reconcile_grades'] = 'Queue grade changes missing from the outbox';
$string['task_sync_users'] = 'Sync users with Django';
$string['timeout_ms'] = 'Request timeout (ms)';
$string['timeout_ms_desc'] = 'How long one request to Django may take.';
$string['totalcourses'] = 'Total courses';
$string['urlblocked'] = 'The Django URL {$a} is blocked by Moodle\'s HTTP security settings (blocked hosts or allowed ports).';
$string['user'] = 'User';
$string['userid'] = 'User id';
$string['users_path'] = 'Users path';
$string['users_path_desc'] = 'The path of the Django users endpoint, under the base URL.';
