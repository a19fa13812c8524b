<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/**
 * What to try when Django or Moodle cannot be used: the mistakes that are easy to make and hard to see in an
 * HTTP error. Each hint is one line, shown after the error.
 */
final class Hints
{
    /** Environment variables libcurl takes a proxy from. */
    public const PROXY_VARS = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'];

    /**
     * @param array<string, string> $env
     * @return list<string>
     */
    public static function for(\Throwable $e, Config $config, array $env): array
    {
        if (!$e instanceof \Mdsync\Exception) {
            return [];
        }
        $url = ($e instanceof \Mdsync\HttpException || $e instanceof \Mdsync\ConnectionException) ? $e->getUrl() : '';
        if ($url === '' && preg_match('~\bhttps?://[^\s:/]+(?::\d+)?(?:/\S*)?~', $e->getMessage(), $m)) {
            $url = $m[0];
        }
        $moodle = $config->string('moodle_url');
        $isMoodle = $moodle !== '' && $url !== '' && self::sameOrigin($url, $moodle)
            || str_contains($e->getMessage(), 'Moodle') && !str_contains($e->getMessage(), 'Django');
        $hints = [];
        if ($e instanceof \Mdsync\HttpException && in_array($e->getStatusCode(), [301, 302, 303, 307, 308], true)) {
            $status = $e->getStatusCode();
            $path = $config->string('users_path') ?: '/api/user/';
            if ($isMoodle) {
                $hints[] = "Moodle redirects (HTTP $status): give --moodle-url exactly as the site's wwwroot in its config.php "
                    . '(https or http, 127.0.0.1 or localhost, no trailing path); mdsync never follows a redirect';
            } elseif (!str_ends_with($path, '/')) {
                $hints[] = "Django redirects (HTTP $status), most likely to add a trailing slash: give --users-path $path/ "
                    . '(mdsync never follows a redirect: credentials go only to the configured host)';
            } else {
                $hints[] = "Django redirects (HTTP $status): give the address it redirects to (https? another host?) as "
                    . '--django-url; mdsync never follows a redirect (credentials go only to the configured host)';
            }
        }
        if (!$isMoodle) {
            $base = (string) parse_url($config->string('django_url'), PHP_URL_PATH);
            $path = trim($config->string('users_path') ?: '/api/user/', '/');
            if ($path !== '' && str_ends_with(rtrim($base, '/'), '/' . $path)) {
                $site = substr(rtrim($config->string('django_url'), '/'), 0, -strlen($path) - 1);
                $hints[] = "--django-url already ends with the users path /$path/, and mdsync adds it again: give the "
                    . "site's base URL ($site)";
            }
        }
        $host = (string) parse_url($url !== '' ? $url : ($isMoodle ? $moodle : $config->string('django_url')), PHP_URL_HOST);
        if (self::isLoopback($host)) {
            foreach (self::PROXY_VARS as $var) {
                $proxy = $env[$var] ?? '';
                if ($proxy !== '' && !self::bypassed($host, $env)) {
                    $shown = (string) preg_replace('~^([a-z][a-z0-9+.-]*://)[^/@]*@~i', '$1', $proxy);
                    $hints[] = "the environment sets $var=$shown: libcurl sends requests for $host through that proxy; "
                        . "add it to no_proxy (export no_proxy=127.0.0.1,localhost,::1) or unset $var";
                    break;
                }
            }
        }
        return $hints;
    }

    private static function sameOrigin(string $a, string $b): bool
    {
        return strtolower((string) parse_url($a, PHP_URL_HOST)) === strtolower((string) parse_url($b, PHP_URL_HOST))
            && parse_url($a, PHP_URL_PORT) === parse_url($b, PHP_URL_PORT);
    }

    public static function isLoopback(string $host): bool
    {
        $host = strtolower(trim($host, '[]'));
        return $host === 'localhost' || $host === '::1' || str_starts_with($host, '127.');
    }

    /** @param array<string, string> $env */
    private static function bypassed(string $host, array $env): bool
    {
        $list = ($env['no_proxy'] ?? '') . ',' . ($env['NO_PROXY'] ?? '');
        foreach (explode(',', $list) as $entry) {
            $entry = strtolower(trim($entry));
            if ($entry === '*' || ($entry !== '' && ($entry === strtolower(trim($host, '[]'))
                || str_ends_with($host, '.' . ltrim($entry, '.'))))) {
                return true;
            }
        }
        return false;
    }
}
