// ink-testing-library fixes columns at 100 and leaves rows undefined: give the app a real size.
import type {EventEmitter} from 'node:events';
import type {ReactElement} from 'react';
import {render} from 'ink-testing-library';

export function renderSized(element: ReactElement, size = {columns: 100, rows: 30}) {
	const instance = render(element);
	resize(instance, size);
	return instance;
}

export function resize(instance: ReturnType<typeof render>, size: {columns: number; rows: number}) {
	Object.defineProperty(instance.stdout, 'columns', {value: size.columns, configurable: true});
	Object.defineProperty(instance.stdout, 'rows', {value: size.rows, configurable: true});
	(instance.stdout as unknown as EventEmitter).emit('resize');
}

export const wait = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** Waits until the last frame matches. */
export async function frameMatching(instance: {lastFrame(): string | undefined}, pattern: RegExp, timeoutMs = 3000): Promise<string> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const frame = instance.lastFrame() ?? '';
		if (pattern.test(frame)) return frame;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; last frame:\n${frame}`);
		await wait(10);
	}
}
