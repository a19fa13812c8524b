<?php
/*
 * A small Moodle 4.5 stand-in for the CLI tests, run by PHP's built-in server:
 *
 *   FAKE_MOODLE_STORE=/tmp/store.json FAKE_MOODLE_TOKEN=tok php -n -S 127.0.0.1:PORT tests/moodle_fake_server.php
 *
 * It serves /webservice/rest/server.php, decodes requests with PHP's own parser
 * ($_POST) as Moodle does, and implements core_webservice_get_site_info,
 * core_user_get_users, core_user_create_users, core_user_update_users and
 * core_user_delete_users over a JSON file store, with Moodle 4.5's behaviour as
 * seen over its web services (docs: TOOLCHAIN.md):
 *  - errors are HTTP 200 {"exception","errorcode","message"}; with debugging off
 *    every rejected user reads only "Invalid parameter value detected";
 *  - one bad user rolls back the whole call (everything is checked before
 *    anything is written): an email with surrounding spaces, an email that
 *    exists in any letter case (in the site or earlier in the same call), a
 *    username that is not lower case or has spaces, an existing username, a
 *    manual-auth user without password and without createpassword, a password
 *    that breaks the default policy;
 *  - custom profile fields come back in customfields[] as {type, value,
 *    displayvalue, name, shortname} (only fields with a value); values for
 *    fields the site does not have are ignored without a word;
 *  - the email criterion takes SQL LIKE wildcards, case-insensitive: '%' lists
 *    everyone, the guest user included; deleted users are never listed.
 * A test can script one refusal no plan can foresee (a site's own rule, or an
 * account created meanwhile): "refuse_usernames": [names] are refused on create.
 *
 * local_django_sync_get_users is the plugin's paged function as its PHPUnit test
 * pins it (local_django_sync/classes/external/get_users.php): afterid, limit
 * (default 1000, at most 5000), users in id order with the identifier fields and
 * suspendedat ('' when empty), and the scope facts: siteadmin (the store's
 * "siteadmins" ids, default [2]), roles and cohorts (a user's "roles" and
 * "cohorts" lists in the store, default none); the guest listed too. A store
 * user with "legacy": true has no facts (a plugin older than them). The store's
 * "get_users_max_limit" lowers the page size further (as the real one lowers a
 * limit above 5000); "get_users_stuck" answers every page with the same
 * nextafterid (a broken server). With "extendedusernamechars": true, a new
 * username may hold any letter but an upper-case one (Moodle stores it
 * lower-cased; PCRE's \p{Lu} tells, without mbstring).
 *
 * The store: {"users": {id: user}, "next_id": n, "profile_fields": [shortnames], "siteadmins": [ids],
 * "functions": [names] (the service's functions), "calls": [[function, users]],
 * "fail_after_writes": n (then every write answers HTTP 503), "die_after_writes": n (then the next write kills
 * the server: the connection is lost, and every later request is refused), "write_delay_ms": n (each write
 * waits that long first, after noting "writing": true in the store)}.
 */
header('Content-Type: application/json');

const FAKE_INVALID = ['exception' => 'invalid_parameter_exception', 'errorcode' => 'invalidparameter',
    'message' => 'Invalid parameter value detected'];

function fake_answer($value): void
{
    echo json_encode($value, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE);
}

function fake_default_store(): array
{
    return [
        'next_id' => 3,
        'profile_fields' => ['edeboid', 'iasid', 'djangoid'],
        'functions' => ['core_webservice_get_site_info', 'core_user_get_users', 'core_user_create_users',
            'core_user_update_users', 'core_user_delete_users', 'local_django_sync_get_users'],
        'users' => [
            '1' => ['id' => 1, 'username' => 'guest', 'email' => 'root@localhost', 'firstname' => 'Guest user',
                'lastname' => ' ', 'auth' => 'manual', 'suspended' => false, 'deleted' => 0, 'profile' => []],
            '2' => ['id' => 2, 'username' => 'admin', 'email' => 'admin@example.edu', 'firstname' => 'Admin',
                'lastname' => 'User', 'auth' => 'manual', 'suspended' => false, 'deleted' => 0, 'profile' => []],
        ],
        'calls' => [],
    ];
}

