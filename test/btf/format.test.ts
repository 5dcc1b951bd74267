// format.ts against what bpftool 7.1 prints (seen on this machine, test/kernel/map-read.test.ts
// compares them on the real kernel): bitfields as hex strings, enums by their signed value, char
// arrays as strings only without a typedef in between.
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {formatBtf} from '../../source/btf/format.js';
import {btfFromJson, btfToJson} from '../../source/btf/json.js';
import type {BtfType} from '../../source/btf/types.js';

const u32: BtfType = {kind: 'int', name: 'unsigned int', size: 4, signed: false};
const u64: BtfType = {kind: 'int', name: 'long long unsigned int', size: 8, signed: false};
const char: BtfType = {kind: 'int', name: 'char', size: 1, signed: true};
const verdict: BtfType = {kind: 'enum', name: 'verdict', size: 4, signed: false, values: [{name: 'PASS', value: 1n}, {name: 'DROP', value: 2n}]};

// struct flow_stats from test/bpf/struct-value.bpf.c.
const flowStats: BtfType = {
	kind: 'struct',
	name: 'flow_stats',
	size: 40,
	members: [
		{name: 'packets', type: u64, bitOffset: 0},
		{name: 'bytes', type: u64, bitOffset: 64},
		{name: 'last_len', type: u32, bitOffset: 128},
		{name: 'kind', type: u32, bitOffset: 160, bitSize: 4},
		{name: 'level', type: u32, bitOffset: 164, bitSize: 4},
		{name: 'verdict', type: verdict, bitOffset: 192},
		{name: 'label', type: {kind: 'array', elem: char, length: 12, string: true}, bitOffset: 224},
	],
};

test('a struct with bitfields, an enum and a char array, as bpftool printed it', () => {
	const bytes = Uint8Array.from([1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0xa3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0x68, 0x69, ...new Array(10).fill(0)]);
	assert.deepEqual(formatBtf(flowStats, bytes), {packets: 1, bytes: 2, last_len: 3, kind: '0x3', level: '0xa', verdict: -1, label: 'hi'});
	bytes[24] = 2;
	bytes[25] = bytes[26] = bytes[27] = 0;
	assert.equal((formatBtf(flowStats, bytes) as {verdict: unknown}).verdict, 'DROP');
});

test('strings: printable up to a NUL; a typedef in between (string: false) or no NUL gives numbers', () => {
	const text = (string: boolean | undefined, bytes: number[]) => formatBtf({kind: 'array', elem: char, length: 4, ...(string === undefined ? {} : {string})}, Uint8Array.from(bytes));
	assert.equal(text(true, [0x61, 0x62, 0, 0x7f]), 'ab');
	assert.equal(text(true, [0, 1, 2, 3]), '');
	assert.deepEqual(text(true, [0x61, 0x62, 0x63, 0x64]), [97, 98, 99, 100]);
	assert.deepEqual(text(true, [0x61, 0x0a, 0, 0]), [97, 10, 0, 0]);
	assert.deepEqual(text(false, [0x61, 0x62, 0, 0]), [97, 98, 0, 0]);
	// The emulator's own types leave `string` out: an element named char decides.
	assert.equal(text(undefined, [0x61, 0, 0, 0]), 'a');
});

test('ints: bool, BTF_INT_CHAR, 128 bits, encoding bits; u64 as the nearest double; datasec variables', () => {
	assert.equal(formatBtf({kind: 'int', name: '_Bool', size: 1, signed: false, bool: true}, Uint8Array.of(1)), true);
	assert.equal(formatBtf({kind: 'int', name: 'c', size: 1, signed: true, charEncoding: true}, Uint8Array.of(0x41)), 'A');
	assert.equal(formatBtf({kind: 'int', name: '__int128', size: 16, signed: true}, Uint8Array.of(0xff, 1, ...new Array(14).fill(0))), '0x1ff');
	assert.equal(formatBtf({kind: 'int', name: 'x', size: 4, signed: false, bits: 12}, Uint8Array.of(0xff, 0xff, 0, 0)), '0xfff');
	assert.equal(formatBtf(u64, Uint8Array.of(255, 255, 255, 255, 255, 255, 255, 255)), 18_446_744_073_709_551_615);
	assert.equal(formatBtf({kind: 'int', name: 'int', size: 4, signed: true}, Uint8Array.of(0xfe, 0xff, 0xff, 0xff)), -2);
	const bss: BtfType = {kind: 'datasec', name: '.bss', size: 8, vars: [{name: 'packets', type: u64, offset: 0, size: 8}]};
	assert.deepEqual(formatBtf(bss, Uint8Array.of(40, 0, 0, 0, 0, 0, 0, 0)), {'.bss': [{packets: 40}]});
});

test('types survive JSON (a recording): enum values come back as bigints; a damaged type is refused', () => {
	const json = JSON.parse(JSON.stringify(btfToJson(flowStats))) as unknown;
	assert.deepEqual(btfFromJson(json), flowStats);
	assert.equal(btfFromJson({kind: 'struct', name: 'x', size: 8, members: [{name: 'a', type: {kind: 'nope'}, bitOffset: 0}]}), undefined);
	assert.equal(btfFromJson({kind: 'array', elem: u32, length: -1}), undefined);
});
