// The Trace view's status line: following or paused, lines per second, lines, dropped, and the
// reminder that reading the pipe takes the lines away from anyone else.
import type {TraceState} from '../../hooks/use-trace.js';
import {formatCount, formatRate} from '../../model/format.js';
import type {TraceWindow} from '../../model/trace-log.js';

/** Said on screen because it surprises people: another `cat trace_pipe` would lose these lines. */
export const consumesNotice = 'reading trace_pipe consumes it: other readers miss these lines';

export function statusText(trace: TraceState, window: TraceWindow, filter: string): string {
	const {log} = trace;
	const where = window.following ? 'following' : `paused, ${formatCount(window.below)} newer below (End follows)`;
	const shown = filter ? `${formatCount(window.matching)} of ${formatCount(log.entries.length)} match` : `${formatCount(log.total)} lines`;
	return [where, `${formatRate(log.rate)} lines/s`, shown, `${formatCount(log.dropped)} dropped`, consumesNotice].join(' │ ');
}
