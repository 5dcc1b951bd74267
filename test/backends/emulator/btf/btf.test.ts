// BTF parsing on hand-built sections: every kind, resolution to the simplified model, bpftool's
// prototype strings, .BTF.ext records, and damaged input.

import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseBtfExt} from '../../../../source/backends/emulator/btf/ext.js';
import {parseBtf} from '../../../../source/backends/emulator/btf/parse.js';
import {funcProto, resolveType, typeSize} from '../../../../source/backends/emulator/btf/resolve.js';
import {LoadError} from '../../../../source/backends/emulator/elf/load-error.js';
import {BtfBuilder, buildBtfExt} from './builder.js';

const SIGNED = 1;
const CHAR = 2;
const BOOL = 4;

function sample() {
	const b = new BtfBuilder();
	const ids = {
		int: b.int('int', 4, SIGNED),
		u32: b.int('unsigned int', 4),
		char: b.int('char', 1, SIGNED | CHAR),
		bool: b.int('_Bool', 1, BOOL),
		u64: b.int('unsigned long long', 8),
		double: b.float('double', 8),
	};
	const typedefU32 = b.typedef('__u32', ids.u32);
	const constVolatile = b.const(b.volatile(typedefU32));
	const restrictPtr = b.restrict(b.ptr(ids.char));
	const tagged = b.typeTag('user', ids.int);
	const sizeType = b.int('__ARRAY_SIZE_TYPE__', 4);
	const label = b.array(ids.char, sizeType, 12);
	const color = b.enum('color', 4, [['RED', 0], ['BLUE', -1]], true);
	const big = b.enum64('big', [['HUGE', 1n << 40n], ['NEG', -2n]], true);
	const fwd = b.fwd('opaque');
	const xdpMd = b.struct('xdp_md', 8, [{name: 'data', type: typedefU32, bitOffset: 0}, {name: 'data_end', type: typedefU32, bitOffset: 32}]);
	const flags = b.struct('flags', 4, [{name: 'kind', type: ids.u32, bitOffset: 0, bitSize: 4}, {name: 'level', type: ids.u32, bitOffset: 4, bitSize: 3}]);
	const either = b.struct('either', 8, [{name: 'n', type: ids.u64, bitOffset: 0}, {name: 'd', type: ids.double, bitOffset: 0}], true);
	const value = b.struct('value', 48, [
		{name: 'count', type: constVolatile, bitOffset: 0},
		{name: 'label', type: label, bitOffset: 32},
		{name: 'color', type: color, bitOffset: 128},
		{name: 'big', type: big, bitOffset: 192},
		{name: 'ok', type: ids.bool, bitOffset: 256},
		{name: 'next', type: restrictPtr, bitOffset: 320},
	]);
	const proto = b.funcProto(ids.int, [['ctx', b.ptr(xdpMd)]]);
	const hello = b.func('hello', proto);
	const varargs = b.func('log', b.funcProto(0, [['fmt', b.ptr(b.const(ids.char))], ['', 0]]));
	const unnamed = b.func('cb', b.funcProto(b.ptr(b.ptr(ids.char)), [['', ids.int], ['e', color], ['u', either]]));
	const counter = b.var('counter', ids.int);
	const tagVar = b.var('tag', label, 0);
	const bss = b.datasec('.bss', 0, [[counter, 0, 4], [tagVar, 4, 12]]);
	const declTag = b.declTag('kernel', hello, -1);
	return {b, ids, typedefU32, constVolatile, tagged, label, color, big, fwd, xdpMd, flags, either, value, hello, varargs, unnamed, counter, bss, declTag};
}

test('parses every kind', () => {
	const s = sample();
	const btf = parseBtf('x.o', s.b.build());
	assert.deepEqual(btf.types[s.ids.char], {kind: 'int', name: 'char', size: 1, signed: true, char: true, bool: false, bits: 8, bitOffset: 0});
	assert.deepEqual(btf.types[s.typedefU32], {kind: 'typedef', name: '__u32', type: s.ids.u32});
	assert.deepEqual(btf.types[s.tagged], {kind: 'type_tag', name: 'user', type: s.ids.int});
	assert.deepEqual(btf.types[s.fwd], {kind: 'fwd', name: 'opaque', union: false});
	assert.deepEqual(btf.types[s.hello], {kind: 'func', name: 'hello', type: s.hello - 1, linkage: 1});
	assert.deepEqual(btf.types[s.counter], {kind: 'var', name: 'counter', type: s.ids.int, linkage: 1});
	assert.deepEqual(btf.types[s.bss], {kind: 'datasec', name: '.bss', size: 0, vars: [{type: s.counter, offset: 0, size: 4}, {type: s.counter + 1, offset: 4, size: 12}]});
	assert.deepEqual(btf.types[s.declTag], {kind: 'decl_tag', name: 'kernel', type: s.hello, component: -1});
	assert.deepEqual(btf.types[s.ids.double], {kind: 'float', name: 'double', size: 8});
	const big = btf.types[s.big];
	assert.equal(big?.kind, 'enum');
	assert.deepEqual(big?.kind === 'enum' && big.values, [{name: 'HUGE', value: 1n << 40n}, {name: 'NEG', value: -2n}]);
	const color = btf.types[s.color];
	assert.deepEqual(color?.kind === 'enum' && color.values.map(v => v.value), [0n, -1n]);
});

