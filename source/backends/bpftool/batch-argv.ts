// The program and argument array that start one batch. A namespace is entered with nsenter, which
// changes only the network namespace: `ip netns exec` would also remount /sys, hiding pinned paths
// and the cgroup tree.
import type {RunScope} from '../backend.js';
import {netnsPath} from './netns.js';

export function batchArgv(bpftool: string, scope: RunScope = {}): {file: string; args: string[]} {
	const args = ['-j', ...(scope.pinned ? ['-f'] : []), 'batch', 'file', '-'];
	if (scope.netns === undefined) return {file: bpftool, args};
	return {file: 'nsenter', args: [`--net=${netnsPath(scope.netns)}`, '--', bpftool, ...args]};
}
