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
 * What an apply will do, in order: identifiers, create in Moodle, create in Django, suspend, revive, delete.
 *
 * Items are addressable by position and key, and the list is data (to_array()/from_array()): a run can stop after
 * any position and be continued from it by another process ({@see engine::apply()}).
 *
 * The order: first what only fills in Moodle (identifiers of users both sides already have), then the accounts
 * Django, the system of record for students, has and Moodle lacks, then the accounts pushed to Django (the only
 * writes into the system of record: last, so a run interrupted early has touched Django least), and the changes
 * that take access away (suspend, delete) only after everything else.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class work_list implements \Countable {
    /** @var list<work_item> */
    private array $items;

    /**
     * Constructor.
     *
     * @param list<work_item> $items in the order they are applied
     */
    public function __construct(array $items) {
        $order = array_flip(array_keys(work_item::ACTIONS));
        $last = -1;
        foreach ($items as $item) {
            if ($order[$item->action] < $last) {
                throw new \InvalidArgumentException('work items out of order: ' . $item->key());
            }
            $last = $order[$item->action];
        }
        $this->items = $items;
    }

    /**
     * How many items.
     *
     * @return int
     */
    public function count(): int {
        return count($this->items);
    }

    /**
     * The item at a position.
     *
     * @param int $i
     * @return work_item
     */
    public function item(int $i): work_item {
        if (!isset($this->items[$i])) {
            throw new \OutOfRangeException("no work item at $i");
        }
        return $this->items[$i];
    }

    /**
     * Every item.
     *
     * @return list<work_item>
     */
    public function items(): array {
        return $this->items;
    }

    /**
     * The position of a key, or null.
     *
     * @param string $key
     * @return int|null
     */
    public function position(string $key): ?int {
        foreach ($this->items as $i => $item) {
            if ($item->key() === $key) {
                return $i;
            }
        }
        return null;
    }

    /**
     * Items per action.
     *
     * @return array<string, int>
     */
    public function counts(): array {
        $n = [];
        foreach ($this->items as $item) {
            $n[$item->action] = ($n[$item->action] ?? 0) + 1;
        }
        return $n;
    }

    /**
     * The list as storable data.
     *
     * @return list<array<string, mixed>>
     */
    public function to_array(): array {
        return array_map(static fn(work_item $i): array => $i->to_array(), $this->items);
    }

    /**
     * A list from to_array()'s data.
     *
     * @param array<mixed> $a
     * @return self
     */
    public static function from_array(array $a): self {
        $items = [];
        foreach ($a as $i) {
            if (is_array($i)) {
                $items[] = work_item::from_array($i);
            }
        }
        return new self($items);
    }
}
