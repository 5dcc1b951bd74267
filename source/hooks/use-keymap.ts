// Turns key presses into keymap actions. While a text field has the keyboard, raw keys go to it.
import {useInput} from 'ink';
import {useCallback, useRef} from 'react';
import {actionFor, keyName, type Action, type Binding} from '../ui/keymap.js';

type Handlers = {
	readonly bindings: readonly Binding[];
	readonly onAction: (action: Action) => void;
	/** When set, every key goes here instead (typing a filter). */
	readonly onText?: (name: string, input: string) => void;
};

export function useKeymap(handlers: Handlers): void {
	// One stable subscription that always calls the latest handlers: keys typed right after a
	// mode change (pressing `/` then typing) must reach the new mode, not the old closure.
	const latest = useRef(handlers);
	latest.current = handlers;
	const onInput = useCallback((input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]) => {
		const {bindings, onAction, onText} = latest.current;
		const name = keyName(input, key);
		if (onText && name !== 'ctrl+c') {
			onText(name, input);
			return;
		}

		const action = actionFor(name, bindings);
		if (action) onAction(action);
	}, []);
	useInput(onInput);
}
