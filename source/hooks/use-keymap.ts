// Reads the keyboard: every key of every read, in order. Ink reads stdin (in raw mode, while a
// component asks for it) and every chunk its read() returns is also a 'data' event: the keys are
// cut from those here, so keys typed together (jjjj, a paste, Tab Tab) and escape sequences packed
// into or split across reads each count. Ink's own useInput would hand them over as one string.
import {useStdin} from 'ink';
import {useEffect, useRef} from 'react';
import {createKeyDecoder, type KeyPress} from '../ui/key-tokens.js';

/** `onKeys` gets the keys of one read together, so it can apply them one by one and draw once. */
export function useKeys(onKeys: (keys: readonly KeyPress[]) => void): void {
	const {stdin, setRawMode, isRawModeSupported} = useStdin();
	// One subscription that always calls the latest handler.
	const latest = useRef(onKeys);
	latest.current = onKeys;
	useEffect(() => {
		if (!isRawModeSupported) return;
		// Raw mode also makes Ink listen for 'readable' and read, which is what emits 'data'.
		setRawMode(true);
		const decoder = createKeyDecoder(keys => latest.current(keys));
		const onData = (data: string | Buffer) => decoder.push(typeof data === 'string' ? data : data.toString('utf8'));
		stdin.on('data', onData);
		return () => {
			stdin.off('data', onData);
			decoder.close();
			setRawMode(false);
		};
	}, [stdin, setRawMode, isRawModeSupported]);
}
