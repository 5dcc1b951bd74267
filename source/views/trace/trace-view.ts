// The Trace view as the App sees it: it reads the trace pipe while shown, and its scrolling keys
// move the log's window instead of a selection.
import type {TraceMove} from '../../model/trace-log.js';
import type {Action} from '../../ui/keymap.js';
import type {ViewDefinition} from '../view.js';
import {traceRows} from '../../present/trace/trace-columns.js';
import {TraceView} from './TraceView.js';

const moves: Partial<Record<Action, TraceMove>> = {
	up: 'up',
	down: 'down',
	'page-up': 'page-up',
	'page-down': 'page-down',
	home: 'home',
	end: 'end',
	pause: 'toggle-follow',
};

export const traceView: ViewDefinition = {
	name: 'trace',
	title: 'Trace',
	key: '4',
	readsTrace: true,
	request: () => ({}),
	rowKeys: () => [],
	act(action, {trace, ui, height}) {
		const move = moves[action];
		if (move === undefined) return false;
		trace?.move(move, traceRows(height), ui.filter);
		return true;
	},
	hints: ({trace}) => [
		{action: 'up', text: 'scroll'},
		{action: 'pause', text: trace?.scroll.anchor === undefined ? 'pause' : 'follow'},
		{action: 'filter', text: 'filter'},
	],
	Component: TraceView,
};
