// The interactive monitor: polls the backend, keeps the UI state, routes keys, picks the view.
import {Box, useApp} from 'ink';
import {useReducer} from 'react';
import type {Backend} from './backends/backend.js';
import type {Clock} from './clock/clock.js';
import {Footer} from './components/Footer.js';
import {Header} from './components/Header.js';
import {HelpOverlay} from './components/HelpOverlay.js';
import {StatusLine} from './components/StatusLine.js';
import {useKeymap} from './hooks/use-keymap.js';
import {usePolling} from './hooks/use-polling.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {moveSelection, nextSort} from './model/table.js';
import {keymap, type Action} from './ui/keymap.js';
import {initialUiState, uiReducer} from './ui/ui-state.js';
import {programColumns, defaultProgramSort} from './views/programs/program-columns.js';
import {programTable} from './views/programs/program-table.js';
import {ProgramsView, programKey} from './views/programs/ProgramsView.js';

type Props = {
	readonly backend: Backend;
	readonly clock: Clock;
	readonly intervalMs: number;
};

/** Lines that are not the table: header, status line, footer — and one spare so Ink never fills the screen. */
const chromeLines = 4;

export function App({backend, clock, intervalMs}: Props) {
	const {exit} = useApp();
	const {columns, rows: terminalRows} = useTerminalSize();
	const [ui, dispatch] = useReducer(uiReducer, initialUiState(intervalMs, {programs: defaultProgramSort}));
	const polling = usePolling({backend, clock, intervalMs: ui.intervalMs, paused: ui.paused, request: {}});
	const bodyHeight = Math.max(1, terminalRows - chromeLines);

	const sort = ui.sorts.programs;
	const rows = programTable(polling.model, sort, ui.filter);
	const keys = rows.map(programKey);
	const selected = keys.includes(ui.selected.programs ?? '') ? ui.selected.programs : keys[0];

	function onAction(action: Action) {
		const move = (delta: number) => dispatch({type: 'select', key: moveSelection(keys, selected, delta)});
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
				dispatch({type: 'sort', sort: nextSort(programColumns, sort)});
				return;
			case 'sort-reverse':
				dispatch({type: 'sort', sort: {...sort, descending: !sort.descending}});
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
				polling.refreshNow();
		}
	}

	function onFilterKey(name: string, input: string) {
		if (name === 'return') dispatch({type: 'filter-end', keep: true});
		else if (name === 'escape') dispatch({type: 'filter-end', keep: false});
		else if (name === 'backspace') dispatch({type: 'filter-text', text: ui.filter.slice(0, -1)});
		else if (input.length === 1 && input >= ' ') dispatch({type: 'filter-text', text: ui.filter + input});
	}

	function onHelpKey(name: string) {
		if (name === 'escape' || name === '?' || name === 'q' || name === 'f1') dispatch({type: 'help'});
	}

	useKeymap({
		bindings: keymap,
		onAction,
		onText: ui.filtering ? onFilterKey : ui.help ? onHelpKey : undefined,
	});

	const snapshot = polling.model?.snapshot;
	return (
		<Box flexDirection="column" width={columns}>
			<Header
				backendLabel={backend.label}
				intervalMs={ui.intervalMs}
				programCount={snapshot?.programs.length}
				mapCount={snapshot?.maps.length}
				stats={backend.stats}
				paused={ui.paused}
				width={columns}
			/>
			{ui.help ? (
				<HelpOverlay bindings={keymap} width={columns} height={bodyHeight} />
			) : (
				<ProgramsView rows={rows} selectedKey={selected} sort={sort} width={columns} height={bodyHeight} />
			)}
			<StatusLine error={polling.error} notice={snapshot?.problems[0]} width={columns} />
			<Footer bindings={keymap} filter={ui.filter} filtering={ui.filtering} width={columns} />
		</Box>
	);
}
