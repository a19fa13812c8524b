<?php
// The part of Moodle 4.5's API that local_django_sync's classes use most, as PHPStan declarations: signatures
// copied from Moodle (lib/moodlelib.php, lib/weblib.php, lib/setuplib.php, lib/classes/text.php, lib/adminlib.php,
// lib/table/, lib/external/, lib/classes/check/, lib/classes/task/), bodies empty. Only for static analysis
// (tools/phpstan/phpstan-plugin.neon); never loaded by PHP. A plugin class that extends or implements a Moodle
// class or interface needs it declared here (PHPStan cannot be told to ignore an unknown parent); any other Moodle
// symbol may be left out.

namespace {
    /**
     * @param string $identifier
     * @param string $component
     * @param string|object|array<mixed>|int|float|null $a
     * @param bool $lazyload
     * @return string
     */
    function get_string($identifier, $component = '', $a = null, $lazyload = false) {}

    /**
     * @param string $plugin
     * @param string|null $name
     * @return mixed
     */
    function get_config($plugin, $name = null) {}

    /**
     * @param string $name
     * @param mixed $value
     * @param string|null $plugin
     * @return bool
     */
    function set_config($name, $value, $plugin = null) {}

    /**
     * @param string $string
     * @param string $eol
     * @param float $sleep
     * @return void
     */
    function mtrace($string, $eol = "\n", $sleep = 0) {}

    /**
     * @param mixed $var
     * @return string
     */
    function s($var) {}

    /**
     * @param string|null $string
     * @param bool $striplinks
     * @param array<string, mixed> $options
     * @return string
     */
    function format_string($string, $striplinks = true, $options = null) {}

    /**
     * @param int $date
     * @param string $format
     * @param int|float|string $timezone
     * @param bool $fixday
     * @param bool $fixhour
     * @return string
     */
    function userdate($date, $format = '', $timezone = 99, $fixday = true, $fixhour = true) {}

    /** @return string */
    function sesskey() {}

    /**
     * @param \stdClass|array<mixed> $user
     * @param bool $override
     * @param array<string, mixed> $options
     * @return string
     */
    function fullname($user, $override = false, $options = []) {}

    class moodle_exception extends \Exception
    {
        /** @var string */
        public $errorcode;
        /** @var string */
        public $module;
        /** @var mixed */
        public $a;
        /** @var string */
        public $link;
        /** @var string|null */
        public $debuginfo;

        /**
         * @param string $errorcode
         * @param string $module
         * @param string $link
         * @param mixed $a
         * @param string|null $debuginfo
         */
        public function __construct($errorcode, $module = '', $link = '', $a = null, $debuginfo = null) {}
    }

    class moodle_url
    {
        /**
         * @param moodle_url|string $url
         * @param array<string, mixed>|null $params
         * @param string|null $anchor
         */
        public function __construct($url, ?array $params = null, $anchor = null) {}

        /**
         * @param bool $escaped
         * @param array<string, mixed> $overrideparams
         * @return string
         */
        public function out($escaped = true, ?array $overrideparams = null) {}

        /**
         * @param bool $includeanchor
         * @return string
         */
        public function out_omit_querystring($includeanchor = false) {}
    }

    class core_text
    {
        /**
         * @param string $text
         * @return string
         */
        public static function strtolower($text) {}

        /**
         * @param string $text
         * @param int $from
         * @param int|null $len
         * @param string $charset
         * @return string
         */
        public static function substr($text, $from, $len = null, $charset = 'utf-8') {}

        /**
         * @param string $text
         * @param string $charset
         * @return int
         */
        public static function strlen($text, $charset = 'utf-8') {}
    }

    interface renderable
    {
    }

    interface templatable
    {
        /**
         * @param renderer_base $output
         * @return \stdClass|array<mixed>
         */
        public function export_for_template(renderer_base $output);
    }

    class renderer_base
    {
        /**
         * @param renderable $widget
         * @return string
         */
        public function render(renderable $widget) {}

        /**
         * @param string $templatename
         * @param array<mixed>|\stdClass $context
         * @return string
         */
        public function render_from_template($templatename, $context) {}

