import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';
import {parseOutput} from '../../source/parse/command-output.js';
import {jitedLines, jitedSchema, noDisassembler} from '../../source/parse/jited.js';
import {numberInsns, xlatedSchema} from '../../source/parse/xlated.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/bpftool/${name}`, import.meta.url), 'utf8');

for (const name of ['xlated-hello', 'xlated-hello-func']) {
	test(`${name}: indexes computed from JSON match bpftool's text dump`, () => {
		const parsed = parseOutput(xlatedSchema, JSON.parse(fixture(`${name}.json`)), 'xlated');
		assert.ok(parsed.ok);
		const fromJson = numberInsns(parsed.value).map(insn => `${String(insn.index).padStart(4)}: ${insn.disasm}`);
		const fromText = fixture(`${name}.txt`)
			.split('\n')
			.filter(line => /^\s*\d+: /.test(line));
		assert.deepEqual(fromJson, fromText);
	});
}

test('source lines and prototypes survive', () => {
	const parsed = parseOutput(xlatedSchema, JSON.parse(fixture('xlated-hello.json')), 'xlated');
	assert.ok(parsed.ok);
	const insns = numberInsns(parsed.value);
	assert.equal(insns[0]?.proto, 'int hello(struct xdp_md * ctx)');
	assert.equal(insns.find(insn => insn.disasm.endsWith('r0 = 2'))?.src, 'return XDP_PASS;');
});

test('jited: a single function and several functions both become text lines', () => {
	const single = jitedSchema.parse([{pc: '0x0', operation: 'push', operands: ['%rbp']}, {src: 'return XDP_PASS;', pc: '0x1', operation: 'ret', operands: [null]}]);
	assert.deepEqual(jitedLines(single).map(line => line.text), ['   0: push %rbp', '; return XDP_PASS;', '   1: ret']);
	const multi = jitedSchema.parse([{name: 'bpf_prog_1_hello', proto: 'int hello(void * ctx)', insns: [{pc: '0x0', operation: 'nop', operands: null}]}]);
	assert.deepEqual(jitedLines(multi).map(line => line.text), ['int hello(void * ctx):', '   0: nop']);
});

test("Debian's answer is recognised as a missing disassembler", () => {
	assert.ok(noDisassembler('No libbfd support'));
	assert.ok(!noDisassembler("can't get prog info: No such file or directory"));
});