if (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) !== '/webservice/rest/server.php') {
    http_response_code(404);
    echo '{"detail":"not found"}';
    return;
}
if (($_POST['moodlewsrestformat'] ?? $_GET['moodlewsrestformat'] ?? '') !== 'json') {
    header('Content-Type: application/xml');
    echo '<?xml version="1.0"?><RESPONSE/>';
    return;
}
if (($_POST['wstoken'] ?? '') !== getenv('FAKE_MOODLE_TOKEN') || isset($_GET['wstoken'])) {
    fake_answer(['exception' => 'moodle_exception', 'errorcode' => 'invalidtoken', 'message' => 'Invalid token - token not found']);
    return;
}

$file = getenv('FAKE_MOODLE_STORE');
$lock = fopen("$file.lock", 'c');
flock($lock, LOCK_EX);
$store = is_file($file) ? json_decode((string) file_get_contents($file), true) : fake_default_store();
$function = (string) ($_POST['wsfunction'] ?? $_GET['wsfunction'] ?? '');

if (!in_array($function, $store['functions'], true)) {
    fake_answer(['exception' => 'webservice_access_exception', 'errorcode' => 'accessexception',
        'message' => 'Access control exception']);
    return;
}
$writes = ['core_user_create_users', 'core_user_update_users', 'core_user_delete_users'];
if (in_array($function, $writes, true)) {
    $done = count(array_filter($store['calls'], static fn ($c) => in_array($c[0], $writes, true)));
    if (isset($store['fail_after_writes']) && $done >= $store['fail_after_writes']) {
        http_response_code(503);
        echo '<html>Service Unavailable</html>';
        return;
    }
    if (isset($store['die_after_writes']) && $done >= $store['die_after_writes']) {
        // The connection drops mid-request, and the site is gone (no posix under php -n).
        exec('kill -9 ' . getmypid());
        sleep(5);
    }
    if (!empty($store['write_delay_ms'])) {
        $store['writing'] = true;
        file_put_contents("$file.tmp", json_encode($store));
        rename("$file.tmp", $file);
        usleep(1000 * (int) $store['write_delay_ms']);
        unset($store['writing']);
    }
}

$lower = static fn (string $s): string => strtolower($s);
$emailTaken = static function (array $store, string $email, ?int $except = null) use ($lower): bool {
    foreach ($store['users'] as $u) {
        if (!$u['deleted'] && $u['id'] !== $except && $lower($u['email']) === $lower($email)) {
            return true;
        }
    }
    return false;
};
$present = static function (array $u) use (&$store): array {
    $fields = [];
    foreach ($u['profile'] as $short => $value) {
        if ((string) $value !== '' && in_array($short, $store['profile_fields'], true)) {
            $fields[] = ['type' => 'text', 'value' => (string) $value, 'displayvalue' => (string) $value,
                'name' => ucfirst($short), 'shortname' => $short];
        }
    }
    $out = ['id' => $u['id'], 'username' => $u['username'], 'firstname' => $u['firstname'], 'lastname' => $u['lastname'],
        'fullname' => trim($u['firstname'] . ' ' . $u['lastname']), 'email' => $u['email'], 'department' => '',
        'firstaccess' => 0, 'lastaccess' => 0, 'auth' => $u['auth'], 'suspended' => (bool) $u['suspended'],
        'confirmed' => true, 'lang' => 'en', 'theme' => '', 'timezone' => '99', 'mailformat' => 1,
        'description' => '', 'descriptionformat' => 1,
        'profileimageurlsmall' => 'http://moodle.invalid/theme/image.php/boost/core/1/u/f2',
        'profileimageurl' => 'http://moodle.invalid/theme/image.php/boost/core/1/u/f1'];
    if ($fields !== []) {
        $out['customfields'] = $fields;
    }
    return $out;
};
$applyFields = static function (array &$u, $customfields) use (&$store): void {
    foreach ((array) $customfields as $f) {
        $short = (string) ($f['type'] ?? '');
        if (in_array($short, $store['profile_fields'], true)) {
            $u['profile'][$short] = (string) ($f['value'] ?? '');
        }
    }
};
$invalid = static function (): void {
    fake_answer(FAKE_INVALID);
};

