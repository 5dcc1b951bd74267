// bpftool's answers for the seed program `hello` (xdp, id 10), as captured on this machine.
import {readFileSync} from 'node:fs';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8'));
const batch = fixture('batch-hello.json') as Array<{command: string[]; output: unknown}>;

export const helloAnswers: Record<string, unknown> = {
	...Object.fromEntries(batch.map(({command, output}) => [command.join(' '), output])),
	'prog dump jited id 10': {error: 'No libbfd support'},
	'cgroup tree': [],
	'perf show': [],
};

/** net show inside a namespace where hello is attached xdpgeneric to lo. */
export const helloNetnsAnswers: Record<string, unknown> = {'net show': fixture('net-show-netns.json')};

export const helloWithStats = fixture('prog-show-stats.json');
