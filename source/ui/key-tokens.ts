// Terminal input → key presses. One read can hold many keys (typing fast, key repeat, a paste,
// `tmux send-keys jjjj`) and an escape sequence can be packed among them or split across reads, so
// the bytes are cut into keys here, each one named as the keymap names them. Pure; the decoder at
// the end adds the one timer a lone Esc needs.

export type KeyPress = {
	/** 'q', 'G', ' ', 'up', 'pagedown', 'shift+tab', 'ctrl+c', 'escape', 'return', 'f1' … ('' when unknown). */
	readonly name: string;
	/** What the key types: the character itself for printable keys, '' otherwise. */
	readonly text: string;
};

export type Tokens = {
	readonly keys: KeyPress[];
	/** A trailing escape sequence that may still be completed by the next read. */
	readonly pending: string;
};

const escape = '\u001B';

const key = (name: string, text = ''): KeyPress => ({name, text});

/** CSI and SS3 final bytes → key names (xterm, VT220, rxvt, the Linux console). */
const finals: Readonly<Record<string, string>> = {A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', E: 'clear', P: 'f1', Q: 'f2', R: 'f3', S: 'f4', Z: 'shift+tab'};
/** `CSI n ~` → key names. */
const tildes: Readonly<Record<string, string>> = {
	1: 'home', 2: 'insert', 3: 'delete', 4: 'end', 5: 'pageup', 6: 'pagedown', 7: 'home', 8: 'end',
	11: 'f1', 12: 'f2', 13: 'f3', 14: 'f4', 15: 'f5', 17: 'f6', 18: 'f7', 19: 'f8', 20: 'f9', 21: 'f10', 23: 'f11', 24: 'f12',
};
/** The Linux console's F1–F5: `CSI [ A` … `CSI [ E`. */
const consoleFunctionKeys: Readonly<Record<string, string>> = {A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5'};

/** xterm's modifier parameter (1 + shift·1 + alt·2 + ctrl·4) as a name prefix. */
function modifiers(parameter: string | undefined): string {
	const bits = Number(parameter ?? '1') - 1;
	if (!Number.isInteger(bits) || bits <= 0) return '';
	return `${bits & 4 ? 'ctrl+' : ''}${bits & 2 ? 'alt+' : ''}${bits & 1 ? 'shift+' : ''}`;
}

function controlKey(code: number): KeyPress {
	if (code === 0x0d || code === 0x0a) return key('return');
	if (code === 0x09) return key('tab');
	if (code === 0x7f || code === 0x08) return key('backspace');
	if (code === 0x00) return key('ctrl+space');
	if (code <= 0x1a) return key(`ctrl+${String.fromCharCode(code + 0x60)}`);
	// 0x1c–0x1f: Ctrl-\ ] ^ _; C1 controls (U+0080–U+009F) type nothing either.
	return key('');
}

/** Where an escape sequence starting at `start` ends (exclusive), 'pending' when the data stops inside it, or undefined when it is no sequence. */
function sequenceEnd(data: string, start: number): number | 'pending' | undefined {
	const introducer = data[start + 1];
	if (introducer === undefined) return 'pending';
	if (introducer === 'O') return start + 2 < data.length ? start + 3 : 'pending';
	if (introducer !== '[') return undefined;
	let index = start + 2;
	// The Linux console's function keys: ESC [ [ A.
	if (data[index] === '[') return index + 1 < data.length ? index + 2 : 'pending';
	for (; index < data.length; index++) {
		const code = data.charCodeAt(index);
		if (code >= 0x20 && code <= 0x3f) continue; // parameter and intermediate bytes
		if (code >= 0x40 && code <= 0x7e) return index + 1; // the final byte
		return undefined;
	}

	return 'pending';
}

function sequenceKey(sequence: string): KeyPress {
	if (sequence[1] === 'O') return key(finals[sequence[2]!] ?? '');
	if (sequence[2] === '[') return key(consoleFunctionKeys[sequence[3]!] ?? '');
	const final = sequence.at(-1)!;
	const parameters = sequence.slice(2, -1).split(';');
	if (final === '~') {
		const name = tildes[parameters[0] ?? ''];
		return key(name ? modifiers(parameters[1]) + name : '');
	}

	// `CSI 1;5A` is Ctrl-Up; a private or unknown sequence (mouse, paste markers, a cursor position
	// report such as `CSI 12;40R`) is no key.
	const name = /^(1(;\d+)?)?$/.test(sequence.slice(2, -1)) ? finals[final] : undefined;
	if (name === undefined) return key('');
	return key(name === 'shift+tab' ? name : modifiers(parameters[1]) + name);
}

/**
 * Cuts `data` into key presses, in order. A trailing sequence that the next read may complete is
 * returned as `pending`; with `flush` (no more bytes came in time) it is taken as typed: a lone Esc
 * is the Esc key. Esc followed by anything that starts no sequence is Esc, then that key: nothing
 * here is bound to Alt, and an Esc typed ahead of other keys must count.
 */
export function tokenizeKeys(data: string, flush = false): Tokens {
	const keys: KeyPress[] = [];
	let index = 0;
	while (index < data.length) {
		const code = data.codePointAt(index)!;
		if (code === 0x1b) {
			const end = sequenceEnd(data, index);
			if (end === 'pending' && !flush) return {keys, pending: data.slice(index)};
			if (typeof end === 'number') {
				keys.push(sequenceKey(data.slice(index, end)));
				index = end;
				continue;
			}

			keys.push(key('escape'));
			index++;
			continue;
		}

		const character = String.fromCodePoint(code);
		keys.push(code < 0x20 || (code >= 0x7f && code <= 0x9f) ? controlKey(code) : key(character, character));
		index += character.length;
	}

	return {keys, pending: ''};
}

/** How long a lone Esc waits for the rest of a sequence (htop waits 25 ms, vim's ttimeout 100 ms). */
export const escapeWaitMs = 40;

export type KeyDecoder = {
	/** Feeds one read; calls `onKeys` with the keys it completes, in order. */
	push(data: string): void;
	/** Drops a pending sequence and its timer. */
	close(): void;
};

/** A tokenizer over successive reads: a sequence split across reads is joined, and a lone Esc is delivered after `waitMs` when nothing follows. */
export function createKeyDecoder(onKeys: (keys: readonly KeyPress[]) => void, waitMs = escapeWaitMs): KeyDecoder {
	let pending = '';
	let timer: NodeJS.Timeout | undefined;
	const deliver = (flush: boolean, data: string) => {
		if (timer !== undefined) clearTimeout(timer);
		timer = undefined;
		const tokens = tokenizeKeys(pending + data, flush);
		pending = tokens.pending;
		if (pending !== '') timer = setTimeout(() => deliver(true, ''), waitMs);
		if (tokens.keys.length > 0) onKeys(tokens.keys);
	};

	return {
		push: data => deliver(false, data),
		close() {
			if (timer !== undefined) clearTimeout(timer);
			timer = undefined;
			pending = '';
		},
	};
}