switch ($function) {
    case 'core_webservice_get_site_info':
        fake_answer([
            'sitename' => 'Fake Moodle', 'username' => 'wsuser', 'firstname' => 'Web', 'lastname' => 'Service',
            'fullname' => 'Web Service', 'lang' => 'en', 'userid' => 2, 'siteurl' => 'http://' . $_SERVER['HTTP_HOST'],
            'userpictureurl' => '', 'functions' => array_map(static fn ($f) => ['name' => $f, 'version' => '2024100700'], $store['functions']),
            'downloadfiles' => 0, 'uploadfiles' => 0, 'release' => '4.5 (Build: 20241007)', 'version' => '2024100700',
            'mobilecssurl' => '', 'advancedfeatures' => [], 'usercanmanageownfiles' => true, 'userquota' => 0,
            'usermaxuploadfilesize' => -1, 'userhomepage' => 1, 'siteid' => 1, 'sitecalendartype' => 'gregorian',
            'usercalendartype' => 'gregorian', 'theme' => 'boost',
        ]);
        break;

    case 'core_user_get_users':
        $criteria = $_POST['criteria'] ?? null;
        if (!is_array($criteria) || $criteria === []) {
            $invalid();
            break;
        }
        $found = [];
        foreach ($store['users'] as $u) {
            if ($u['deleted']) {
                continue;
            }
            $match = true;
            foreach ($criteria as $c) {
                $key = $c['key'] ?? '';
                $value = (string) ($c['value'] ?? '');
                if ($key === 'email') {
                    $re = '/^' . str_replace(['%', '_'], ['.*', '.'], preg_quote($value, '/')) . '$/i';
                    $match = $match && preg_match($re, $u['email']);
                } elseif ($key === 'id') {
                    $match = $match && (string) $u['id'] === $value;
                } elseif ($key === 'username') {
                    $match = $match && $u['username'] === $value;
                } else {
                    $invalid();
                    break 3;
                }
            }
            if ($match) {
                $found[] = $present($u);
            }
        }
        $store['calls'][] = [$function, count($found)];
        fake_answer(['users' => $found, 'warnings' => []]);
        break;

    case 'core_user_create_users':
        $users = $_POST['users'] ?? null;
        if (!is_array($users) || $users === []) {
            $invalid();
            break;
        }
        $store['calls'][] = [$function, count($users)];
        $new = [];
        $ok = true;
        $batchEmails = [];
        $batchNames = [];
        foreach ($users as $p) {
            $username = (string) ($p['username'] ?? '');
            $email = (string) ($p['email'] ?? '');
            $auth = (string) ($p['auth'] ?? 'manual');
            $password = $p['password'] ?? null;
            $create = ($p['createpassword'] ?? '0') === '1';
            $bad = !isset($p['username'], $p['firstname'], $p['lastname'], $p['email'])
                || $username === '' || $username !== strtolower($username) || preg_match('/\s/', $username)
                || (empty($store['extendedusernamechars']) ? !preg_match('/^[a-z0-9_.@-]+$/', $username)
                    : preg_match('/[\p{Lu}\p{Lt}]/u', $username) === 1)
                || $email !== trim($email) || !filter_var($email, FILTER_VALIDATE_EMAIL)
                || $emailTaken($store, $email) || isset($batchEmails[strtolower($email)])
                || isset($batchNames[$username]) || in_array($username, $store['refuse_usernames'] ?? [], true)
                || !in_array($auth, ['manual', 'nologin', 'ldap', 'saml2', 'oauth2', 'cas', 'shibboleth'], true)
                || ($auth === 'manual' && $password === null && !$create)
                || ($password !== null && !(strlen($password) >= 8 && preg_match('/\d/', $password)
                    && preg_match('/[A-Z]/', $password) && preg_match('/[a-z]/', $password) && preg_match('/[^a-zA-Z0-9]/', $password)));
            foreach ($store['users'] as $u) {
                if (!$u['deleted'] && $u['username'] === $username) {
                    $bad = true;
                }
            }
            if ($bad) {
                $ok = false;
                break; // Moodle stops at the first bad user and rolls back the call.
            }
            $batchEmails[strtolower($email)] = true;
            $batchNames[$username] = true;
            $u = ['id' => $store['next_id']++, 'username' => $username, 'email' => $email,
                'firstname' => (string) $p['firstname'], 'lastname' => (string) $p['lastname'], 'auth' => $auth,
                'suspended' => ($p['suspended'] ?? '0') === '1', 'deleted' => 0, 'profile' => [],
                'password_set' => $password !== null, 'createpassword' => $create];
            $applyFields($u, $p['customfields'] ?? []);
            $new[] = $u;
        }
        if (!$ok) {
            $invalid();
            break;
        }
        $out = [];
        foreach ($new as $u) {
            $store['users'][(string) $u['id']] = $u;
            $out[] = ['id' => $u['id'], 'username' => $u['username']];
        }
        fake_answer($out);
        break;

    case 'core_user_update_users':
        $users = $_POST['users'] ?? null;
        if (!is_array($users) || $users === []) {
            $invalid();
            break;
        }
        $store['calls'][] = [$function, count($users)];
        $copy = $store['users'];
        $warnings = [];
        $ok = true;
        foreach ($users as $p) {
            $id = (string) ($p['id'] ?? '');
            if (!isset($copy[$id]) || $copy[$id]['deleted']) {
                $warnings[] = ['item' => 'user', 'itemid' => (int) $id, 'warningcode' => 'invaliduserid',
                    'message' => 'Invalid user ID'];
                continue;
            }
            $u = $copy[$id];
            if (isset($p['email'])) {
                if ($p['email'] !== trim($p['email']) || !filter_var($p['email'], FILTER_VALIDATE_EMAIL)
                    || $emailTaken(['users' => $copy], $p['email'], $u['id'])) {
                    $ok = false;
                    break;
                }
                $u['email'] = $p['email'];
            }
            if (isset($p['suspended'])) {
                if ($p['suspended'] === '1' && ($u['username'] === 'admin' || $u['username'] === 'guest')) {
                    $ok = false; // Moodle will not suspend the main admin or the guest user.
                    break;
                }
                $u['suspended'] = $p['suspended'] === '1';
            }
            $applyFields($u, $p['customfields'] ?? []);
            $copy[$id] = $u;
        }
        if (!$ok) {
            $invalid();
            break;
        }
        $store['users'] = $copy;
        fake_answer(['warnings' => $warnings]);
        break;

    case 'core_user_delete_users':
        $ids = $_POST['userids'] ?? null;
        if (!is_array($ids) || $ids === []) {
            $invalid();
            break;
        }
        $store['calls'][] = [$function, count($ids)];
        $copy = $store['users'];
        foreach ($ids as $id) {
            $u = $copy[(string) $id] ?? null;
            if ($u === null || $u['deleted']) {
                fake_answer(['exception' => 'dml_missing_record_exception', 'errorcode' => 'invalidrecord',
                    'message' => 'Can\'t find data record in database table user.']);
                break 2;
            }
            if ($u['username'] === 'admin' || $u['username'] === 'guest') {
                fake_answer(['exception' => 'moodle_exception', 'errorcode' => 'useradminodelete',
                    'message' => 'Administrator accounts can not be deleted']);
                break 2;
            }
            // Moodle keeps the row, marks it deleted and frees the email and username.
            $u['deleted'] = 1;
            $u['username'] = $u['email'] . '.' . time();
            $u['email'] = md5($u['username']);
            $copy[(string) $id] = $u;
        }
        $store['users'] = $copy;
        fake_answer(null);
        break;

    case 'local_django_sync_get_users':
        $afterid = (int) ($_POST['afterid'] ?? 0);
        $limit = (int) ($_POST['limit'] ?? 1000);
        if ($afterid < 0 || $limit < 1) {
            $invalid();
            break;
        }
        $limit = min($limit, 5000, (int) ($store['get_users_max_limit'] ?? 5000));
        $live = array_values(array_filter($store['users'], static fn ($u) => !$u['deleted'] && $u['id'] > $afterid));
        usort($live, static fn ($a, $b) => $a['id'] <=> $b['id']);
        $page = [];
        foreach (array_slice($live, 0, $limit) as $u) {
            $out = ['id' => $u['id'], 'username' => $u['username'], 'email' => $u['email'], 'firstname' => $u['firstname'],
                'lastname' => $u['lastname'], 'auth' => $u['auth'], 'suspended' => (bool) $u['suspended']];
            foreach (['edeboid', 'iasid', 'djangoid', 'suspendedat'] as $f) {
                $out[$f] = in_array($f, $store['profile_fields'], true) ? (string) ($u['profile'][$f] ?? '') : '';
            }
            if (empty($u['legacy'])) {
                $out['siteadmin'] = in_array($u['id'], $store['siteadmins'] ?? [2], true);
                $out['roles'] = array_values($u['roles'] ?? []);
                $out['cohorts'] = array_values($u['cohorts'] ?? []);
            }
            $page[] = $out;
        }
        $store['calls'][] = [$function, count($page)];
        fake_answer(['users' => $page, 'limit' => $limit,
            'nextafterid' => $page && empty($store['get_users_stuck']) ? end($page)['id'] : $afterid,
            'hasmore' => count($live) > $limit]);
        break;

    default:
        fake_answer(['exception' => 'dml_missing_record_exception', 'errorcode' => 'invalidrecord',
            'message' => 'Can\'t find data record in database table external_functions.']);
}

file_put_contents("$file.tmp", json_encode($store, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE));
rename("$file.tmp", $file);
