// Named network namespaces are the files `ip netns add` creates in /run/netns (what `ip netns list`
// shows). A name is checked before anything runs, so a typo is one clear line, not a failed refresh.
import {readdirSync, statSync} from 'node:fs';
import {join} from 'node:path';

export const netnsDir = '/run/netns';

/** A plain file name: no path separators, no `.`/`..`, nothing a shell or nsenter could misread. */
const plainName = /^[\w.+-]+$/;

export function netnsPath(name: string, dir = netnsDir): string {
	if (!plainName.test(name) || name === '.' || name === '..') throw new Error(`invalid network namespace name ${JSON.stringify(name)}`);
	return join(dir, name);
}

export function netnsNames(dir = netnsDir): string[] {
	try {
		return readdirSync(dir).sort();
	} catch {
		return [];
	}
}

/** Undefined when the namespace exists; otherwise the line to print. */
export function netnsProblem(name: string, dir = netnsDir): string | undefined {
	if (!plainName.test(name) || name === '.' || name === '..') return `--netns: "${name}" is not a network namespace name`;
	try {
		statSync(join(dir, name));
		return undefined;
	} catch {
		const known = netnsNames(dir);
		const list = known.length > 0 ? `known: ${known.join(', ')}` : 'there are none (ip netns list)';
		return `--netns: no network namespace named "${name}" in ${dir} (${list})`;
	}
}
