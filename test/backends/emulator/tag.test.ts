import {test} from 'node:test';
import assert from 'node:assert/strict';
import {programTag, tagAlgorithm, tagInput} from '../../../source/backends/emulator/tag.js';
import {patchMapReferences} from '../../../source/backends/emulator/kernel/program.js';
import {helloFuncObject, helloObject} from '../../../source/backends/emulator/scenario/hello.js';

const loaded = (program = helloObject.programs[0]!, ids: Record<string, number> = {'hello.bss': 5, 'hello.rodata': 6}) =>
	patchMapReferences(program, new Map(Object.entries(ids))).insns;

test('the kernel picks SHA-1 before 6.18 and SHA-256 from 6.18', () => {
	assert.equal(tagAlgorithm('6.8'), 'sha1');
	assert.equal(tagAlgorithm('6.17.2'), 'sha1');
	assert.equal(tagAlgorithm('6.18'), 'sha256');
	assert.equal(tagAlgorithm('7.0'), 'sha256');
	assert.equal(tagAlgorithm('5.15.0-91-generic'), 'sha1');
});

test('hello has the book tag under SHA-1 and the measured tag under SHA-256', () => {
	assert.equal(programTag(loaded(), 'sha1'), 'd35b94b4c0c10efb');
	assert.equal(programTag(loaded(), 'sha256'), '490c48c1179970a8');
});

test('map ids do not change the tag, the pseudo src_reg does', () => {
	assert.equal(programTag(loaded(undefined, {'hello.bss': 99, 'hello.rodata': 1234}), 'sha256'), '490c48c1179970a8');
	// Hashing the ELF bytes as they are (src_reg 0) gives another tag: the kernel hashes the loaded form.
	assert.notEqual(programTag(helloObject.programs[0]!.insns, 'sha256'), '490c48c1179970a8');
});

test('the blanked input clears both halves of a map ld_imm64 and nothing else', () => {
	const input = tagInput(loaded());
	const view = new DataView(input.buffer);
	assert.equal(view.getInt32(4, true), 0);
	assert.equal(view.getInt32(12, true), 0);
	assert.equal(input[1], 0x26);
	assert.equal(view.getInt32(5 * 8 + 4, true), 15);
});

test('hello-func (with a bpf-to-bpf call) matches the kernel, and so does its subprogram', () => {
	const insns = loaded(helloFuncObject.programs[0]!, {'hello_fu.rodata': 10});
	assert.equal(programTag(insns, 'sha256'), '7c6e9a45a39e6854');
	assert.equal(programTag(insns.subarray(8 * 8), 'sha256'), '5cad2933ce89558f');
});
