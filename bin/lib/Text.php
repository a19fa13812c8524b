<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/** Text helpers for terminal output of data that came from elsewhere. */
final class Text
{
    /** Control characters (terminal escapes included) become '?', and everything fits one line. */
    public static function oneLine(string $s): string
    {
        return (string) preg_replace('/[\x00-\x1F\x7F]|\xC2[\x80-\x9F]/', '?', $s);
    }

    /** "1 user", "2 users"; "1 retry", "2 retries" with $many. */
    public static function plural(int $n, string $one, ?string $many = null): string
    {
        return number_format($n) . ' ' . ($n === 1 ? $one : ($many ?? $one . 's'));
    }

    /**
     * Wraps $text to $width columns, every line after the first indented by $indent spaces.
     */
    public static function wrap(string $text, int $width, int $indent): string
    {
        return wordwrap($text, max(20, $width - $indent), "\n" . str_repeat(' ', $indent), false);
    }
}
