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
 * The Django side of a sync: the plan (which reads Django's users) and creating users there.
 *
 * {@see extension_django} is the one real implementation (the mdsync extension with an options array); the plugin
 * builds that array from its settings and Moodle's proxy, bin/mdsync from its command line and config file.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
interface django_side {
    /**
     * Django's users endpoint, for people (no credentials).
     *
     * @return string
     */
    public function describe(): string;

    /**
     * The plan (mdsync_sync_users()); changes nothing.
     *
     * @param iterable<array<string, mixed>> $moodleusers
     * @param array<string, mixed> $options plan options ({@see options::plan_options()})
     * @param (callable(array<string, mixed>): void)|null $onevent told of each users page read and each retry (the
     *     extension's "progress" events); what it throws stops the fetch and goes to the caller
     * @return array<string, mixed> the extension's plan
     * @throws \Mdsync\Exception
     */
    public function plan(iterable $moodleusers, array $options, ?callable $onevent = null): array;

    /**
     * Creates users in Django (mdsync_create_django_users()), one result per key.
     *
     * @param array<string, array<string, mixed>> $records key => Moodle record
     * @return array<string, array<string, mixed>> key => created (django_id), exists, or error (message, http_status)
     * @throws \Mdsync\Exception
     */
    public function create_users(array $records): array;
}
