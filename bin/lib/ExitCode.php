<?php

declare(strict_types=1);

namespace Mdsync\Cli;

/** Exit codes of bin/mdsync: these four and no other. */
final class ExitCode
{
    /** The command did what was asked (a plan with conflicts included). */
    public const OK = 0;
    /** apply: some users failed while the others went through (listed). */
    public const PARTIAL = 1;
    /** Usage, configuration, input or connection error; for apply, the run stopped (what was done is listed). */
    public const CONFIG = 2;
    /** Interrupted by SIGINT or SIGTERM (what was done is listed, the rest NOT DONE). */
    public const INTERRUPTED = 130;
}
