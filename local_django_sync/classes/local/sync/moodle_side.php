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


namespace local_django_sync\local\sync;

/**
 * The Moodle side of a sync: where the Moodle users come from and where Moodle's changes go.
 *
 * Three implementations, one engine: {@see side\ws_side} (a Moodle site over its REST web services: bin/mdsync
 * --moodle-url), {@see \local_django_sync\local\site_side} (in-process, through Moodle's own APIs: the plugin's
 * page, task and CLI) and {@see side\csv_side} (offline: Moodle's bulk-download CSV in, Upload users files out).
 *
 * Write methods take work items under their keys and answer under the same keys. A side that runs a batch as one
 * transaction and gets it refused throws batch_refused: the engine splits the batch until the bad record stands
 * alone. A side that can no longer be reached throws run_stopped: the engine stops and lists the rest NOT DONE.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
interface moodle_side {
    /** The custom profile fields (short names) that hold the identifiers shared with Django. */
    public const ID_FIELDS = ['edeboid', 'iasid', 'djangoid'];

    /**
     * The custom profile field (short name) in which a suspension by the sync records its time (Unix seconds).
     * local_django_sync creates it at install and upgrade; on a site without the plugin an administrator adds it (text
     * input) to use delete_after_days and to keep users suspended by hand from being revived.
     */
    public const SUSPENDED_AT_FIELD = 'suspendedat';

    /**
     * Where the users come from, for people: a site's URL, a file name.
     *
     * @return string
     */
    public function describe(): string;

    /**
     * Every Moodle user the sync considers (not deleted, not the guest user), read once, streamed if the side can.
     *
     * Each record: id (int), username, email, firstname, lastname (strings), edeboid, iasid, djangoid (string or
     * null when empty), auth (string or null), suspended (bool), suspended_at (int Unix time or null).
     * The extension's scope rules read more facts, which a side sets when it knows them: siteadmin (bool), roles
     * (list of role short names), cohorts (list of cohort idnumbers); the plan says which rules lacked their fact.
     *
     * @return iterable<array<string, mixed>>
     * @throws input_error|run_stopped
     */
    public function users(): iterable;

    /**
     * Whether this side can do an action at all (offline files cannot suspend).
     *
     * @param string $action one of work_item::ACTIONS
     * @return bool
     */
    public function supports(string $action): bool;

    /**
     * What is known of these custom profile fields without changing anything: true exists, false does not, null
     * cannot tell (a site over web services sees a field only on users that carry a value).
     *
     * @param list<string> $fields short names
     * @return array<string, bool|null>
     * @throws run_stopped
     */
    public function field_status(array $fields): array;

    /**
     * After a write of profile fields to one user: which of them did not stick (Moodle drops values of fields it
     * does not have without a word).
     *
     * @param int $moodleid
     * @param array<string, string> $values short name => value written
     * @return list<string> short names whose value is not there
     * @throws run_stopped
     */
    public function fields_missing_after_write(int $moodleid, array $values): array;

    /**
     * Creates Django users in Moodle.
     *
     * @param array<string, array<string, mixed>> $records key => Django record (id and djangoid strings); its
     *     djangoid, edeboid and iasid go into the profile fields
     * @param string $auth the auth method of the new accounts (manual: Moodle makes and mails a password)
     * @return array<string, item_result> done with the new Moodle id, or failed
     * @throws batch_refused|run_stopped
     */
    public function create_users(array $records, string $auth): array;

    /**
     * Sets identifier profile fields of existing users.
     *
     * @param array<string, array{moodleid: int, fields: array<string, string>}> $updates key => user and fields
     * @return array<string, item_result>
     * @throws batch_refused|run_stopped
     */
    public function set_identifiers(array $updates): array;

    /**
     * Suspends users, recording the time in the suspendedat field where it exists.
     *
     * @param array<string, int> $ids key => Moodle id
     * @param int $time the time to record
     * @return array<string, item_result>
     * @throws batch_refused|run_stopped
     */
    public function suspend_users(array $ids, int $time): array;

    /**
     * Revives (unsuspends) users, clearing suspendedat.
     *
     * @param array<string, int> $ids key => Moodle id
     * @return array<string, item_result>
     * @throws batch_refused|run_stopped
     */
    public function revive_users(array $ids): array;

    /**
     * Deletes users.
     *
     * @param array<string, int> $ids key => Moodle id
     * @return array<string, item_result>
     * @throws batch_refused|run_stopped
     */
    public function delete_users(array $ids): array;

    /**
     * The run is over (done, stopped or interrupted): write what was queued. Called once per apply call.
     *
     * @return list<file_result>
     */
    public function finish(): array;
}
