// Turns key presses into keymap actions. While a text field has the keyboard, raw keys go to it.
import {useInput} from 'ink';
import {useRef} from 'react';
import {actionFor, keyName, type Action, type Binding} from '../ui/keymap.js';

type Handlers = {
	readonly bindings: readonly Binding[];
	readonly onAction: (action: Action) => void;
	/** When set, every key goes here instead (typing a filter). */
	readonly onText?: (name: string, input: string) => void;
};

export function useKeymap(handlers: Handlers): void {
	// Ink re-subscribes the input handler in an effect after each frame is drawn: a key pressed in
	// between would reach the previous render's handler (e.g. Enter on the first rows, seen as none).
	// A ref always holds this render's handlers.
	const latest = useRef(handlers);
	latest.current = handlers;
	useInput((input, key) => {
		const {bindings, onAction, onText} = latest.current;
		const name = keyName(input, key);
		if (onText && name !== 'ctrl+c') {
			onText(name, input);
			return;
		}

		const action = actionFor(name, bindings);
		if (action) onAction(action);
	});
}
