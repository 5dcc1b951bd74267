// --listen without a screen and without an output asked for: the monitor runs and serves /metrics
// until stopped; what goes wrong (a refresh failing, a host going down) is said on stderr once per change.
import {hostProblems} from '../model/hosts.js';
import type {Monitor} from '../monitor/monitor.js';

export type HeadlessIo = {warn(text: string): void};

export async function runHeadless(monitor: Monitor, io: HeadlessIo): Promise<number> {
	let said = '';
	const say = (lines: readonly string[]) => {
		const text = lines.join('\n');
		if (text !== said && text !== '') for (const line of lines) io.warn(`bpftop-ts: ${line}`);
		said = text;
	};

	const unsubscribe = monitor.subscribe(event => {
		if (event.type === 'error') say([event.error.message]);
		else say(hostProblems(event.model.hosts ?? []));
	});
	try {
		await monitor.done;
	} finally {
		unsubscribe();
	}

	return 0;
}
