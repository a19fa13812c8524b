<?php

declare(strict_types=1);

namespace Mdsync\Cli;

use local_django_sync\local\sync\moodle_side;
use local_django_sync\local\sync\plan;
use local_django_sync\local\sync\work_list;

/** A plan, and the work it implies, as text for a person. */
final class PlanText
{
    /** Conflicts listed in the text summary; --json has them all. */
    public const MAX_CONFLICTS = 20;

    /** Moodle or Django ids shown per conflict. */
    public const MAX_IDS = 5;

    /** Users listed per scope rule in the text summary; --json has them all. */
    public const MAX_EXCLUDED = 5;

    /** How a Moodle CSV gets each fact the scope rules read. */
    public const CSV_COLUMNS = [
        'auth' => "'auth' (the auth method: manual, ldap, nologin, ...)",
        'siteadmin' => "'siteadmin' (1 for a site admin)",
        'roles' => "'roles' (role short names held at system or category level)",
        'cohorts' => "'cohorts' (cohort idnumbers)",
    ];

    /**
     * @param string $mode site or csv: where the facts scope rules lack would come from
     * @param ?\Closure(int): string $label a Moodle user's name by id, for the users out of scope
     * @param list<string> $notes what the Moodle side says of how it read the users
     */
    public static function render(plan $plan, string $moodleSource, string $djangoUrl, string $title,
        string $mode = 'csv', ?\Closure $label = null, array $notes = []): string
    {
        $o = [];
        $o[] = $title;
        $o[] = sprintf('  Moodle: %6d users from %s', $plan->stat('moodle_users'), Text::oneLine($moodleSource));
        $o[] = sprintf('  Django: %6d users from %s', $plan->stat('django_users'), Text::oneLine($djangoUrl));
        $o[] = '';
        $o[] = sprintf('  %-20s %6d', 'in both', count($plan->both));
        $o[] = sprintf('  %-20s %6d   (not in Django)', 'only in Moodle', count($plan->onlyinmoodle));
        $o[] = sprintf('  %-20s %6d   (to create in Moodle)', 'only in Django', count($plan->onlyindjango));
        $o[] = sprintf('  %-20s %6d%s', 'identifier updates', $plan->stat('moodle_updates'), self::fieldCounts($plan));
        $o[] = sprintf('  %-20s %6d', 'conflicts', count($plan->conflicts));
        $inactive = $plan->stat('django_inactive_skipped');
        if ($inactive > 0) {
            $o[] = sprintf('  %-20s %6d   (inactive in Django: not offered for creation)', 'skipped', $inactive);
        }
        array_push($o, ...self::scope($plan, $mode));
        foreach ($notes as $note) {
            $o[] = '  note: ' . Text::wrap(Text::oneLine($note), 100, 8);
        }
        foreach (['tosuspend' => 'to suspend', 'torevive' => 'to revive', 'todelete' => 'to delete'] as $k => $what) {
            if ($plan->$k !== []) {
                $o[] = sprintf('  %-20s %6d', $what, count($plan->$k));
            }
        }
        if ($plan->conflicts !== []) {
            $o[] = '';
            $o[] = 'Conflicts (resolve them in Moodle or Django; mdsync never guesses):';
            foreach (array_slice($plan->conflicts, 0, self::MAX_CONFLICTS) as $c) {
                $o[] = '  - ' . self::conflictLine($c);
            }
            if (count($plan->conflicts) > self::MAX_CONFLICTS) {
                $o[] = sprintf('  … and %d more (--json lists them all)', count($plan->conflicts) - self::MAX_CONFLICTS);
            }
        }
        array_push($o, ...self::excluded($plan, $label));
        $o[] = '';
        $o[] = sprintf(
            'Django: %s, %s, %s in %s ms',
            Text::plural($plan->stat('pages'), 'page'),
            Text::plural($plan->stat('requests'), 'request'),
            Text::plural($plan->stat('retries'), 'retry', 'retries'),
            number_format($plan->stat('elapsed_ms'))
        );
        return implode("\n", $o) . "\n";
    }

