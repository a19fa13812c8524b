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
 * Django through the mdsync extension, with one options array for every call.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class extension_django implements django_side {
    /** @var array<string, mixed> options for the extension (django_url, django_token, field_map, ...) */
    private array $options;

    /** @var string the users endpoint for people */
    private string $url;

    /**
     * Constructor.
     *
     * @param array<string, mixed> $options the extension's options
     * @param string $url the users endpoint, for people (no credentials)
     */
    public function __construct(#[\SensitiveParameter] array $options, string $url) {
        $this->options = $options;
        $this->url = $url;
    }

    /**
     * The users endpoint, for people.
     *
     * @return string
     */
    public function describe(): string {
        return $this->url;
    }

    /**
     * The plan.
     *
     * @param iterable<array<string, mixed>> $moodleusers
     * @param array<string, mixed> $options
     * @param (callable(array<string, mixed>): void)|null $onevent
     * @return array<string, mixed>
     */
    public function plan(iterable $moodleusers, array $options, ?callable $onevent = null): array {
        if ($onevent !== null) {
            $options['progress'] = $onevent;
        }
        /** @var array<string, mixed> $plan */
        $plan = \mdsync_sync_users($moodleusers, $options + $this->options);
        return $plan;
    }

    /**
     * Creates users in Django.
     *
     * @param array<string, array<string, mixed>> $records
     * @return array<string, array<string, mixed>>
     */
    public function create_users(array $records): array {
        /** @var array<string, array<string, mixed>> $results */
        $results = \mdsync_create_django_users($records, $this->options);
        return $results;
    }
}
