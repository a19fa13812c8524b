<?php
/*
 * A stand-in for Moodle's /webservice/rest/server.php, run by PHP's built-in server, for
 * testing how mdsync_moodle_call() encodes parameters and reads Moodle's answers. It
 * decodes requests with PHP's own parser, exactly as Moodle does ($_POST), and answers in
 * Moodle's formats: a JSON value, or HTTP 200 with {"exception","errorcode","message"}.
 * Tests against a real Moodle run only when MOODLE_URL and MDSYNC_MOODLE_TOKEN are set.
 */
header('Content-Type: application/json');
$expected = getenv('FAKE_MOODLE_TOKEN');
if (parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH) !== '/webservice/rest/server.php') {
    http_response_code(404);
    echo '{"detail":"not found"}';
    return;
}
if (($_POST['moodlewsrestformat'] ?? '') !== 'json') {
    echo '<?xml version="1.0"?><RESPONSE/>';
    return;
}
if (($_POST['wstoken'] ?? '') !== $expected || isset($_GET['wstoken'])) {
    echo json_encode(['exception' => 'moodle_exception', 'errorcode' => 'invalidtoken', 'message' => 'Invalid token - token not found']);
    return;
}
switch ($_POST['wsfunction'] ?? '') {
    case 'mdsync_test_echo':
        $params = $_POST;
        unset($params['wstoken'], $params['wsfunction'], $params['moodlewsrestformat']);
        echo json_encode(['get' => $_GET, 'post' => $params]);
        return;
    case 'mdsync_test_null':
        echo 'null';
        return;
    case 'mdsync_test_echo_token':
        echo json_encode(['exception' => 'moodle_exception', 'errorcode' => 'x', 'message' => 'bad token ' . $_POST['wstoken']]);
        return;
    case 'mdsync_test_500':
        http_response_code(500);
        echo '<html>Fatal error</html>';
        return;
    default:
        echo json_encode(['exception' => 'dml_missing_record_exception', 'errorcode' => 'invalidrecord',
            'message' => 'Can\'t find data record in database table external_functions.']);
}
