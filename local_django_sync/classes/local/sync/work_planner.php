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


namespace local_django_sync\local\sync;

/**
 * What an apply will do: the work a plan implies under the options, in order, each kind cut to the limit and to a
 * page's selection ({@see work_list} holds the order).
 *
 * @package    local_django_sync
 * @copyright  2026 mdsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class work_planner {
    /** @var moodle_side */
    private moodle_side $moodle;
    /** @var options */
    private options $options;
    /** @var user_index what is known of each Moodle user, to name them */
    private user_index $index;

    /**
     * Constructor.
     *
     * @param moodle_side $moodle
     * @param options $options
     * @param user_index $index the engine's, filled while the plan is made
     */
    public function __construct(moodle_side $moodle, options $options, user_index $index) {
        $this->moodle = $moodle;
        $this->options = $options;
        $this->index = $index;
    }

    /**
     * The work a plan implies under these options, in order, each kind cut to the limit.
     *
     * @param plan $plan
     * @return work_list
     * @throws input_error when the options ask for what the Moodle side cannot do
     */
    public function work(plan $plan): work_list {
        $o = $this->options;
        $selm = $o->selectmoodle === null ? null : array_flip($o->selectmoodle);
        $seld = $o->selectdjango === null ? null : array_flip($o->selectdjango);
        $wanted = array_flip($o->only);
        /** @var list<work_item> $items */
        $items = [];

        if (isset($wanted['identifiers'])) {
            $this->require_support('set_identifiers', 'identifiers');
            $list = [];
            foreach ($plan->updates_by_user() as $mid => $fields) {
                if ($selm === null || isset($selm[$mid])) {
                    $list[] = new work_item('set_identifiers', $mid, $plan->both[$mid] ?? ($fields['djangoid'] ?? null),
                        $this->index->label($mid), ['fields' => $fields]);
                }
            }
            $items = array_merge($items, $this->take($list));
        }
        if (isset($wanted['to-moodle'])) {
            $this->require_support('create_in_moodle', 'to-moodle');
            $list = [];
            foreach ($plan->onlyindjango as $record) {
                $did = is_string($record['djangoid'] ?? null) ? $record['djangoid'] : '';
                if ($seld === null || isset($seld[$did])) {
                    $list[] = new work_item('create_in_moodle', null, $did, work_item::label_of($record), ['record' => $record]);
                }
            }
            $items = array_merge($items, $this->take($list));
        }
        if (isset($wanted['to-django'])) {
            $this->require_support('set_identifiers', 'to-django');
            $list = [];
            foreach ($plan->onlyinmoodle as $record) {
                $mid = is_int($record['id'] ?? null) ? $record['id'] : 0;
                if ($selm === null || isset($selm[$mid])) {
                    $list[] = new work_item('create_in_django', $mid, null, work_item::label_of($record), ['record' => $record]);
                }
            }
            if ($list !== [] && !$o->allowunappliedscope) {
                $this->require_scope_applied($plan);
            }
            $items = array_merge($items, $this->take($list));
        }
        if (isset($wanted['suspend'])) {
            $this->require_support('suspend', 'suspend');
            $list = [];
            foreach ($plan->tosuspend as $mid => $s) {
                if ($selm === null || isset($selm[$mid])) {
                    $list[] = new work_item('suspend', $mid, $s['django_id'], $this->index->label($mid), ['reason' => $s['reason']]);
                }
            }
            $items = array_merge($items, $this->take($list));
            $list = [];
            foreach ($plan->torevive as $mid => $did) {
                if ($selm === null || isset($selm[$mid])) {
                    $list[] = new work_item('revive', $mid, $did, $this->index->label($mid),
                        ['suspended_at' => $this->index->suspended_at($mid)]);
                }
            }
            $items = array_merge($items, $this->take($list));
            if ($o->deleteafterdays !== null) {
                $list = [];
                foreach ($plan->todelete as $mid => $reason) {
                    if ($selm === null || isset($selm[$mid])) {
                        $list[] = new work_item('delete', $mid, null, $this->index->label($mid), ['reason' => $reason]);
                    }
                }
                $items = array_merge($items, $this->take($list));
            }
        }
        return new work_list($items);
    }

    /**
     * A kind of work cut to the limit.
     *
     * @param list<work_item> $list
     * @return list<work_item>
     */
    private function take(array $list): array {
        return $this->options->limit === null ? $list : array_slice($list, 0, $this->options->limit);
    }

    /**
     * Refuses to push Moodle users to Django while a scope rule that keeps Moodle users out could not be applied to
     * some of them: without a siteadmin fact the site admin would be created in Django.
     *
     * @param plan $plan
     * @throws input_error naming the rules, their facts and what to do
     */
    private function require_scope_applied(plan $plan): void {
        $notapplied = is_array($plan->scope['not_applied'] ?? null) ? $plan->scope['not_applied'] : [];
        $missing = [];
        foreach ($notapplied as $rule => $why) {
            // django_include keeps Django users out of Moodle: not the direction pushed here.
            if ($rule === 'django_include' || !is_array($why)) {
                continue;
            }
            $fact = is_string($why['fact'] ?? null) ? $why['fact'] : (string)$rule;
            $records = is_int($why['records'] ?? null) ? $why['records'] : 0;
            $missing[] = sprintf("%s (%d users lack '%s')", $rule, $records, $fact);
        }
        if ($missing !== []) {
            throw new input_error(sprintf('to-django: refusing to create Moodle users in Django while scope rules '
                . 'could not be applied to them: %s. Accounts those rules keep out (the site admin, a service account) '
                . 'would be pushed. Give the Moodle side those facts (a CSV: add the columns; or use the site '
                . 'itself), or allow it explicitly (allow_unapplied_scope; on the command line '
                . '--allow-unapplied-scope)', implode(', ', $missing)));
        }
    }

    /**
     * Refuses work the Moodle side cannot do.
     *
     * @param string $action
     * @param string $category
     * @throws input_error
     */
    private function require_support(string $action, string $category): void {
        if (!$this->moodle->supports($action)) {
            throw new input_error(sprintf('%s: %s cannot %s', $category, $this->moodle->describe(),
                work_item::ACTIONS[$action][1]));
        }
    }
}
