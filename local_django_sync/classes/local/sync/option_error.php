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
 * An apply option with a value the engine cannot use.
 *
 * The message says what is wrong without naming the option; whoever shows it names the option the way the user
 * set it (bin/mdsync: "--batch-size", the plugin: its setting).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class option_error extends \InvalidArgumentException {
    /** @var string the option key, as in options::TABLE */
    public readonly string $key;

    /**
     * Constructor.
     *
     * @param string $key the option key
     * @param string $message what is wrong with its value
     */
    public function __construct(string $key, string $message) {
        parent::__construct($message);
        $this->key = $key;
    }
}