    /**
     * The scope lines of the summary: how many are out of scope and by which rule, the rules in force, and those
     * some records lacked the fact for, with how to give it.
     *
     * @return list<string>
     */
    private static function scope(plan $plan, string $mode): array
    {
        $o = [];
        $byRule = [];
        $rules = $plan->stats['excluded_by_rule'] ?? [];
        foreach (is_array($rules) ? $rules : [] as $rule => $n) {
            if ($n > 0) {
                $byRule[] = "$rule $n";
            }
        }
        $o[] = Text::oneLine(sprintf('  %-20s %6d%s', 'out of scope', $plan->stat('excluded'), $byRule === [] ? ''
            : '   (' . implode(', ', $byRule) . ': never pushed to Django or suspended)'));
        $active = is_array($plan->scope['active'] ?? null) ? $plan->scope['active'] : [];
        $o[] = Text::oneLine(sprintf('  %-20s %s', 'scope rules', $active === [] ? 'none (everyone is in scope)'
            : implode(', ', array_map(static fn (mixed $r): string => is_scalar($r) ? (string) $r : '?', $active))));
        $notApplied = $plan->scope['not_applied'] ?? [];
        if (!is_array($notApplied) || $notApplied === []) {
            return $o;
        }
        $facts = [];
        $records = 0;
        foreach ($notApplied as $rule => $why) {
            $fact = is_array($why) && is_string($why['fact'] ?? null) ? $why['fact'] : (string) $rule;
            $facts[$fact] = true;
            $records = max($records, is_array($why) && is_int($why['records'] ?? null) ? $why['records'] : 0);
        }
        $o[] = Text::oneLine(sprintf('  %-20s %s: %d of %s lack %s', 'not applied', implode(', ', array_keys($notApplied)),
            $records, Text::plural($plan->stat('moodle_users'), 'Moodle record'), implode(', ', array_keys($facts))));
        $columns = array_values(array_intersect_key(self::CSV_COLUMNS, $facts));
        if ($columns === []) {
            return $o; // Only facts a record lacks by itself (an empty email): no column or site gives them.
        }
        if ($mode === 'csv') {
            $how = 'a Moodle CSV has no such column: add ' . implode(' and ', $columns)
                . (count($columns) === 1 ? ' as a column' : ' as columns') . ', or plan against the site with --moodle-url';
        } else {
            $how = "the site's users listing does not give them: install or update local_django_sync on the site and "
                . 'add its local_django_sync_get_users to the web service';
        }
        $o[] = '    ' . Text::wrap(Text::oneLine($how), 100, 4);
        return $o;
    }

    /**
     * The users out of scope, per rule (a few each; --json lists them all).
     *
     * @param ?\Closure(int): string $label
     * @return list<string>
     */
    private static function excluded(plan $plan, ?\Closure $label): array
    {
        $lines = [];
        foreach (['moodle' => 'Moodle', 'django' => 'Django'] as $side => $name) {
            foreach ($plan->excluded[$side] as $rule => $ids) {
                if ($ids === []) {
                    continue;
                }
                $shown = array_map(static fn (int|string $id): string => $side === 'moodle' && $label !== null && is_int($id)
                    ? $label($id) . " (id $id)" : "$name $id", array_slice($ids, 0, self::MAX_EXCLUDED));
                $more = count($ids) > self::MAX_EXCLUDED ? sprintf(' +%d more', count($ids) - self::MAX_EXCLUDED) : '';
                $lines[] = Text::oneLine(sprintf('  - %s (%d): %s%s', $rule, count($ids), implode(', ', $shown), $more));
            }
        }
        if ($lines === []) {
            return [];
        }
        return array_merge(['', 'Out of scope (never pushed to Django or suspended; --json lists them all):'], $lines);
    }

    /** "To apply:" with a line per kind of change (nothing when there is nothing). */
    public static function work(work_list $work, bool $offline, ?int $limit): string
    {
        $labels = [
            'set_identifiers' => $offline ? 'identifiers, to the update file' : 'set identifiers in Moodle',
            'create_in_moodle' => $offline ? 'new Moodle users, to the upload file' : 'create in Moodle',
            'create_in_django' => 'create in Django',
            'suspend' => 'suspend in Moodle',
            'revive' => 'revive in Moodle',
            'delete' => 'delete from Moodle',
        ];
        $counts = $work->counts();
        $lines = [];
        foreach ($labels as $action => $label) {
            if (($counts[$action] ?? 0) > 0) {
                $lines[] = sprintf('  %-38s %6d', $label, $counts[$action]);
            }
        }
        if ($lines === []) {
            return '';
        }
        return 'To apply' . ($limit !== null ? " (at most $limit of each kind)" : '') . ":\n" . implode("\n", $lines) . "\n";
    }

    /** @param array{reason: string, message: string, moodle_ids: list<int>, django_ids: list<string>, email: ?string} $c */
    private static function conflictLine(array $c): string
    {
        $line = $c['reason'];
        $message = trim($c['message']);
        if ($message !== '') {
            $line .= ': ' . $message;
        }
        $ids = [];
        foreach (['moodle_ids' => 'Moodle', 'django_ids' => 'Django'] as $k => $side) {
            // Ids the message already names are not repeated.
            $list = array_values(array_filter(
                $c[$k],
                static fn (int|string $id): bool => !preg_match('/\b' . preg_quote((string) $id, '/') . '\b/', $message)
            ));
            if ($list !== []) {
                $more = count($list) > self::MAX_IDS ? sprintf(' +%d more', count($list) - self::MAX_IDS) : '';
                $ids[] = "$side " . implode(', ', array_slice($list, 0, self::MAX_IDS)) . $more;
            }
        }
        if ($ids !== []) {
            $line .= ' [' . implode('; ', $ids) . ']';
        }
        return Text::oneLine($line);
    }

    private static function fieldCounts(plan $plan): string
    {
        $parts = [];
        $fields = $plan->moodleupdates;
        ksort($fields);
        foreach ($fields as $field => $values) {
            if ($values !== []) {
                $parts[] = "$field " . count($values);
            }
        }
        return $parts === [] ? '' : '   (' . Text::oneLine(implode(', ', $parts)) . ')';
    }

    /** The identifier fields, for messages. */
    public static function idFields(): string
    {
        return implode(', ', moodle_side::ID_FIELDS);
    }
}
