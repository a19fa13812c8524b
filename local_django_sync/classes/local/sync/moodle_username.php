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
 * A username as Moodle stores it: trimmed and lower-cased the way core_text::strtolower() does (mb_strtolower in
 * UTF-8). Moodle-independent, so the site decides through an option: with extended username characters
 * ($CFG->extendedusernamechars, the extended_username_chars option) a username may hold any letter, and only a
 * Unicode lower-casing gives what Moodle will store ("ОЛЕНА" is "олена"); without them Moodle takes only
 * a-z 0-9 _ - . @, where PHP's byte-wise strtolower() is the same and needs no mbstring.
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class moodle_username {
    /**
     * Whether this PHP can lower-case usernames as Moodle does under the given setting.
     *
     * @param bool $extended the site allows extended username characters
     * @return bool
     */
    public static function supported(bool $extended): bool {
        return !$extended || function_exists('mb_strtolower');
    }

    /**
     * The username as Moodle stores it.
     *
     * @param string $username
     * @param bool $extended the site allows extended username characters
     * @return string
     * @throws input_error when extended characters are on and PHP lacks mbstring (check supported() first)
     */
    public static function stored(string $username, bool $extended): string {
        $username = trim($username);
        if (!$extended) {
            return strtolower($username);
        }
        if (!function_exists('mb_strtolower')) {
            throw new input_error('extended_username_chars: lower-casing usernames as Moodle does needs PHP\'s mbstring '
                . 'extension (Debian: php-mbstring)');
        }
        return mb_strtolower($username, 'UTF-8');
    }

    /**
     * Whether Moodle accepts the characters of a stored username: a-z 0-9 _ - . @, or any with extended characters
     * (Moodle's PARAM_USERNAME then only trims and lower-cases).
     *
     * @param string $stored the username as stored() gives it
     * @param bool $extended
     * @return bool
     */
    public static function allowed(string $stored, bool $extended): bool {
        if ($stored === '') {
            return false;
        }
        return $extended || preg_match('/^[a-z0-9_.@-]+$/', $stored) === 1;
    }
}
