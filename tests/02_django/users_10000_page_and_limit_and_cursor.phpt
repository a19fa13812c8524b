--TEST--
10,000 users through page-number, limit/offset and cursor pagination give the same list; page one's count drives concurrent fetches
--EXTENSIONS--
mdsync
--FILE--
<?php
require __DIR__ . '/../server.inc';
$peer = mdsync_test_peer(['users' => 10000, 'workers' => 2]);
$opts = ['django_url' => $peer['url'], 'django_token' => $peer['token']];
$lists = [];
$seen = fn($path) => mdsync_test_peer_requests($peer, $path);
$before = ['/api/user/' => $seen('/api/user/'), '/api/user-limit/' => $seen('/api/user-limit/'), '/api/user-cursor/' => $seen('/api/user-cursor/')];
foreach (['/api/user/' => 'auto', '/api/user-limit/' => 'auto', '/api/user-cursor/' => 'cursor'] as $path => $pagination) {
    $users = mdsync_django_users($opts + ['users_path' => $path, 'pagination' => $pagination]);
    $ids = array_column($users, 'id');
    echo $path, ": ", count($users), " users, ", count(array_unique($ids)), " distinct, ",
        $seen($path) - $before[$path], " requests\n";
    $lists[] = $users;
}
echo "same lists: ", ($lists[0] === $lists[1] && $lists[1] === $lists[2]) ? 'yes' : 'no', "\n";
// The server caps page_size at 1,000: asking for more is accepted, and the page count follows what it gave.
$users = mdsync_django_users($opts + ['page_size' => 5000]);
echo count($users), " users with page_size 5000, ", $seen('/api/user/') - $before['/api/user/'] - 10, " requests\n";
?>
--EXPECT--
/api/user/: 10000 users, 10000 distinct, 10 requests
/api/user-limit/: 10000 users, 10000 distinct, 10 requests
/api/user-cursor/: 10000 users, 10000 distinct, 10 requests
same lists: yes
10000 users with page_size 5000, 10 requests
