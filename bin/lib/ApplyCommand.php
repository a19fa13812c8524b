<?php

declare(strict_types=1);

namespace Mdsync\Cli;

use local_django_sync\local\sync\engine;
use local_django_sync\local\sync\moodle_side;
use local_django_sync\local\sync\report;
use local_django_sync\local\sync\report_text;

/**
 * `mdsync apply`: makes the plan and carries it out through the apply engine the Moodle plugin uses too
 * (local_django_sync/classes/local/sync/): the same order, batches, splitting and report.
 */
final class ApplyCommand extends Command
{
    public static function name(): string
    {
        return 'apply';
    }

    public static function summary(): string
    {
        return 'carry out the plan: identifiers, users on both sides, optionally suspensions';
    }

    protected static function description(): string
    {
        return <<<TXT
            Usage: mdsync apply (--moodle-url URL | --moodle-csv FILE) [--django-url URL] [OPTIONS]

            Make the plan (as 'mdsync plan' shows it) and carry it out, in this order: fill in the
            identifiers (edeboid, iasid, djangoid) Moodle lacks, create the Django-only users in
            Moodle, create the Moodle-only users in Django (writing each new Django id into the
            Moodle user's djangoid), and with --suspend suspend, revive and delete. Conflicts are
            never touched. Asks before changing anything unless --yes; refuses to run without
            --yes when stdin is not a terminal. SIGINT or SIGTERM stops it after the requests in
            flight: what was done is listed (and its files written), the rest NOT DONE.

            Offline (--moodle-csv): Django users are created directly; Moodle is not changed: its
            side is written as files to upload by hand in Site administration → Users → Upload users.

            TXT;
    }

    protected static function exitCodes(): string
    {
        return "0 all done, 1 some users failed (listed; the others went through), 2 usage,\n"
            . "configuration or connection error (what was done before it is listed, the rest NOT DONE),\n"
            . '130 interrupted by SIGINT or SIGTERM (likewise).';
    }

    public function run(array $opts): int
    {
        $config = $this->config($opts);
        $mode = $this->moodleMode($opts, $config);
        $options = $this->engineOptions($opts);
        if ($mode === 'csv') {
            if ($options->suspend) {
                throw new UsageError('--suspend needs a Moodle site (--moodle-url): the bulk-download CSV does not say who is suspended');
            }
            if (in_array('to-moodle', $options->only, true) && !isset($opts['write-upload-csv'])) {
                throw new UsageError('with --moodle-csv, the users to create in Moodle are written to a file: '
                    . 'give --write-upload-csv FILE (or leave them out with --only)');
            }
            if (array_intersect(['identifiers', 'to-django'], $options->only) !== [] && !isset($opts['write-update-csv'])) {
                throw new UsageError('with --moodle-csv, identifier updates (and the Django ids of users created in Django) '
                    . 'are written to a file: give --write-update-csv FILE (or leave them out with --only)');
            }
        }
        $this->requireDjango($config);
        if (!isset($opts['yes']) && !stream_isatty($this->in)) {
            throw new UsageError('refusing to change anything without confirmation: stdin is not a terminal; '
                . 'run it on a terminal to be asked, or add --yes');
        }
        $json = isset($opts['json']);
        $side = $this->moodleSide($opts, $config, $mode);
        $progress = new TerminalProgress($this->err, 'apply');
        Signals::install();
        $engine = new engine($this->django($config), $side, $options, $progress,
            static fn (): bool => Signals::received() !== null);
        $plan = $engine->plan();
        Signals::check('while the plan was made');
        $work = $engine->work($plan);
        $summary = PlanText::work($work, $mode === 'csv', $options->limit);
        if (!$json) {
            $this->say(PlanText::render($plan, $side->describe(), $config->usersUrl(), 'mdsync apply: the plan', $mode,
                $engine->label(...), $this->moodleNotes($side)));
            $this->say($summary === '' ? '' : "\n" . $summary);
        }
        if (count($work) === 0) {
            if ($json) {
                $this->say(Json::encode($this->document($mode, $side, $config, new report(), ExitCode::OK)));
            } else {
                $this->say("\nNothing to do.\n");
            }
            return ExitCode::OK;
        }
        if (!isset($opts['yes']) && !$this->confirm($json ? $summary : '')) {
            fwrite($json ? $this->err : $this->out, "Nothing has been changed.\n");
            return ExitCode::OK;
        }

        $report = new report();
        $engine->apply($work, $report);
        $exit = match ($report->outcome()) {
            'done' => ExitCode::OK,
            'partial' => ExitCode::PARTIAL,
            'interrupted' => ExitCode::INTERRUPTED,
            default => ExitCode::CONFIG,
        };
        if ($json) {
            $this->say(Json::encode($this->document($mode, $side, $config, $report, $exit)));
        } else {
            $this->say("\n" . implode("\n", report_text::lines($report, 'mdsync apply', fn (string $s): string => $this->clean($s))) . "\n");
            if ($mode === 'csv' && $report->files() !== []) {
                $this->say("Moodle has not been changed: its side is in the files above, to upload by hand.\n");
            }
        }
        if ($report->outcome() === 'interrupted') {
            fwrite($this->err, 'mdsync apply: interrupted (' . (Signals::received() ?? 'asked to stop') . '): the requests '
                . "in flight finished; what was done is listed" . ($json ? '' : ' above') . ", the rest NOT DONE.\n"
                . "Run 'mdsync plan' to see what is left.\n");
        } elseif ($report->stopped() !== null) {
            fwrite($this->err, $this->clean('mdsync apply: stopped: ' . $config->translate($report->stopped())) . "\n");
            $error = $engine->last_error();
            foreach ($error !== null ? Hints::for($error->getPrevious() ?? $error, $config, $this->env) : [] as $hint) {
                fwrite($this->err, $this->clean("hint: $hint") . "\n");
            }
            fwrite($this->err, 'Everything done before it is listed' . ($json ? '' : ' above')
                . "; run 'mdsync plan' to see what is left.\n");
        }
        return $exit;
    }

    /** Asks on the terminal; Ctrl-C here ends the process, nothing having been changed. */
    private function confirm(string $summary): bool
    {
        if ($summary !== '') {
            fwrite($this->err, $summary);
        }
        fwrite($this->err, 'Apply? [y/N] ');
        Signals::uninstall();
        $answer = fgets($this->in);
        Signals::install();
        return in_array(strtolower(trim((string) $answer)), ['y', 'yes'], true);
    }

    /** @return array<string, mixed> */
    private function document(string $mode, moodle_side $side, Config $config, report $report, int $exit): array
    {
        $clean = fn (string $s): string => $this->clean($s);
        $data = $report->to_array();
        $data['entries'] = array_map(static function (array $e) use ($clean): array {
            $e['user'] = $clean((string) $e['user']);
            $e['message'] = $clean((string) $e['message']);
            return $e;
        }, $report->entries());
        $data['notes'] = array_map($clean, $report->notes());
        if (is_string($data['stopped'])) {
            $data['stopped'] = $clean($config->translate($data['stopped']));
        }
        return Json::document('apply', [
            'moodle' => $this->moodleJson($mode, $side),
            'django' => ['url' => $config->usersUrl()],
            'exit' => $exit,
            'report' => $data,
        ]);
    }
}
