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
 * What the engine keeps of each Moodle user while the plan is made: enough to name the user in the report and to
 * tell who the sync suspended. Packed into one string per user (about 60 bytes, not the 600 of an array), as the
 * plan itself gives only ids for most users.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class user_index {
    /** @var array<int, string> Moodle id => "username\0email\0suspended_at" */
    private array $users = [];

    /** @var int users carrying suspended_at */
    private int $withsuspendedat = 0;

    /**
     * Forgets every user (a new plan is being read).
     */
    public function clear(): void {
        $this->users = [];
        $this->withsuspendedat = 0;
    }

    /**
     * Keeps a record's label and suspension time.
     *
     * @param array<string, mixed> $record a Moodle record
     */
    public function add(array $record): void {
        $id = $record['id'] ?? null;
        if (!is_int($id) && !(is_string($id) && ctype_digit($id))) {
            return; // The planner refuses it with its position.
        }
        $at = $record['suspended_at'] ?? null;
        if (is_int($at)) {
            $this->withsuspendedat++;
        }
        $this->users[(int)$id] = str_replace("\0", '', self::text($record['username'] ?? '')) . "\0"
            . str_replace("\0", '', trim(self::text($record['email'] ?? ''))) . "\0" . (is_int($at) ? $at : '');
    }

    /**
     * "username <email>", or "Moodle user N" for a user not seen.
     *
     * @param int $id
     * @return string
     */
    public function label(int $id): string {
        if (!isset($this->users[$id])) {
            return "Moodle user $id";
        }
        [$username, $email] = explode("\0", $this->users[$id]);
        return trim($username . ($email !== '' ? " <$email>" : ''));
    }

    /**
     * When the sync suspended this user, if it recorded that.
     *
     * @param int $id
     * @return int|null
     */
    public function suspended_at(int $id): ?int {
        if (!isset($this->users[$id])) {
            return null;
        }
        $at = explode("\0", $this->users[$id])[2] ?? '';
        return $at === '' ? null : (int)$at;
    }

    /**
     * How many users carry a suspension time.
     *
     * @return int
     */
    public function with_suspended_at(): int {
        return $this->withsuspendedat;
    }

    /**
     * How many users were seen.
     *
     * @return int
     */
    public function count(): int {
        return count($this->users);
    }

    /**
     * @param mixed $v
     * @return string
     */
    private static function text(mixed $v): string {
        return is_scalar($v) ? (string)$v : '';
    }
}
