// The trace log for a view that shows it: opens the core's trace feed while `active` (it drains on a
// timer, one state update per tick however many lines a burst brought) and closes it when the view
// goes away, since reading the trace pipe consumes it. The log and its counters stay in the core.
import {useEffect, useState} from 'react';
import type {TraceFeed} from '../monitor/trace-feed.js';
import {scrollTrace, type TraceLog, type TraceMove, type TraceScroll} from '../model/trace-log.js';

export type TraceState = {
	readonly log: TraceLog;
	readonly scroll: TraceScroll;
	/** Moves the window over `rows` visible lines of the log filtered by `filter`. */
	move(move: TraceMove, rows: number, filter: string): void;
};

/** About one frame at the UI's pace: bursts are batched into one update this often. */
export const traceDrainMs = 100;

export function useTrace(feed: TraceFeed, active: boolean, drainMs = traceDrainMs): TraceState | undefined {
	const [log, setLog] = useState<TraceLog | undefined>(undefined);
	const [scroll, setScroll] = useState<TraceScroll>({});

	useEffect(() => {
		if (!active) return;
		const unsubscribe = feed.subscribe(setLog);
		feed.open({drainEveryMs: drainMs});
		setLog(feed.log);
		return () => {
			unsubscribe();
			void feed.close();
			// Coming back must not show, for a frame, the log as it was when the view was left.
			setLog(undefined);
		};
	}, [feed, active, drainMs]);

	if (!active || !log) return undefined;
	return {
		log,
		scroll,
		move(move, rows, filter) {
			setScroll(previous => scrollTrace(log, filter, previous, move, rows));
		},
	};
}
