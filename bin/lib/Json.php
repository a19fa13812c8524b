<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * --json output: one JSON object on stdout per command, schema version 1 (docs/JSON.md). Moodle ids are always
 * JSON numbers and Django ids always JSON strings. An error is a JSON object on stdout too, besides the line on
 * stderr.
 */
final class Json
{
    /** The schema version every document carries as "mdsync". */
    public const SCHEMA = 1;

    /**
     * @param array<string, mixed> $body
     * @return array<string, mixed>
     */
    public static function document(string $command, array $body): array
    {
        return ['mdsync' => self::SCHEMA, 'command' => $command] + $body;
    }

    /**
     * @param list<string> $hints
     * @return array<string, mixed>
     */
    public static function error(string $command, int $exit, string $kind, string $message, array $hints = []): array
    {
        return self::document($command, [
            'exit' => $exit,
            'error' => ['kind' => $kind, 'message' => $message, 'hints' => $hints],
        ]);
    }

    /** @param array<string, mixed> $doc */
    public static function encode(array $doc): string
    {
        return json_encode(
            $doc,
            JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_INVALID_UTF8_SUBSTITUTE
            | JSON_THROW_ON_ERROR
        ) . "\n";
    }
}
