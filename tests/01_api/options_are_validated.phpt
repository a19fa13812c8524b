--TEST--
Options: unknown keys, wrong types and bad values raise ValueError/TypeError before any request, without echoing values
--EXTENSIONS--
mdsync
--ENV--
MDSYNC_DJANGO_TOKEN=
--FILE--
<?php
$base = ['django_url' => 'http://127.0.0.1:9/', 'django_token' => 'tok-SECRET-123'];
$cases = [
    'unknown key' => ['djnago_url' => 'x'],
    'int key' => [0 => 'x'],
    'wrong type' => ['page_size' => '100'],
    'bool type' => ['verify_tls' => 1],
    'no url' => ['django_url' => null],
    'ftp url' => ['django_url' => 'ftp://host/'],
    'url with credentials' => ['django_url' => 'http://user:pw@host/'],
    'url with query' => ['django_url' => 'http://host/?a=1'],
    'relative url' => ['django_url' => '/api'],
    'scheme' => ['django_auth_scheme' => 'Basic'],
    'match' => ['match' => 'username'],
    'pagination' => ['pagination' => 'pages'],
    'concurrency 0' => ['concurrency' => 0],
    'concurrency huge' => ['concurrency' => 100000],
    'retries' => ['max_retries' => 21],
    'page_size' => ['page_size' => 0],
    'users_path' => ['users_path' => 'api/user/'],
    'field_map unknown' => ['field_map' => ['first_name' => 'x']],
    'field_map type' => ['field_map' => ['email' => 5]],
    'field_map drops id' => ['field_map' => ['id' => null]],
    'token with newline' => ['django_token' => "tok-SECRET-123\r\nX-Evil: 1"],
    'token with NUL' => ['django_token' => "tok-SECRET\0-123"],
    'no token' => ['django_token' => null],
];
foreach ($cases as $name => $override) {
    try {
        mdsync_django_users(array_replace($base, $override));
        echo "$name: no error\n";
    } catch (ValueError|TypeError $e) {
        $msg = $e->getMessage();
        echo "$name: ", get_class($e), ": ", $msg, "\n";
        if (str_contains($msg, 'SECRET')) echo "  LEAK\n";
    }
}
// mdsync_sync_users validates the same way (argument #2), and before reading its users.
try {
    mdsync_sync_users([['id' => 1, 'email' => 'a@b.c']], ['page_size' => -1] + $base);
} catch (ValueError $e) {
    echo $e->getMessage(), "\n";
}
?>
--EXPECT--
unknown key: ValueError: mdsync_django_users(): Argument #1 ($options) has an unknown option "djnago_url"
int key: ValueError: mdsync_django_users(): Argument #1 ($options) must have string keys (option names)
wrong type: TypeError: mdsync_django_users(): Argument #1 ($options) option "page_size" must be of type int, string given
bool type: TypeError: mdsync_django_users(): Argument #1 ($options) option "verify_tls" must be of type bool, int given
no url: ValueError: mdsync_django_users(): Argument #1 ($options) option "django_url" is required (or set mdsync.django_url)
ftp url: ValueError: mdsync_django_users(): Argument #1 ($options) option "django_url" must use http or https
url with credentials: ValueError: mdsync_django_users(): Argument #1 ($options) option "django_url" must not carry credentials (use the token option)
url with query: ValueError: mdsync_django_users(): Argument #1 ($options) option "django_url" must not have a query string
relative url: ValueError: mdsync_django_users(): Argument #1 ($options) option "django_url" is not an absolute URL
scheme: ValueError: mdsync_django_users(): Argument #1 ($options) option "django_auth_scheme" must be "Token" or "Bearer"
match: ValueError: mdsync_django_users(): Argument #1 ($options) option "match" must be "email" or "djangoid,email"
pagination: ValueError: mdsync_django_users(): Argument #1 ($options) option "pagination" must be "auto", "page", "limit" or "cursor"
concurrency 0: ValueError: mdsync_django_users(): Argument #1 ($options) option "concurrency" must be between 1 and 256
concurrency huge: ValueError: mdsync_django_users(): Argument #1 ($options) option "concurrency" must be between 1 and 256
retries: ValueError: mdsync_django_users(): Argument #1 ($options) option "max_retries" must be between 0 and 20
page_size: ValueError: mdsync_django_users(): Argument #1 ($options) option "page_size" must be between 1 and 100000
users_path: ValueError: mdsync_django_users(): Argument #1 ($options) option "users_path" must start with /
field_map unknown: ValueError: mdsync_django_users(): Argument #1 ($options) option "field_map" has an unknown field "first_name" (known: id, username, email, firstname, lastname, edeboid, iasid, djangoid, auth, suspended)
field_map type: TypeError: mdsync_django_users(): Argument #1 ($options) option "field_map" values must be strings or null, int given for "email"
field_map drops id: ValueError: mdsync_django_users(): Argument #1 ($options) option "field_map" cannot drop "id"
token with newline: ValueError: mdsync_django_users(): Argument #1 ($options) option "django_token" must be printable ASCII without spaces
token with NUL: ValueError: mdsync_django_users(): Argument #1 ($options) option "django_token" must not contain NUL bytes
no token: ValueError: mdsync_django_users(): Argument #1 ($options) option "django_token" is required (or set MDSYNC_DJANGO_TOKEN in the environment)
mdsync_sync_users(): Argument #2 ($options) option "page_size" must be between 1 and 100000
