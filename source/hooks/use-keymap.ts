// Turns key presses into keymap actions. While a text field has the keyboard, raw keys go to it.
import {useInput} from 'ink';
import {actionFor, keyName, type Action, type Binding} from '../ui/keymap.js';

type Handlers = {
	readonly bindings: readonly Binding[];
	readonly onAction: (action: Action) => void;
	/** When set, every key goes here instead (typing a filter). */
	readonly onText?: (name: string, input: string) => void;
};

export function useKeymap({bindings, onAction, onText}: Handlers): void {
	useInput((input, key) => {
		const name = keyName(input, key);
		if (onText && name !== 'ctrl+c') {
			onText(name, input);
			return;
		}

		// Keys that arrive together (typed ahead while busy, or over a slow link) come as one string:
		// each is a key of its own.
		const names = name === input && input.length > 1 && !key.ctrl && !key.meta ? [...input] : [name];
		for (const each of names) {
			const action = actionFor(each, bindings);
			if (action) onAction(action);
		}
	});
}