        /**
         * @param int $totalcount
         * @param int $page
         * @param int $perpage
         * @param string|moodle_url $baseurl
         * @param string $pagevar
         * @return string
         */
        public function paging_bar($totalcount, $page, $perpage, $baseurl, $pagevar = 'page') {}

        /**
         * @param string $label
         * @param string|moodle_url $base
         * @param string $name
         * @param array<string, mixed> $params
         * @return string
         */
        public function download_dataformat_selector($label, $base, $name = 'dataformat', $params = []) {}
    }

    class plugin_renderer_base extends renderer_base
    {
    }

    class admin_setting
    {
    }

    class admin_setting_configmultiselect extends admin_setting
    {
        /** @var array<mixed> */
        public $choices;

        /** @return bool */
        public function load_choices() {}
    }

    class admin_setting_configtext extends admin_setting
    {
        /**
         * @param string $name
         * @param string|\lang_string $visiblename
         * @param string|\lang_string $description
         * @param string $defaultsetting
         * @param mixed $paramtype
         * @param int|null $size
         */
        public function __construct($name, $visiblename, $description, $defaultsetting, $paramtype = PARAM_RAW, $size = null) {}

        /**
         * @param string $data
         * @return true|string
         */
        public function validate($data) {}
    }

    class admin_setting_configtextarea extends admin_setting_configtext
    {
        /**
         * @param string $name
         * @param string|\lang_string $visiblename
         * @param string|\lang_string $description
         * @param mixed $defaultsetting
         * @param mixed $paramtype
         * @param string $cols
         * @param string $rows
         */
        public function __construct($name, $visiblename, $description, $defaultsetting, $paramtype = PARAM_RAW, $cols = '60',
            $rows = '8') {}
    }

    class admin_setting_users_with_capability extends admin_setting_configmultiselect
    {
        /**
         * @param string $name
         * @param string|\lang_string $visiblename
         * @param string|\lang_string $description
         * @param array<mixed> $defaultsetting
         * @param string $capability
         * @param bool $includeadmins
         */
        public function __construct($name, $visiblename, $description, $defaultsetting, $capability, $includeadmins = true) {}
    }

    class flexible_table
    {
        /** @var string */
        public $useridfield = 'id';

        /** @param string $uniqueid */
        public function __construct($uniqueid) {}

        /**
         * @param bool $bool
         * @param string|null $defaultcolumn
         * @param int $defaultorder
         * @return void
         */
        public function sortable($bool, $defaultcolumn = null, $defaultorder = SORT_ASC) {}

        /**
         * @param string $column
         * @return void
         */
        public function no_sorting($column) {}

        /**
         * @param bool $bool
         * @return void
         */
        public function collapsible($bool) {}

        /**
         * @param string $attribute
         * @param mixed $value
         * @return void
         */
        public function set_attribute($attribute, $value) {}

        /**
         * @param string|moodle_url $url
         * @return void
         */
        public function define_baseurl($url) {}

        /**
         * @param string[] $columns
         * @return void
         */
        public function define_columns($columns) {}

        /**
         * @param string[] $headers
         * @return void
         */
        public function define_headers($headers) {}

        /** @return \context */
        public function get_context() {}
    }

    class table_sql extends flexible_table
    {
        /**
         * @param string $sql
         * @param array<mixed>|null $params
         * @return void
         */
        public function set_count_sql($sql, ?array $params = null) {}

        /**
         * @param string $fields
         * @param string $from
         * @param string $where
         * @param array<mixed> $params
         * @return void
         */
        public function set_sql($fields, $from, $where, array $params = []) {}

        /**
         * @param int $pagesize
         * @param bool $useinitialsbar
         * @param string $downloadhelpbutton
         * @return void
         */
        public function out($pagesize, $useinitialsbar, $downloadhelpbutton = '') {}
    }

    class action_link implements renderable
    {
        /**
         * @param moodle_url $url
         * @param string $text
         * @param mixed $action
         * @param array<string, mixed>|null $attributes
         * @param mixed $icon
         */
        public function __construct(moodle_url $url, $text, $action = null, ?array $attributes = null, $icon = null) {}
    }
}

