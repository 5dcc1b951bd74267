// The interactive monitor: polls the backend, keeps the UI state, routes keys to the current view.
import {Box, useApp} from 'ink';
import {Footer} from './components/Footer.js';
import {Header} from './components/Header.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {StatusLine} from './components/StatusLine.js';
import {useKeys} from './hooks/use-keymap.js';
import {useMonitor} from './hooks/use-monitor.js';
import {useTrace} from './hooks/use-trace.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useTimeline} from './hooks/use-timeline.js';
import {useUiStore} from './hooks/use-ui-store.js';
import {nextSort} from './model/table.js';
import type {Monitor} from './monitor/monitor.js';
import type {KeyPress} from './ui/key-tokens.js';
import {actionFor, hintText, sharedHints, type Action, type Hint} from './ui/keymap.js';
import {initialUiState, type UiState} from './ui/ui-state.js';
import {keymap as liveKeymap, timelineKeymap, viewByName} from './views/views.js';

type Props = {
	/** The headless core: it polls the backend and hands over models. */
	readonly monitor: Monitor;
	/** Where to start (--view, --map, --prog). */
	readonly start?: Partial<UiState>;
};

/** Lines that are not the view: header, status line, footer — and one spare so Ink never fills the screen. */
const chromeLines = 4;

export function App({monitor, start}: Props) {
	const {exit} = useApp();
	const {columns, rows: terminalRows} = useTerminalSize();
	const store = useUiStore(() => initialUiState(monitor.settings.intervalMs, start));
	const {ui, dispatch} = store;
	const view = viewByName(ui.view);
	const polling = useMonitor(monitor, {intervalMs: ui.intervalMs, paused: ui.paused, request: view.request(ui)});
	const bodyHeight = Math.max(1, terminalRows - chromeLines);
	const trace = useTrace(monitor.trace, view.readsTrace === true);
	const {backend} = monitor;
	const {timeline} = backend;
	const replay = useTimeline(timeline);
	const keymap = timeline ? timelineKeymap : liveKeymap;

	/** What a key acts on, from the state the keys before it left. */
	const rowsOf = (state: UiState) => {
		const shown = viewByName(state.view);
		const keys = shown.rowKeys(polling.model, state);
		const chosen = state.selected[state.view];
		return {view: shown, keys, selectedKey: chosen !== undefined && keys.includes(chosen) ? chosen : keys[0], sort: state.sorts[state.view] ?? shown.defaultSort};
	};

	const {selectedKey, keys: rowKeys} = rowsOf(ui);
	// The header counts what a filter leaves in the list it filters.
	const matching = ui.filter === '' ? undefined : ui.view === 'programs' ? {programs: rowKeys.length} : ui.view === 'maps' ? {maps: rowKeys.length} : undefined;

	function onAction(action: Action, ui: UiState) {
		const {view, keys, selectedKey, sort} = rowsOf(ui);
		const move = (delta: number) => dispatch({type: 'move', keys, delta});
		const acted = view.act?.(action, {ui, model: polling.model, selectedKey, trace, height: bodyHeight});
		if (typeof acted === 'object') dispatch(acted);
		if (acted) return;
		if (timeline && onTimelineAction(action)) return;
		if (action.startsWith('view:')) {
			dispatch({type: 'view', view: action.slice(5) as UiState['view']});
			return;
		}

		switch (action) {
			case 'quit':
				exit();
				return;
			case 'help':
				dispatch({type: 'help'});
				return;
			case 'up':
				return move(-1);
			case 'down':
				return move(1);
			case 'page-up':
				return move(-bodyHeight);
			case 'page-down':
				return move(bodyHeight);
			case 'home':
				return move(-keys.length);
			case 'end':
				return move(keys.length);
			case 'sort-next':
				if (view.columns && sort) dispatch({type: 'sort', sort: nextSort(view.columnsFor?.(polling.model) ?? view.columns, sort)});
				return;
			case 'sort-reverse':
				if (sort) dispatch({type: 'sort', sort: {...sort, descending: !sort.descending}});
				return;
			case 'filter':
				dispatch({type: 'filter-start'});
				return;
			case 'pause':
				dispatch({type: 'pause'});
				return;
			case 'faster':
				dispatch({type: 'interval', factor: 0.5});
				return;
			case 'slower':
				dispatch({type: 'interval', factor: 2});
				return;
			case 'refresh':
				monitor.refreshNow();
				return;
			case 'open': {
				const event = selectedKey === undefined ? undefined : view.open?.(selectedKey, ui);
				if (event) dispatch(event);
				return;
			}

			case 'back':
				if (ui.filter) dispatch({type: 'filter-end', keep: false});
				else dispatch({type: 'back'});
				return;
			case 'next-section':
				dispatch({type: 'section', delta: 1, count: view.sections ?? 1});
				return;
			case 'previous-section':
				dispatch({type: 'section', delta: -1, count: view.sections ?? 1});
		}
	}

	/** A replay moves through recorded time: pause plays, speed replaces the interval. */
	function onTimelineAction(action: Action): boolean {
		if (!timeline) return false;
		const step = (delta: number) => {
			timeline.setPlaying(false);
			timeline.seek(timeline.position + delta);
		};

		switch (action) {
			case 'pause':
				timeline.setPlaying(!timeline.playing);
				return true;
			case 'faster':
				timeline.setSpeed(timeline.speed * 2);
				return true;
			case 'slower':
				timeline.setSpeed(timeline.speed / 2);
				return true;
			case 'step-back':
				step(-1);
				return true;
			case 'step-forward':
				step(1);
				return true;
			case 'jump-start':
				timeline.seek(0);
				return true;
			case 'jump-end':
				timeline.seek(timeline.length - 1);
				return true;
			default:
				return false;
		}
	}

	function onFilterKey({name, text}: KeyPress) {
		if (name === 'return') dispatch({type: 'filter-end', keep: true});
		else if (name === 'escape') dispatch({type: 'filter-end', keep: false});
		else if (name === 'backspace') dispatch({type: 'filter-backspace'});
		else if (text !== '') dispatch({type: 'filter-type', text});
	}

	function onHelpKey({name}: KeyPress) {
		if (name === 'escape' || name === '?' || name === 'q' || name === 'f1') dispatch({type: 'help'});
	}

	// Each key applies to the state the keys before it left; the screen is drawn once after them.
	useKeys(keys =>
		store.batch(() => {
			for (const key of keys) {
				const current = store.current();
				const action = key.name === 'ctrl+c' ? 'quit' : current.filtering || current.help ? undefined : actionFor(key.name, keymap);
				if (action === 'quit') {
					exit();
					return;
				}

				if (current.filtering) onFilterKey(key);
				else if (current.help) onHelpKey(key);
				else if (action) onAction(action, current);
			}
		}),
	);

	const snapshot = polling.model?.snapshot;
	const shared = sharedHints(keymap);
	const viewHints = view.hints({ui, model: polling.model, trace, height: bodyHeight});
	// p: the view's own meaning (the trace follows), a replay plays, otherwise refreshing stops.
	const pauseHint: Hint[] = viewHints.some(hint => hint.action === 'pause')
		? []
		: [{action: 'pause', text: timeline ? (replay?.playing ? 'pause' : 'play') : ui.paused ? 'resume' : 'pause'}];
	const hints = [...shared.first, ...viewHints, ...pauseHint, ...shared.last];
	const Body = view.Component;
	return (
		<Box flexDirection="column" width={columns}>
			<Header
				backendLabel={backend.label}
				intervalMs={ui.intervalMs}
				programCount={snapshot?.programs.length}
				mapCount={snapshot?.maps.length}
				matching={matching}
				stats={backend.stats}
				paused={ui.paused}
				replay={replay}
				recording={monitor.recorder?.status}
				width={columns}
			/>
			<Box flexDirection="column" height={bodyHeight}>
				{ui.help ? (
					<HelpOverlay bindings={keymap} viewTitle={view.title} here={hintText(keymap, viewHints)} width={columns} height={bodyHeight} />
				) : (
					<Body model={polling.model} ui={ui} selectedKey={selectedKey} width={columns} height={bodyHeight} trace={trace} mapProgress={polling.mapProgress} />
				)}
			</Box>
			<StatusLine error={polling.error} notice={monitor.recorder?.status.stopped ?? replay?.damage ?? snapshot?.problems[0]} width={columns} />
			<Footer bindings={keymap} hints={hints} filter={ui.filter} filtering={ui.filtering} width={columns} />
		</Box>
	);
}