test('resolves typedefs, qualifiers and tags into the simplified model', () => {
	const s = sample();
	const btf = parseBtf('x.o', s.b.build());
	assert.deepEqual(resolveType(btf, s.constVolatile), {kind: 'int', name: 'unsigned int', size: 4, signed: false});
	assert.deepEqual(resolveType(btf, s.tagged), {kind: 'int', name: 'int', size: 4, signed: true});
	assert.deepEqual(resolveType(btf, s.ids.bool), {kind: 'int', name: '_Bool', size: 1, signed: false, bool: true});
	assert.deepEqual(resolveType(btf, s.flags), {
		kind: 'struct', name: 'flags', size: 4, members: [
			{name: 'kind', type: {kind: 'int', name: 'unsigned int', size: 4, signed: false}, bitOffset: 0, bitSize: 4},
			{name: 'level', type: {kind: 'int', name: 'unsigned int', size: 4, signed: false}, bitOffset: 4, bitSize: 3},
		],
	});
	const value = resolveType(btf, s.value);
	assert.equal(value?.kind, 'struct');
	assert.deepEqual(value?.kind === 'struct' && value.members.map(m => [m.name, m.type.kind, m.bitOffset]), [
		['count', 'int', 0], ['label', 'array', 32], ['color', 'enum', 128], ['big', 'enum', 192], ['ok', 'int', 256], ['next', 'ptr', 320],
	]);
	assert.deepEqual(resolveType(btf, s.label), {kind: 'array', elem: {kind: 'int', name: 'char', size: 1, signed: true, char: true}, length: 12});
	assert.equal(resolveType(btf, s.either)?.kind, 'union');
	assert.equal(resolveType(btf, s.fwd), undefined);
	assert.equal(resolveType(btf, 0), undefined);
});

test('sizes types as sizeof does', () => {
	const s = sample();
	const btf = parseBtf('x.o', s.b.build());
	assert.equal(typeSize(btf, s.constVolatile), 4);
	assert.equal(typeSize(btf, s.label), 12);
	assert.equal(typeSize(btf, s.value), 48);
	assert.equal(typeSize(btf, s.big), 8);
	assert.equal(typeSize(btf, s.counter), 4);
	assert.equal(typeSize(btf, s.fwd), undefined);
});

test('prints prototypes as bpftool does', () => {
	const s = sample();
	const btf = parseBtf('x.o', s.b.build());
	assert.equal(funcProto(btf, s.hello), 'int hello(struct xdp_md * ctx)');
	assert.equal(funcProto(btf, s.varargs), 'void log(const char * fmt, ...)');
	assert.equal(funcProto(btf, s.unnamed), 'char * * cb(int, enum color e, union either u)');
});

test('reads .BTF.ext func_info and line_info by section', () => {
	const s = sample();
	const section = s.b.str('xdp');
	const file = s.b.str('/src/hello.bpf.c');
	const line = s.b.str('    counter++;');
	const btf = parseBtf('x.o', s.b.build());
	const ext = parseBtfExt('x.o', buildBtfExt(section, [[0, s.hello]], [[0, file, line, 10, 12], [56, file, line, 11, 5]]), btf);
	assert.deepEqual(ext.get('xdp'), {
		funcInfo: [{insnOff: 0, typeId: s.hello}],
		lineInfo: [
			{insnOff: 0, file: '/src/hello.bpf.c', source: '    counter++;', line: 10, column: 12},
			{insnOff: 56, file: '/src/hello.bpf.c', source: '    counter++;', line: 11, column: 5},
		],
		coreRelos: [],
	});
});

test('damaged BTF is a one-line LoadError', () => {
	const bad = (bytes: Uint8Array, message: RegExp) =>
		assert.throws(() => parseBtf('x.o', bytes), (error: unknown) => error instanceof LoadError && message.test(error.message) && !error.message.includes('\n'));
	bad(new Uint8Array(10), /^x\.o: \.BTF: truncated header$/);
	const good = sample().b.build();
	const magic = good.slice();
	magic[0] = 0;
	bad(magic, /^x\.o: \.BTF: bad magic$/);
	bad(good.subarray(0, good.length - 5), /^x\.o: \.BTF: section offsets outside the data$/);
	const unknown = new BtfBuilder();
	unknown.raw(0, 31 << 24, 0);
	bad(unknown.build(), /unknown kind 31/);
	const cut = new BtfBuilder();
	cut.raw(0, (3 << 24), 0, 1); // an ARRAY record missing two of its three words
	bad(cut.build(), /runs past the type section/);
	const btf = parseBtf('x.o', good);
	assert.throws(() => parseBtfExt('x.o', new Uint8Array(8), btf), /^LoadError: x\.o: \.BTF\.ext: truncated header$/);
});
