// The trace log for a view that shows it: opens the backend's trace source while `active`, drains
// it on a timer (one state update per tick, however many lines a burst brought), and closes it when
// the view goes away — reading the trace pipe consumes it, so it is read only while shown.
import {useEffect, useState} from 'react';
import type {Backend} from '../backends/backend.js';
import type {Clock} from '../clock/clock.js';
import {appendTrace, emptyTraceLog, scrollTrace, type TraceLog, type TraceMove, type TraceScroll} from '../model/trace-log.js';

export type TraceState = {
	readonly log: TraceLog;
	readonly scroll: TraceScroll;
	/** Moves the window over `rows` visible lines of the log filtered by `filter`. */
	move(move: TraceMove, rows: number, filter: string): void;
};

/** About one frame at the UI's pace: bursts are batched into one update this often. */
export const traceDrainMs = 100;

export function useTrace(backend: Backend, clock: Clock, active: boolean, drainMs = traceDrainMs): TraceState | undefined {
	const [state, setState] = useState<{log: TraceLog; scroll: TraceScroll} | undefined>(undefined);
	const nowMs = () => Number(clock.nowNs() / 1000n) / 1000;

	useEffect(() => {
		if (!active) {
			setState(undefined);
			return;
		}

		const source = backend.openTrace();
		setState({log: emptyTraceLog(nowMs()), scroll: {}});
		const drain = () => {
			const chunk = source.take();
			setState(previous => {
				if (!previous) return previous;
				const log = appendTrace(previous.log, chunk, nowMs());
				return log === previous.log ? previous : {...previous, log};
			});
		};

		drain();
		const timer = setInterval(drain, drainMs);
		return () => {
			clearInterval(timer);
			void source.close();
		};
	}, [backend, clock, active, drainMs]);

	if (!state) return undefined;
	return {
		...state,
		move(move, rows, filter) {
			setState(previous => (previous ? {...previous, scroll: scrollTrace(previous.log, filter, previous.scroll, move, rows)} : previous));
		},
	};
}
