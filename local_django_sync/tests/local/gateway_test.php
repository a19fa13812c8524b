<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

namespace local_django_sync\local;

/**
 * Tests of the gateway's options, URL checks and missing-extension behaviour (no network).
 *
 * @package    local_django_sync
 * @category   test
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_django_sync\local\gateway
 */
final class gateway_test extends \advanced_testcase {
    public function test_options_come_from_settings(): void {
        $this->resetAfterTest();
        set_config('django_url', 'https://django.example.com', 'local_django_sync');
        set_config('django_token', 'tok', 'local_django_sync');
        set_config('page_size', '500', 'local_django_sync');
        set_config('concurrency', '0', 'local_django_sync');
        $options = (new gateway())->options();
        $this->assertSame('https://django.example.com', $options['django_url']);
        $this->assertSame('tok', $options['django_token']);
        $this->assertSame(500, $options['page_size']);
        $this->assertArrayNotHasKey('concurrency', $options, 'zero means the extension default');
        $this->assertArrayNotHasKey('proxy', $options);
        $this->assertArrayNotHasKey('create_in_moodle', $options, 'plugin-only settings stay in the plugin');
    }

    public function test_moodle_proxy_is_passed_unless_bypassed(): void {
        global $CFG;
        $this->resetAfterTest();
        $CFG->proxyhost = 'proxy.example.com';
        $CFG->proxyport = 3128;
        $CFG->proxyuser = 'u';
        $CFG->proxypassword = 'p@ss';
        $CFG->proxybypass = 'localhost, 127.0.0.1';
        $gateway = new gateway((object)['django_url' => 'https://django.example.com', 'django_token' => 't']);
        $this->assertSame('http://u:p%40ss@proxy.example.com:3128', $gateway->options()['proxy']);
        $CFG->proxybypass = 'django.example.com';
        $this->assertArrayNotHasKey('proxy', $gateway->options());
        $CFG->proxytype = 'SOCKS5';
        $this->assertStringStartsWith('socks5h://', gateway::proxy_url($CFG));
    }

    public function test_blocked_hosts_and_ports_are_refused(): void {
        $this->resetAfterTest();
        // Domain rules only: an IP rule would make Moodle resolve every host name, and tests have no DNS.
        set_config('curlsecurityblockedhosts', "django.internal\n*.corp.example.com");
        set_config('curlsecurityallowedport', "443\n80");
        $check = fn(string $url) => (new gateway((object)['django_url' => $url, 'django_token' => 't']))->options();
        $this->assertSame('https://ok.example.com', $check('https://ok.example.com')['django_url']);
        $refused = ['https://django.internal/', 'https://x.corp.example.com/', 'https://ok.example.com:8443/',
            'ftp://ok.example.com/'];
        set_config('curlsecurityblockedhosts', "10.0.0.0/8");
        $refused[] = 'http://10.1.2.3/';
        foreach ($refused as $url) {
            try {
                $check($url);
                $this->fail("$url was not refused");
            } catch (\moodle_exception $e) {
                $this->assertSame('urlblocked', $e->errorcode);
            }
        }
    }

    public function test_not_configured_and_missing_extension(): void {
        $this->resetAfterTest();
        $gateway = new gateway((object)['django_url' => '', 'django_token' => '']);
        $this->assertFalse($gateway->configured());
        $this->assertSame(extension_loaded('mdsync'), $gateway->available());
        if (!$gateway->available()) {
            $this->expectException(\moodle_exception::class);
            $this->expectExceptionMessage('mdsync PHP extension is not loaded');
            $gateway->django_status();
        }
    }

    public function test_redact_url(): void {
        $this->assertSame('https://host/x', gateway::redact_url('https://user:secret@host/x'));
        $this->assertSame('https://host/x', gateway::redact_url('https://host/x'));
    }

    public function test_status_check_without_extension_or_settings(): void {
        $this->resetAfterTest();
        $fake = new class ((object)['django_url' => '', 'django_token' => '']) extends gateway {
            /** @var bool */
            public $loaded = false;

            /**
             * Whether the extension is "loaded".
             *
             * @return bool
             */
            public function available(): bool {
                return $this->loaded;
            }
        };
        $check = new \local_django_sync\check\connection($fake);
        $this->assertSame(\core\check\result::CRITICAL, $check->get_result()->get_status());
        $fake->loaded = true;
        $this->assertSame(\core\check\result::NA, $check->get_result()->get_status());
    }

    public function test_status_check_asks_django_once(): void {
        global $CFG;
        require_once($CFG->dirroot . '/local/django_sync/tests/fixtures/django_peer.php');
        $why = \local_django_sync\django_peer::skip_reason();
        if ($why !== null) {
            $this->markTestSkipped($why);
        }
        $this->resetAfterTest();
        $peer = \local_django_sync\django_peer::start($this, ['users' => 3]);
        try {
            $result = (new \local_django_sync\check\connection())->get_result();
            $this->assertSame(\core\check\result::OK, $result->get_status(), $result->get_summary());
            $this->assertStringContainsString('answered with 3 users', $result->get_summary());
            $this->assertSame(1, \mdsync_test_peer_requests($peer, '/api/user/'));
        } finally {
            \local_django_sync\django_peer::kill($peer);
        }
    }

    public function test_grade_options_need_a_secret_and_carry_the_endpoint(): void {
        global $CFG;
        $this->resetAfterTest();
        $config = (object)['django_url' => 'https://django.example.com', 'timeout_ms' => 2000, 'users_path' => '/api/user/'];
        $gateway = new gateway($config);
        if ((string)getenv('MDSYNC_SIGNING_SECRET') === '') {
            $this->assertFalse($gateway->grades_configured());
            try {
                $gateway->grade_options();
                $this->fail('no secret, no grade options');
            } catch (\moodle_exception $e) {
                $this->assertSame('gradesnotconfigured', $e->errorcode);
            }
        }
        $config->signing_secret = 's3cret';
        $config->grades_method = 'PATCH';
        $config->grades_url_template = '/api/gradebook/cell/{djangoid}/{itemid}/';
        $this->assertTrue($gateway->grades_configured());
        $this->assertFalse($gateway->configured(), 'grades need no API token');
        $options = $gateway->grade_options();
        $this->assertSame('s3cret', $options['signing_secret']);
        $this->assertSame('PATCH', $options['grades_method']);
        $this->assertSame('/api/gradebook/cell/{djangoid}/{itemid}/', $options['grades_url_template']);
        $this->assertSame(2000, $options['timeout_ms']);
        $this->assertArrayNotHasKey('users_path', $options);
        $this->assertArrayNotHasKey('django_token', $options);

        $CFG->proxyhost = 'proxy.example.com';
        $this->assertSame('http://proxy.example.com', $gateway->grade_options()['proxy']);
        set_config('curlsecurityblockedhosts', 'django.example.com');
        $this->expectException(\moodle_exception::class);
        $gateway->grade_options();
    }
}
