--TEST--
--json: every document carries "mdsync": 1 and its command (plan, apply, status; docs/JSON.md); Moodle ids are JSON numbers and Django ids JSON strings wherever they appear; an error is a JSON object on stdout too (usage, input, connection), with the exit code and hints, besides the line on stderr; status --json lists its checks; no token in any of it
--EXTENSIONS--
mdsync
--SKIPIF--
<?php require __DIR__ . '/../server.inc'; if ($r = mdsync_test_peer_skip_reason()) die("skip $r"); ?>
--FILE--
<?php
require __DIR__ . '/cli.inc';
$peer = mdsync_test_peer(['users' => 3, 'load' => [['username' => 'dupa', 'email' => 'dup@example.edu']]]);
$moodle = mdsync_cli_moodle([['student00001', 'student00001@example.edu'], ['d1', 'dup@example.edu'], ['d2', 'DUP@example.edu'],
    ['teacher', 'teacher@example.edu']]);
$env = ['MDSYNC_DJANGO_TOKEN' => $peer['token'], 'MDSYNC_MOODLE_TOKEN' => $moodle['token']];
$site = ['--django-url', $peer['url'], '--moodle-url', $moodle['url'], '--json'];

// Every value under a key that names a Moodle id is an int, under one that names a Django id a string.
$check = function (string $what, $doc) {
    $bad = [];
    $walk = function ($v, string $path) use (&$walk, &$bad) {
        if (!is_array($v)) {
            return;
        }
        foreach ($v as $k => $x) {
            $p = "$path.$k";
            if (in_array($k, ['moodle_id', 'moodle_ids'], true) || ($k === 'id' && str_contains($path, 'only_in_moodle'))) {
                foreach ((array) $x as $id) if ($id !== null && !is_int($id)) $bad[] = "$p not int";
            }
            if (in_array($k, ['django_id', 'django_ids', 'djangoid'], true) || ($k === 'id' && str_contains($path, 'only_in_django'))) {
                foreach ((array) $x as $id) if ($id !== null && !is_string($id)) $bad[] = "$p not string";
            }
            $walk($x, $p);
        }
    };
    $walk($doc, '');
    echo "$what: mdsync {$doc['mdsync']}, command {$doc['command']}, ", $bad ? implode('; ', $bad) : 'ids of one type', "\n";
};
$r = mdsync_cli(array_merge(['plan'], $site), $env);
$plan = json_decode($r[1], true);
$check("plan (exit {$r[0]})", $plan);
echo '  plan: ', implode(',', array_keys($plan['plan'])), "\n";
echo '  both: ', json_encode($plan['plan']['both']), "\n";
echo '  a conflict: ', json_encode(['moodle_ids' => $plan['plan']['conflicts'][0]['moodle_ids'], 'django_ids' => $plan['plan']['conflicts'][0]['django_ids']]), "\n";
$r = mdsync_cli(array_merge(['apply', '--yes'], $site), $env);
$apply = json_decode($r[1], true);
$check("apply (exit {$r[0]})", $apply);
echo '  keys: ', implode(',', array_keys($apply)), '; report: ', implode(',', array_keys($apply['report'])), "\n";
echo '  an entry: ', implode(',', array_keys($apply['report']['entries'][0])), "\n";
$r = mdsync_cli(['status', '--django-url', $peer['url'], '--moodle-url', $moodle['url'], '--json'], $env);
$status = json_decode($r[1], true);
echo "status (exit {$r[0]}): ok ", json_encode($status['ok']), ', checks ', implode(', ', array_map(fn ($c) => "{$c['name']}:{$c['status']}", $status['checks'])), "\n";

foreach ([
    'usage error' => [['plan', '--json', '--frobnicate'], $env],
    'input error' => [['plan', '--json', '--django-url', $peer['url'], '--moodle-csv', '/nonexistent.csv'], $env],
    'connection error' => [['plan', '--json', '--django-url', 'http://127.0.0.1:1', '--moodle-url', $moodle['url']], $env],
    'wrong token' => [['apply', '--yes', '--json', '--django-url', $peer['url'], '--moodle-url', $moodle['url']], ['MDSYNC_MOODLE_TOKEN' => 'wrong-SECRET-tok'] + $env],
] as $what => [$args, $e]) {
    $r = mdsync_cli($args, $e);
    $doc = json_decode($r[1], true);
    echo "$what: exit {$r[0]}, stdout ", json_encode(['exit' => $doc['exit'], 'kind' => $doc['error']['kind'], 'hints' => count($doc['error']['hints'])]),
        ', stderr ', strtok($r[2], "\n") === "mdsync {$doc['command']}: {$doc['error']['message']}" ? 'the same message' : 'DIFFERENT', "\n";
    mdsync_cli_no_token($r, $peer['token'], $moodle['token'], 'wrong-SECRET-tok');
}
?>
--EXPECT--
plan (exit 0): mdsync 1, command plan, ids of one type
  plan: only_in_moodle,only_in_django,both,moodle_updates,conflicts,to_suspend,to_revive,to_delete,excluded,scope,stats
  both: [{"moodle_id":3,"django_id":"2"}]
  a conflict: {"moodle_ids":[4,5],"django_ids":["5"]}
apply (exit 0): mdsync 1, command apply, ids of one type
  keys: mdsync,command,moodle,django,exit,report; report: schema,outcome,stopped,counts,entries,files,notes
  an entry: key,category,action,user,moodle_id,django_id,status,message
status (exit 0): ok true, checks extension:ok, Django:ok, Moodle:ok, Moodle:ok, Moodle:ok, Moodle:ok
usage error: exit 2, stdout {"exit":2,"kind":"usage","hints":0}, stderr the same message
input error: exit 2, stdout {"exit":2,"kind":"input","hints":0}, stderr the same message
connection error: exit 2, stdout {"exit":2,"kind":"connection","hints":0}, stderr the same message
wrong token: exit 2, stdout {"exit":2,"kind":"connection","hints":0}, stderr the same message
