<?php
/* Writes the seed corpora (php fuzz/seeds.php): realistic pages and answers, and the edge cases
 * the readers must refuse or keep exactly. Crash inputs found later sit beside them. */
$dir = __DIR__ . '/corpus';
$u = fn($id, $extra = []) => $extra + ['id' => $id, 'username' => "student$id", 'email' => "student$id@example.edu",
    'first_name' => 'Student', 'last_name' => "No$id", 'edeboid' => "EDEBO$id", 'iasid' => "IAS$id", 'is_active' => true];
$pages = [
    'drf_page' => json_encode(['count' => 3, 'next' => 'http://127.0.0.1:8000/api/user/?page=2&page_size=3', 'previous' => null, 'results' => [$u(1), $u(2), $u(3, ['edeboid' => null])]]),
    'bare_list' => json_encode([$u(1), $u(2)]),
    'cursor_relative_next' => json_encode(['next' => '?cursor=cD0yMDIx', 'previous' => null, 'results' => [$u(7)]]),
    'limit_offset' => json_encode(['count' => 10, 'next' => 'http://h/api/user-limit/?limit=2&offset=2', 'previous' => null, 'results' => [$u(1), $u(2)]]),
    'other_names' => json_encode(['count' => 1, 'next' => null, 'results' => [['user_id' => 'a1b2', 'login' => 'olena', 'mail' => 'Olena@Example.edu',
        'name_first' => 'Олена', 'name_last' => 'Коваль', 'active' => false, 'profile' => ['edebo_id' => 'E-1', 'ias_id' => null]]]], JSON_UNESCAPED_UNICODE),
    'escapes' => '{"count":1,"next":null,"results":[{"id":"\u0031","username":"a\"b\\\\c\/d","email":"\u00e9l\u00e8ve@\u00e9cole.fr","first_name":"\ud83d\ude00","last_name":"tab\there","is_active":"true"}]}',
    'big_ids' => '{"count":2,"next":null,"results":[{"id":123456789012345678901234567890,"email":"a@b.c"},{"id":-9223372036854775809,"email":"b@b.c"}]}',
    'nul_in_email' => '{"count":1,"next":null,"results":[{"id":1,"email":"victim@example.edu\u0000.attacker"}]}',
    'id_float' => '{"count":1,"next":null,"results":[{"id":1e400}]}',
    'id_true' => '{"count":1,"next":null,"results":[{"id":true}]}',
    'id_empty' => '{"count":1,"next":null,"results":[{"id":""}]}',
    'twice' => '{"results":[{"id":1,"email":"a@b.c","email":"evil@b.c"}]}',
    'results_first' => '{"results":[{"id":1,"username":"x"}],"count":1,"next":null,"previous":null}',
    'deep_unmapped' => '{"results":[{"id":1,"groups":[[[[{"a":[{"b":{}}]}]]]]}]}',
    'invalid_utf8' => "{\"results\":[{\"id\":1,\"email\":\"\xc3\x28@x\"}]}",
    'raw_nul' => "{\"results\":[{\"id\":1}]}\0",
    'empty_object' => '{}',
    'objects_only' => '[{},{},{}]',
    'flags' => '{"results":[{"id":1,"is_active":0},{"id":2,"is_active":"false"},{"id":3,"is_active":null},{"id":4,"is_active":"yes"}]}',
];
$answers = [
    'site_info' => json_encode(['sitename' => 'Moodle', 'username' => 'ws', 'release' => '4.5 (Build: 20241007)', 'version' => '2024100700',
        'functions' => [['name' => 'core_user_get_users', 'version' => '2024100700'], ['name' => 'core_user_create_users', 'version' => '2024100700']], 'userid' => 2]),
    'get_users' => json_encode(['users' => [['id' => 3, 'username' => 'olena', 'email' => 'o@x.edu', 'customfields' => [['type' => 'text', 'value' => 'E1', 'shortname' => 'edeboid']]]], 'warnings' => []]),
    'exception' => json_encode(['exception' => 'moodle_exception', 'errorcode' => 'invalidtoken', 'message' => 'Invalid token - token not found']),
    'null' => 'null',
    'numbers' => '[0,-0,1e3,0.1,-1.5E-3,9223372036854775807,9223372036854775808,-9223372036854775808,-9223372036854775809,1e400,1e-400]',
    'keys' => '{"123":1,"-5":2,"01":3,"":4,"a":5,"a":6,"\u0000k":7}',
    'drf_errors' => '{"email":["user with this email already exists."],"username":["A user with that username already exists."]}',
    'nested' => '[[[[[[[[[[{"x":[{"y":[true,false,null]}]}]]]]]]]]]]',
    'unicode' => '"\ud83d\ude00 \u00e9 Олена \u2028"',
    'surrogate_lone' => '"\udc00"',
    'ws' => " \t\r\n{ \"a\" : [ 1 , 2 ] } \n",
];
foreach (['users_page' => $pages, 'json_values' => $answers] as $h => $set) {
    @mkdir("$dir/$h", 0777, true);
    foreach ($set as $name => $body) {
        file_put_contents("$dir/$h/seed-$name", $body);
    }
}
// Every users page is also a JSON answer.
foreach ($pages as $name => $body) {
    file_put_contents("$dir/json_values/seed-page-$name", $body);
}
