--TEST--
Scope options: lists as arrays or comma-separated strings (as INI files and Moodle settings hold them); wrong types are TypeErrors, bad values ValueErrors naming the option, before anything is read or sent
--EXTENSIONS--
mdsync
--FILE--
<?php
$moodle = [['id' => 1, 'username' => 'a', 'email' => 'a@x.edu', 'auth' => 'manual', 'siteadmin' => false]];
foreach ([
    'exclude_auth as a string' => ['exclude_auth' => 'manual, nologin'],
    'exclude_auth as an int' => ['exclude_auth' => 5],
    'exclude_roles with an int inside' => ['exclude_roles' => ['manager', 7]],
    'exclude_siteadmins as a string' => ['exclude_siteadmins' => 'no'],
    'exclude_ids as text' => ['exclude_ids' => 'two'],
    'exclude_ids backwards' => ['exclude_ids' => ['10-2']],
    'exclude_ids zero' => ['exclude_ids' => [0]],
    'exclude_ids as a string' => ['exclude_ids' => '1, 5-9'],
    'django_include of an unknown field' => ['django_include' => ['role' => 'student']],
    'django_include without a pattern' => ['django_include' => ['email' => ' , ']],
    'django_include as a string' => ['django_include' => 'email=*'],
    'django_filter as an int' => ['django_filter' => 3],
    'extended_username_chars as an int' => ['extended_username_chars' => 1],
] as $what => $o) {
    try {
        $plan = mdsync_plan($moodle, [], $o);
        echo "$what: accepted; active ", json_encode($plan['scope']['active']), ", excluded ", json_encode($plan['excluded']['moodle']), "\n";
    } catch (Throwable $e) {
        echo "$what: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
}
?>
--EXPECT--
exclude_auth as a string: accepted; active ["siteadmin","guest","auth"], excluded {"auth":[1]}
exclude_auth as an int: TypeError: mdsync_plan(): Argument #3 ($options) option "exclude_auth" must be of type array|string, int given
exclude_roles with an int inside: TypeError: mdsync_plan(): Argument #3 ($options) option "exclude_roles" must list strings, int given
exclude_siteadmins as a string: TypeError: mdsync_plan(): Argument #3 ($options) option "exclude_siteadmins" must be of type bool, string given
exclude_ids as text: ValueError: mdsync_plan(): Argument #3 ($options) option "exclude_ids" must list Moodle ids or ranges, such as 2 or "10-20"
exclude_ids backwards: ValueError: mdsync_plan(): Argument #3 ($options) option "exclude_ids" must list Moodle ids or ranges, such as 2 or "10-20"
exclude_ids zero: ValueError: mdsync_plan(): Argument #3 ($options) option "exclude_ids" must list Moodle ids or ranges, such as 2 or "10-20"
exclude_ids as a string: accepted; active ["siteadmin","guest","auth","id"], excluded {"id":[1]}
django_include of an unknown field: ValueError: mdsync_plan(): Argument #3 ($options) option "django_include" has an unknown field "role" (known: id, username, email, firstname, lastname, edeboid, iasid, djangoid, auth)
django_include without a pattern: ValueError: mdsync_plan(): Argument #3 ($options) option "django_include" needs a pattern for "email"
django_include as a string: TypeError: mdsync_plan(): Argument #3 ($options) option "django_include" must be of type array, string given
django_filter as an int: TypeError: mdsync_plan(): Argument #3 ($options) option "django_filter" must be of type array|string, int given
extended_username_chars as an int: TypeError: mdsync_plan(): Argument #3 ($options) option "extended_username_chars" must be of type bool, int given