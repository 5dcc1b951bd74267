// Real-kernel load for the bench: N copies of test/bpf/hello.bpf.c (one program and one .bss map
// each), pinned under one directory of our own. Removing the directory unloads them all.
import {execFile} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {compileBpf, kernelSkipReason} from '../test/helpers/kernel.js';
import {onCleanup} from './cleanup.js';

const run = promisify(execFile);

export type LoadedSet = {
	readonly count: number;
	/** Loads more copies until there are `total`. */
	growTo(total: number): Promise<void>;
	/** Loads one copy and removes one copy, again and again, until stop() (the soak's churn). */
	churn(everyMs: number): {stop(): Promise<number>};
	/**
	 * Runs one loaded program after another through BPF_PROG_TEST_RUN (`bpftool prog run`), a
	 * different number of times each, so run counts and rates change between refreshes as on a busy
	 * machine. Without it nothing on screen changes and the monitor writes nothing.
	 */
	activity(everyMs: number): {stop(): Promise<number>};
	remove(): void;
};

export function kernelUnavailable(): string | undefined {
	return kernelSkipReason();
}

export function createLoadedSet(): LoadedSet {
	const object = compileBpf('hello');
	const dir = `/sys/fs/bpf/bpftop-bench-${process.pid}`;
	mkdirSync(dir, {recursive: true});
	const remove = () => rmSync(dir, {recursive: true, force: true});
	// XDP test runs need at least an Ethernet header of input.
	const packet = join(tmpdir(), `bpftop-bench-${process.pid}.packet`);
	writeFileSync(packet, Buffer.alloc(64));
	const pins: string[] = [];
	const forget = onCleanup(() => {
		rmSync(packet, {force: true});
		remove();
	});
	let next = 0;
	let count = 0;

	const loadOne = async () => {
		const pin = `${dir}/p${next++}`;
		await run('bpftool', ['prog', 'load', object, pin]);
		count++;
		return pin;
	};

	return {
		get count() {
			return count;
		},
		async growTo(total) {
			// A few loads at once: bpftool spends most of its time in the verifier, one CPU each.
			let claimed = count;
			const workers = Array.from({length: 4}, async () => {
				while (claimed < total) {
					claimed++;
					pins.push(await loadOne());
				}
			});
			await Promise.all(workers);
		},
		churn(everyMs) {
			let stopped = false;
			let cycles = 0;
			const loop = (async () => {
				while (!stopped) {
					const pin = await loadOne().catch(() => undefined);
					await new Promise(resolve => setTimeout(resolve, everyMs));
					if (pin) {
						rmSync(pin, {force: true});
						count--;
					}

					cycles++;
					await new Promise(resolve => setTimeout(resolve, everyMs));
				}
			})();
			return {
				async stop() {
					stopped = true;
					await loop;
					return cycles;
				},
			};
		},
		activity(everyMs) {
			let stopped = false;
			let runs = 0;
			const loop = (async () => {
				for (let index = 0; !stopped; index++) {
					const pin = pins[(index * 7) % Math.max(1, pins.length)];
					const repeat = String(1 + ((index * 37) % 500));
					if (pin) await run('bpftool', ['prog', 'run', 'pinned', pin, 'data_in', packet, 'repeat', repeat]).catch(() => undefined);
					runs++;
					await new Promise(resolve => setTimeout(resolve, everyMs));
				}
			})();
			return {
				async stop() {
					stopped = true;
					await loop;
					return runs;
				},
			};
		},
		remove() {
			rmSync(packet, {force: true});
			remove();
			forget();
			count = 0;
		},
	};
}
