import assert from 'node:assert/strict';
import {test} from 'node:test';
import {keyText} from '../../source/model/map-value-fields.js';
import {paddedText} from '../../source/model/text-bytes.js';

const padded = (text: string, size: number) => {
	const bytes = new Uint8Array(size);
	bytes.set(Buffer.from(text, 'utf8'));
	return bytes;
};

test('NUL-padded printable text reads as text (bpftrace comm keys)', () => {
	assert.equal(paddedText(padded('bash', 16), 'key'), 'bash');
	assert.equal(paddedText(padded('systemd-journal', 16), 'key'), 'systemd-journal');
	assert.equal(paddedText(padded('café', 16), 'value'), 'café');
	assert.equal(keyText(padded('bash', 16)), 'bash');
});

test('numbers stay numbers: scalars of 1-4 bytes, short 8-byte keys, 8-byte values', () => {
	assert.equal(paddedText(Uint8Array.of(0x61, 0, 0, 0), 'key'), undefined);
	assert.equal(paddedText(padded('abc', 8), 'key'), undefined);
	assert.equal(paddedText(padded('abcd', 8), 'key'), 'abcd');
	assert.equal(paddedText(padded('dcba', 8), 'value'), undefined);
	assert.equal(keyText(Uint8Array.of(0x61, 0, 0, 0)), '97');
	assert.equal(keyText(padded('abc', 8)), String(0x636261));
});

test('not text: no NUL padding, bytes after the NUL, control or invalid UTF-8 bytes, an empty start', () => {
	assert.equal(paddedText(Buffer.from('0123456789abcdef'), 'key'), undefined);
	const tail = padded('bash', 16);
	tail[10] = 1;
	assert.equal(paddedText(tail, 'key'), undefined);
	assert.equal(paddedText(padded('a\u001b[2J', 16), 'key'), undefined);
	assert.equal(paddedText(Uint8Array.of(0x62, 0xff, 0xfe, 0x61, 0, 0, 0, 0, 0), 'key'), undefined);
	assert.equal(paddedText(new Uint8Array(16), 'key'), undefined);
	// A C1 control (U+0085, an 8-bit terminal's NEL) is no text: hex.
	assert.match(keyText(padded('\u0085ab', 16)), /^c2 85 61 62 00/);
	assert.match(keyText(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)), /^01 02 03 04/);
});
