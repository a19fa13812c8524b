<?php

/**
 * The mdsync API. This stub is the single declaration of it: mdsync_arginfo.h
 * is generated from it (scripts/gen-arginfo) and committed, never edited.
 *
 * @generate-class-entries
 */

namespace {
    /**
     * Every user from the Django users endpoint, in the canonical record shape.
     * Fails (throws) rather than return a partial list.
     */
    function mdsync_django_users(#[\SensitiveParameter] array $options = []): array {}

    /**
     * One request (page one, one user): is Django there and does the token work?
     * ["count" => int|null, "pagination" => string, "elapsed_ms" => int]; failures throw as for mdsync_django_users().
     */
    function mdsync_django_status(#[\SensitiveParameter] array $options = []): array {}

    /** The sync plan: compares Moodle users with Django's. Changes nothing. */
    function mdsync_sync_users(iterable $moodle_users, #[\SensitiveParameter] array $options = []): array {}

    /**
     * The same plan from Django records the caller supplies (as mdsync_django_users() returns
     * them): matching alone, no request. Options as for mdsync_sync_users(); Django's are ignored.
     */
    function mdsync_plan(iterable $moodle_users, iterable $django_users, #[\SensitiveParameter] array $options = []): array {}

    /**
     * Creates users in Django, concurrently. One result per user, under the user's key:
     * ["status" => "created", "django_id" => …] | ["status" => "exists"] | ["status" => "error", "message" => …, "errors" => …].
     */
    function mdsync_create_django_users(array $users, #[\SensitiveParameter] array $options = []): array {}

    /** Calls a Moodle web service function over REST; Moodle's own exceptions become Mdsync\MoodleException. */
    function mdsync_moodle_call(string $wsfunction, array $params = [], #[\SensitiveParameter] array $options = []): mixed {}

    /**
     * Sends one grade change to Django: signed JSON with an Idempotency-Key.
     * ["status" => "delivered"|"retry"|"rejected", "http_status" => …, …]; a peer that is down is "retry", not an exception.
     */
    function mdsync_push_grade(array $grade, #[\SensitiveParameter] array $options = []): array {}

    /** Sends grade changes concurrently; one result per grade, under the grade's key. */
    function mdsync_push_grades(array $grades, #[\SensitiveParameter] array $options = []): array {}

    /** "t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>" */
    function mdsync_sign(string $body, #[\SensitiveParameter] string $secret, ?int $timestamp = null): string {}

    /** Constant-time check of an X-Mdsync-Signature header, rejecting stale timestamps. */
    function mdsync_verify(string $body, string $signature_header, #[\SensitiveParameter] string $secret, int $tolerance_s = 300): bool {}
}

namespace Mdsync {
    class Exception extends \RuntimeException
    {
    }

    /** A peer answered with an HTTP status that means failure. */
    class HttpException extends Exception
    {
        protected int $statusCode = 0;
        protected string $url = "";

        public function getStatusCode(): int {}

        /** The URL of the failed request, without credentials. */
        public function getUrl(): string {}
    }

    /** The peer could not be reached, or did not answer in time. */
    class ConnectionException extends Exception
    {
        protected string $url = "";

        /** The URL of the failed request, without credentials. */
        public function getUrl(): string {}
    }

    /** Moodle's web service answered with an exception ({"exception", "errorcode", "message"}). */
    class MoodleException extends Exception
    {
        protected string $errorCode = "";

        public function getErrorCode(): string {}
    }

    /** A body that is not what the API promises (bad JSON, missing fields, a pagination loop). */
    class ProtocolException extends Exception
    {
    }

    /** The configuration does not fit the peer: a field_map field that no user on Django's first page has. */
    class ConfigException extends Exception
    {
    }
}
