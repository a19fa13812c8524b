--TEST--
A Moodle answer whose PHP values would pass memory_limit is a ProtocolException while it is built (memory checked as it grows), not a fatal error; the process lives on
--EXTENSIONS--
mdsync
--SKIPIF--
<?php if (getenv('USE_ZEND_ALLOC') === '0') die('skip memory_limit is not enforced without PHP\'s allocator (valgrind, ASan)'); ?>
--INI--
memory_limit=48M
--FILE--
<?php
require __DIR__ . '/../fault_server.inc';
// 6 MB of JSON that becomes ~150 MB of PHP arrays (about 25 times its size)
$many = fn($n) => '[' . rtrim(str_repeat('[{}],', $n), ',') . ']';
// and one object of 600,000 members (its hash table doubles past what is left)
$wide = function ($n) {
    $s = '{"k0":0';
    for ($i = 1; $i < $n; $i++) {
        $s .= ",\"k$i\":$i";
    }
    return $s . '}';
};
foreach (['nested lists' => $many(1200000), 'a wide object' => $wide(600000)] as $name => $body) {
    $srv = mdsync_fault_server([['body' => $body]]);
    unset($body);
    $before = memory_get_usage();
    try {
        mdsync_moodle_call('core_user_get_users', [], ['moodle_url' => $srv['url'], 'moodle_token' => 'mt0k']);
    } catch (Mdsync\ProtocolException $e) {
        echo "$name: ", get_class($e), ': ', $e->getMessage(), "\n";
    }
    echo "memory given back: ", memory_get_usage() - $before < 1048576 ? 'yes' : 'no', "\n";
}
register_shutdown_function(fn() => print("shutdown functions still run\n"));
?>
--EXPECT--
nested lists: Mdsync\ProtocolException: Moodle's answer to core_user_get_users: the answer would pass memory_limit as PHP values
memory given back: yes
a wide object: Mdsync\ProtocolException: Moodle's answer to core_user_get_users: the answer would pass memory_limit as PHP values
memory given back: yes
shutdown functions still run
