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
 * One change an apply makes for one user: addressable by its key, storable as an array.
 *
 * Keys are "<action>:m<moodle id>" or "<action>:d<django id>": stable across runs of the same plan, so a report
 * entry, a stored position and a page's selection all name the same thing.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class work_item {
    /** Actions, in the order an apply does them, with their category (options::CATEGORIES) and label. */
    public const ACTIONS = [
        'set_identifiers' => ['identifiers', 'set identifiers'],
        'create_in_moodle' => ['to-moodle', 'create in Moodle'],
        'create_in_django' => ['to-django', 'create in Django'],
        'suspend' => ['suspend', 'suspend'],
        'revive' => ['suspend', 'revive'],
        'delete' => ['suspend', 'delete'],
    ];

    /**
     * Constructor.
     *
     * @param string $action one of ACTIONS
     * @param int|null $moodleid the Moodle user, when there is one
     * @param string|null $djangoid the Django user, when there is one
     * @param string $label the user for people: "username <email>"
     * @param array<string, mixed> $data what the action needs: a record to create, fields to set, a reason; 'skip'
     *     (a reason) makes the item a reported non-change
     */
    public function __construct(
        /** @var string one of ACTIONS */
        public readonly string $action,
        /** @var int|null the Moodle user */
        public readonly ?int $moodleid,
        /** @var string|null the Django user */
        public readonly ?string $djangoid,
        /** @var string the user for people */
        public readonly string $label,
        /** @var array<string, mixed> what the action needs */
        public readonly array $data = []
    ) {
        if (!isset(self::ACTIONS[$action])) {
            throw new \InvalidArgumentException("unknown action '$action'");
        }
    }

    /**
     * The item's key.
     *
     * @return string
     */
    public function key(): string {
        return $this->moodleid !== null && $this->action !== 'create_in_moodle'
            ? "{$this->action}:m{$this->moodleid}" : "{$this->action}:d{$this->djangoid}";
    }

    /**
     * Its category: identifiers, to-moodle, to-django or suspend.
     *
     * @return string
     */
    public function category(): string {
        return self::ACTIONS[$this->action][0];
    }

    /**
     * Its action for people: "create in Moodle".
     *
     * @return string
     */
    public function action_label(): string {
        return self::ACTIONS[$this->action][1];
    }

    /**
     * The item as storable data.
     *
     * @return array{action: string, moodle_id: int|null, django_id: string|null, label: string, data: array<string, mixed>}
     */
    public function to_array(): array {
        return ['action' => $this->action, 'moodle_id' => $this->moodleid, 'django_id' => $this->djangoid,
            'label' => $this->label, 'data' => $this->data];
    }

    /**
     * An item from to_array()'s data.
     *
     * @param array<mixed> $a
     * @return self
     */
    public static function from_array(array $a): self {
        $data = is_array($a['data'] ?? null) ? $a['data'] : [];
        /** @var array<string, mixed> $data */
        return new self(
            is_string($a['action'] ?? null) ? $a['action'] : '',
            is_int($a['moodle_id'] ?? null) ? $a['moodle_id'] : null,
            is_string($a['django_id'] ?? null) ? $a['django_id'] : null,
            is_string($a['label'] ?? null) ? $a['label'] : '',
            $data
        );
    }

    /**
     * "username <email>" for a record.
     *
     * @param array<string, mixed> $record
     * @return string
     */
    public static function label_of(array $record): string {
        $username = is_scalar($record['username'] ?? null) ? (string)$record['username'] : '';
        $email = is_scalar($record['email'] ?? null) ? trim((string)$record['email']) : '';
        return trim($username . ($email !== '' ? " <$email>" : ''));
    }
}
