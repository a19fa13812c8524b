<?php

declare(strict_types=1);

namespace Mdsync\Cli;

use local_django_sync\local\sync\engine;
use local_django_sync\local\sync\report;
use local_django_sync\local\sync\report_text;

/** `mdsync plan`: what a sync would do, changing nothing. */
final class PlanCommand extends Command
{
    public static function name(): string
    {
        return 'plan';
    }

    public static function summary(): string
    {
        return 'show what a sync would do (changes nothing)';
    }

    protected static function description(): string
    {
        return <<<TXT
            Usage: mdsync plan (--moodle-url URL | --moodle-csv FILE) [--django-url URL] [OPTIONS]

            Compare Moodle's users with Django's and show what a sync would do: users in both,
            only in Moodle, only in Django, identifiers (edeboid, iasid, djangoid) Moodle should
            get, and conflicts. Nothing is changed. With --moodle-csv, --write-upload-csv also
            writes the Django-only users for Moodle's Upload users.

            TXT;
    }

    protected static function exitCodes(): string
    {
        return "0 the plan was made (conflicts included), 2 usage, configuration, input or\n"
            . 'connection error, 130 interrupted (SIGINT, SIGTERM).';
    }

    public function run(array $opts): int
    {
        $config = $this->config($opts);
        $mode = $this->moodleMode($opts, $config);
        if (isset($opts['auth']) && !isset($opts['write-upload-csv'])) {
            throw new UsageError('--auth only applies with --write-upload-csv');
        }
        $this->requireDjango($config);
        $writing = isset($opts['write-upload-csv']);
        $options = $this->engineOptions($opts, ['only' => 'to-moodle']);
        $side = $this->moodleSide($opts, $config, $mode);
        $progress = new TerminalProgress($this->err, 'plan');
        Signals::install();
        $engine = new engine($this->django($config), $side, $options, $progress,
            static fn (): bool => Signals::received() !== null);
        $plan = $engine->plan();
        Signals::check('while the plan was made');
        $report = null;
        if ($writing) {
            $report = new report();
            $engine->apply($engine->work($plan), $report);
        }
        $json = isset($opts['json']);
        if ($json) {
            $this->say(Json::encode(Json::document('plan', [
                'moodle' => $this->moodleJson($mode, $side),
                'django' => ['url' => $config->usersUrl()],
                'plan' => $plan->to_json(),
                'files' => $report?->files() ?? [],
                'refused' => $report?->with_status('failed') ?? [],
            ])));
        } else {
            $this->say(PlanText::render($plan, $side->describe(), $config->usersUrl(), 'mdsync plan: nothing has been changed',
                $mode, $engine->label(...), $this->moodleNotes($side)));
            if ($mode === 'site') {
                $this->say("To carry it out: mdsync apply with the same options.\n");
            } elseif (!$writing && $plan->onlyindjango !== []) {
                $this->say("To create the Django-only users in Moodle, write them for Upload users with --write-upload-csv FILE.\n");
            }
        }
        if ($report === null) {
            return ExitCode::OK;
        }
        $out = $json ? $this->err : $this->out;
        foreach ($report->with_status('failed') as $e) {
            fwrite($out, $this->clean("{$e['user']}: {$e['message']}") . "\n");
        }
        foreach ($report->files() as $f) {
            if ($f['error'] !== null) {
                fwrite($this->err, $this->clean("mdsync plan: {$f['path']} was not written: {$f['error']}") . "\n");
                return ExitCode::CONFIG;
            }
            fwrite($out, ($json ? '' : "\n") . $this->clean(sprintf('Wrote %s to %s (no passwords).',
                report_text::plural($f['rows'], 'user'), $f['path'])) . "\n" . $f['howto'] . "\n"
                . "The profile fields edeboid, iasid and djangoid must exist in Moodle with those short names.\n");
        }
        if ($report->files() === [] && $report->stopped() === null) {
            fwrite($out, "No users to create in Moodle: {$opts['write-upload-csv']} was not written.\n");
        }
        if ($report->stopped() !== null) {
            fwrite($this->err, $this->clean('mdsync plan: ' . $report->stopped()) . "\n");
            return $report->outcome() === 'interrupted' ? ExitCode::INTERRUPTED : ExitCode::CONFIG;
        }
        return $report->outcome() === 'interrupted' ? ExitCode::INTERRUPTED : ExitCode::OK;
    }
}
