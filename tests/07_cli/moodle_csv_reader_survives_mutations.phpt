--TEST--
The Moodle CSV reader under a bounded mutation loop: thousands of damaged exports (flipped, inserted and deleted bytes, stray quotes, delimiters and line ends, NULs, BOMs, UTF-16, huge cells, formula cells, truncation) each end in records the planner takes or a typed input_error; never another exception, a warning or unbounded memory
--EXTENSIONS--
mdsync
--FILE--
<?php
declare(strict_types=1);
require dirname(__DIR__, 2) . '/bin/lib/autoload.php';

use local_django_sync\local\sync\input_error;
use local_django_sync\local\sync\side\moodle_csv_reader;

// MDSYNC_FUZZ_SEED=N repeats one run; MDSYNC_FUZZ_ROUNDS=N runs longer by hand.
$seed = (int) (getenv('MDSYNC_FUZZ_SEED') ?: 20261202);
$rounds = (int) (getenv('MDSYNC_FUZZ_ROUNDS') ?: 3000);
mt_srand($seed);

$seeds = [
    file_get_contents(dirname(__DIR__, 2) . '/demo/moodle-users.csv'),
    "\xEF\xBB\xBFid,username,email,firstname,lastname,auth,siteadmin,roles,cohorts,profile_field_edeboid,profile_field_iasid,profile_field_djangoid\n"
        . "2,admin,admin@example.edu,Admin,User,manual,1,manager,,,,\n"
        . "3,\"o'brien\",\"o.brien@example.edu\",\"Ó\",\"Brien, Jr\",ldap,0,\"editingteacher,manager\",STAFF,E1,I1,7\n"
        . "4,student00001,Student00001@Example.edu,Student,No00001,manual,no,,\"C1,C2\",EDEBO00001,IAS00001,\n",
    "id;username;email;firstname;lastname;idnumber;institution;department;phone1;phone2;city;country\r\n"
        . "5;olena;олена.коваль@example.edu;Олена;Коваль;;;;;;Київ;UA\r\n",
];
$bytes = ["\0", '"', ',', ';', "\t", "\n", "\r", "\r\n", '=', '+', '-', '@', "\xEF\xBB\xBF", "\xFF\xFE", "\xC3", "\xA0", "\xE2\x80\x8B", ' ', '0', '9'];

function mutate(string $s, array $bytes): string
{
    $n = mt_rand(1, 4);
    for ($i = 0; $i < $n; $i++) {
        $len = strlen($s);
        $at = $len ? mt_rand(0, $len - 1) : 0;
        switch (mt_rand(0, 10)) {
            case 0: $s = substr_replace($s, chr(mt_rand(0, 255)), $at, 1); break;            // flip a byte
            case 1: $s = substr_replace($s, $bytes[array_rand($bytes)], $at, 0); break;       // insert a troublesome byte
            case 2: $s = substr_replace($s, '', $at, mt_rand(1, 40)); break;                  // delete a run
            case 3: $s = substr($s, 0, $at); break;                                           // truncate
            case 4: $lines = explode("\n", $s); $k = array_rand($lines);                      // duplicate a line
                array_splice($lines, $k, 0, [$lines[$k]]); $s = implode("\n", $lines); break;
            case 5: $s = substr_replace($s, str_repeat('x', mt_rand(1, 200000)), $at, 0); break; // a huge cell
            case 6: $s = "\xFF\xFE" . implode("\0", str_split($s)) . "\0"; break;                // UTF-16 (as Excel saves)
            case 7: $s = substr_replace($s, '"' . str_repeat("a\n", mt_rand(1, 50)), $at, 0); break; // an unclosed quote
            case 8: $s = substr_replace($s, '=HYPERLINK("http://x")', $at, 0); break;
            case 9: $lines = explode("\n", $s); $lines[0] = $lines[0] . ',' . explode(',', $lines[0])[0]; // a column twice
                $s = implode("\n", $lines); break;
            default: $s = str_replace(',', mt_rand(0, 1) ? ';' : "\t", $s); break;            // another delimiter
        }
    }
    return $s;
}

$warnings = [];
set_error_handler(function (int $no, string $msg) use (&$warnings): bool { $warnings[] = $msg; return true; });
$file = tempnam(sys_get_temp_dir(), 'mdsync-csv-fuzz');
register_shutdown_function(fn () => @unlink($file));
$outcomes = ['records' => 0, 'refused' => 0];
$limit = 64 * 1024 * 1024;
for ($r = 0; $r < $rounds; $r++) {
    $input = mutate($seeds[$r % count($seeds)], $bytes);
    file_put_contents($file, $input);
    $before = memory_get_usage();
    try {
        $records = iterator_to_array((new moodle_csv_reader($file, (bool) ($r & 1)))->records(), false);
        // what the reader yields, the planner must take (or refuse as the API says) without surprise
        try {
            mdsync_plan($records, [], ['allow_empty' => true]);
        } catch (ValueError | TypeError $e) {
            echo "round $r (seed $seed): the reader yielded a record the planner refuses: ", $e->getMessage(), "\n";
            echo "input (base64): ", base64_encode(substr($input, 0, 4096)), "\n";
            break;
        }
        $outcomes['records']++;
    } catch (input_error $e) {
        $outcomes['refused']++;
    } catch (Throwable $e) {
        echo "round $r (seed $seed): ", get_class($e), ': ', $e->getMessage(), "\n";
        echo "input (base64): ", base64_encode(substr($input, 0, 4096)), "\n";
        break;
    }
    if ($warnings) {
        echo "round $r (seed $seed): a warning: ", $warnings[0], "\n";
        break;
    }
    if (memory_get_usage() - $before > 1024 * 1024 || memory_get_peak_usage() > $limit) {
        echo "round $r (seed $seed): memory grew to ", memory_get_peak_usage(), " bytes\n";
        break;
    }
}
echo "rounds: ", $r, "\n";
echo "both outcomes seen: ", $outcomes['records'] > 0 && $outcomes['refused'] > 0 ? 'yes' : json_encode($outcomes), "\n";
?>
--EXPECT--
rounds: 3000
both outcomes seen: yes