namespace core\check {
    abstract class check
    {
        /** @return string */
        public function get_name(): string {}

        /** @return \action_link|null */
        public function get_action_link(): ?\action_link {}

        /** @return result */
        abstract public function get_result(): result;
    }

    class result
    {
        public const NA = 'na';
        public const OK = 'ok';
        public const INFO = 'info';
        public const UNKNOWN = 'unknown';
        public const WARNING = 'warning';
        public const ERROR = 'error';
        public const CRITICAL = 'critical';

        /**
         * @param string $status
         * @param string $summary
         * @param string $details
         */
        public function __construct($status, $summary, $details = '') {}
    }
}

namespace core\task {
    abstract class task_base
    {
        /** @return void */
        abstract public function execute();
    }

    abstract class scheduled_task extends task_base
    {
        /** @return string */
        abstract public function get_name();
    }

    abstract class adhoc_task extends task_base
    {
        /**
         * @param int $time
         * @return void
         */
        public function set_next_run_time($time) {}

        /** @return mixed */
        public function get_custom_data() {}

        /**
         * @param mixed $customdata
         * @return void
         */
        public function set_custom_data($customdata) {}

        /** @return int|null */
        public function get_id() {}
    }

    trait stored_progress_task_trait
    {
        /** @var \core\output\stored_progress_bar|null */
        protected $progress = null;

        /** @return void */
        protected function start_stored_progress(): void {}
    }
}

namespace core\session {
    class manager
    {
        /**
         * Moodle 4.5 on.
         *
         * @param int $userid
         * @param string|null $keepsid
         * @return void
         */
        public static function destroy_user_sessions($userid, $keepsid = null) {}

        /**
         * Before Moodle 4.5 (deprecated since).
         *
         * @param int $userid
         * @param string|null $keepsid
         * @return void
         */
        public static function kill_user_sessions($userid, $keepsid = null) {}
    }
}

namespace core\output {
    class progress_bar
    {
        /** @return string */
        public function get_id(): string {}

        /**
         * @param bool $value
         * @return void
         */
        public function auto_update(bool $value): void {}

        /**
         * @param float|int $percent
         * @param string $msg
         * @return void
         */
        public function update_full($percent, $msg) {}

        /** @return float */
        public function get_percent(): float {}
    }

    class stored_progress_bar extends progress_bar
    {
        /** @param string $idnumber */
        public function __construct($idnumber) {}

        /** @return void */
        public function create(): void {}

        /** @return int */
        public function start(): int {}

        /**
         * @param string $errormsg
         * @return void
         */
        public function error(string $errormsg): void {}

        /** @return string|null */
        public function get_message(): ?string {}

        /** @return string */
        public function get_content(): string {}

        /**
         * @param string $idnumber
         * @return stored_progress_bar|null
         */
        public static function get_by_idnumber(string $idnumber): ?stored_progress_bar {}

        /**
         * @param string $class
         * @param int|null $id
         * @return string
         */
        public static function convert_to_idnumber(string $class, ?int $id = null): string {}
    }
}

namespace core_privacy\local\metadata {
    interface provider
    {
    }
}

namespace core_privacy\local\request {
    interface core_userlist_provider
    {
    }
}

namespace core_privacy\local\request\plugin {
    interface provider
    {
    }
}

namespace core {
    class chart_base implements \renderable
    {
        /**
         * @param chart_series $serie
         * @return void
         */
        public function add_series(chart_series $serie) {}

        /**
         * @param string[] $labels
         * @return void
         */
        public function set_labels(array $labels) {}

        /**
         * @param string $title
         * @return void
         */
        public function set_title($title) {}
    }

    class chart_bar extends chart_base
    {
    }

    class chart_series
    {
        /**
         * @param string $label
         * @param array<int|float|null> $values
         */
        public function __construct($label, $values) {}
    }
}

namespace core_external {
    class external_api
    {
        /**
         * @param mixed $description
         * @param mixed $params
         * @return mixed
         */
        public static function validate_parameters($description, $params) {}

        /**
         * @param mixed $context
         * @return void
         */
        public static function validate_context($context) {}
    }
}
