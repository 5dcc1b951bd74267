// Keys are data: one list of bindings (key → action → help text). The footer hints and the `?`
// help overlay are both generated from it, so they cannot disagree with what the keys do.
import type {ViewName} from './ui-state.js';

export type Action =
	| 'quit'
	| 'up'
	| 'down'
	| 'page-up'
	| 'page-down'
	| 'home'
	| 'end'
	| 'sort-next'
	| 'sort-reverse'
	| 'filter'
	| 'help'
	| 'pause'
	| 'faster'
	| 'slower'
	| 'refresh'
	| 'open'
	| 'back'
	| 'next-section'
	| 'previous-section'
	| 'hex'
	| 'step-back'
	| 'step-forward'
	| 'jump-start'
	| 'jump-end'
	| `view:${ViewName}`;

export type Binding = {
	/** Key names as keyName() gives them. */
	readonly keys: readonly string[];
	/** How the key is written in hints and help. */
	readonly label: string;
	readonly action: Action;
	readonly help: string;
	/** Short text for the footer wherever the key does the same (quit, help, the view keys); the rest come from the view shown. */
	readonly hint?: string;
};

/** One footer hint: an action and what it does here (`Enter values`, `p resume`). The key's label comes from the keymap. */
export type Hint = {readonly action: Action; readonly text: string};

export const baseKeymap: readonly Binding[] = [
	{keys: ['q', 'ctrl+c'], label: 'q', action: 'quit', help: 'Quit (also Ctrl-C)', hint: 'quit'},
	{keys: ['?', 'f1'], label: '?', action: 'help', help: 'Show or hide this help', hint: 'help'},
	{keys: ['return'], label: 'Enter', action: 'open', help: 'Open the selected row (program detail, map values); in the value table, show per-CPU values'},
	{keys: ['escape'], label: 'Esc', action: 'back', help: 'Go back to the previous view'},
	{keys: ['tab'], label: 'Tab', action: 'next-section', help: 'Next section of a detail view'},
	{keys: ['shift+tab'], label: 'S-Tab', action: 'previous-section', help: 'Previous section of a detail view'},
	{keys: ['up', 'k'], label: '↑/k', action: 'up', help: 'Move the selection up'},
	{keys: ['down', 'j'], label: '↓/j', action: 'down', help: 'Move the selection down'},
	{keys: ['pageup'], label: 'PgUp', action: 'page-up', help: 'Up one page'},
	{keys: ['pagedown'], label: 'PgDn', action: 'page-down', help: 'Down one page'},
	{keys: ['home', 'g'], label: 'Home/g', action: 'home', help: 'First row'},
	{keys: ['end', 'G'], label: 'End/G', action: 'end', help: 'Last row'},
	{keys: ['s', '>'], label: 's', action: 'sort-next', help: 'Sort by the next column'},
	{keys: ['r', '<'], label: 'r', action: 'sort-reverse', help: 'Reverse the sort order'},
	{keys: ['/'], label: '/', action: 'filter', help: 'Filter rows by text (Enter keeps, Esc clears)'},
	{keys: ['p', ' '], label: 'p', action: 'pause', help: 'Pause or resume refreshing (Trace view: following new lines)'},
	{keys: ['+', '='], label: '+', action: 'faster', help: 'Refresh faster (halve the interval)'},
	{keys: ['-', '_'], label: '-', action: 'slower', help: 'Refresh slower (double the interval)'},
	{keys: ['ctrl+l'], label: 'Ctrl-L', action: 'refresh', help: 'Refresh now'},
	{keys: ['x'], label: 'x', action: 'hex', help: 'Value table: keys and values as hex bytes, or as text and numbers'},
];

/**
 * A replay's own keys (a backend with a timeline). `p`, `+` and `-` keep their bindings: the App
 * turns pause into play/pause and faster/slower into the replay's speed.
 */
export const timelineKeymap: readonly Binding[] = [
	{keys: ['left', ','], label: '←/,', action: 'step-back', help: 'Replay: one refresh back (pauses)', hint: 'back'},
	{keys: ['right', '.'], label: '→/.', action: 'step-forward', help: 'Replay: one refresh forward (pauses)', hint: 'fwd'},
	{keys: ['['], label: '[', action: 'jump-start', help: 'Replay: jump to the first refresh'},
	{keys: [']'], label: ']', action: 'jump-end', help: 'Replay: jump to the last refresh'},
];

/** The footer's text: `label text` for each hint whose action has a key, in order. */
export function hintText(bindings: readonly Binding[], hints: readonly Hint[]): string {
	return hints.flatMap(hint => {
		const binding = bindings.find(candidate => candidate.action === hint.action);
		return binding ? [`${binding.label} ${hint.text}`] : [];
	}).join('  ');
}

/** The footer's hints in every view, from the bindings that carry one: quit and help go first, the rest (a replay's steps, the view keys) last. */
export function sharedHints(bindings: readonly Binding[]): {first: Hint[]; last: Hint[]} {
	const hints = bindings.flatMap(binding => (binding.hint === undefined ? [] : [{action: binding.action, text: binding.hint}]));
	const first = (hint: Hint) => hint.action === 'quit' || hint.action === 'help';
	return {first: hints.filter(first), last: hints.filter(hint => !first(hint))};
}

export function actionFor(name: string, bindings: readonly Binding[]): Action | undefined {
	return bindings.find(binding => binding.keys.includes(name))?.action;
}

/** The whole keymap: the fixed keys, a replay's keys when there is a timeline, then one key per top-level view. */
export function buildKeymap(views: ReadonlyArray<{readonly name: ViewName; readonly title: string; readonly key?: string}>, options: {readonly timeline?: boolean} = {}): Binding[] {
	const viewBindings = views.flatMap(view =>
		view.key ? [{keys: [view.key], label: view.key, action: `view:${view.name}` as const, help: `${view.title} view`, hint: view.title.toLowerCase()}] : [],
	);
	return [...baseKeymap, ...(options.timeline ? timelineKeymap : []), ...viewBindings];
}
