// Random bytecode must never crash the emulator: every run ends normally or with an error.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {Prng} from '../../../source/backends/emulator/prng.js';
import {prepareProgram} from '../../../source/backends/emulator/vm/program.js';
import {bareVm} from './vm-harness.js';

const CODES = [
	0x07, 0x0f, 0x17, 0x1f, 0x27, 0x2f, 0x37, 0x3f, 0x47, 0x4f, 0x57, 0x5f, 0x67, 0x6f, 0x77, 0x7f, 0x87, 0x97, 0x9f, 0xa7, 0xaf, 0xb7, 0xbf, 0xc7, 0xcf, 0xd4, 0xdc, 0xd7,
	0x04, 0x0c, 0x14, 0x1c, 0x24, 0x2c, 0x34, 0x3c, 0x44, 0x4c, 0x54, 0x5c, 0x64, 0x6c, 0x74, 0x7c, 0x84, 0x94, 0x9c, 0xa4, 0xac, 0xb4, 0xbc, 0xc4, 0xcc,
	0x05, 0x15, 0x1d, 0x25, 0x2d, 0x35, 0x3d, 0x45, 0x4d, 0x55, 0x5d, 0x65, 0x6d, 0x75, 0x7d, 0xa5, 0xad, 0xb5, 0xbd, 0xc5, 0xcd, 0xd5, 0xdd, 0x85, 0x95,
	0x06, 0x16, 0x1e, 0x26, 0x2e, 0x36, 0x3e, 0x46, 0x56, 0x66, 0x76, 0xa6, 0xb6, 0xc6, 0xd6,
	0x61, 0x69, 0x71, 0x79, 0x81, 0x89, 0x91, 0x62, 0x6a, 0x72, 0x7a, 0x63, 0x6b, 0x73, 0x7b, 0xc3, 0xdb, 0x18, 0x00, 0xff,
];

test('random programs end with a result or an error, never an exception', () => {
	const prng = new Prng(2024);
	const {interpreter} = bareVm();
	let errors = 0;
	for (let n = 0; n < 6000; n++) {
		const length = prng.int(1, 24);
		const bytes = new Uint8Array(length * 8);
		const view = new DataView(bytes.buffer);
		for (let i = 0; i < length; i++) {
			bytes[i * 8] = prng.pick(CODES);
			bytes[i * 8 + 1] = prng.int(0, 0xff);
			view.setInt16(i * 8 + 2, prng.int(-8, 8), true);
			view.setInt32(i * 8 + 4, prng.pick([0, 1, -1, 8, 16, 32, 64, 0x7fff_ffff, -0x8000_0000, prng.int(-600, 600), 0xe1, 0xf1, 0x01, 0x41, 2, 3, 5, 6, 7, 12, 14, 16, 113, 130, 131, 132]), true);
		}

		let program;
		try {
			program = prepareProgram('fuzz', bytes);
		} catch {
			continue; // a dangling ld_imm64 is refused at load, as the kernel would
		}

		const result = interpreter.run(program, 0);
		if (result.error !== undefined) errors++;
		else assert.equal(typeof result.r0, 'bigint');
	}

	assert.ok(errors > 0);
});

test('random programs with real maps, context and helpers never crash the kernel', async () => {
	const {virtualClock} = await import('../../../source/clock/clock.js');
	const {EmulatorKernel} = await import('../../../source/backends/emulator/kernel.js');
	const {Asm} = await import('../../../source/backends/emulator/vm/asm.js');
	const kernel = new EmulatorKernel({seed: 5, clock: virtualClock({startWallMs: 0})});
	const prng = new Prng(77);
	const maps = [
		{name: 'h', type: 'lru_hash', keySize: 4, valueSize: 8, maxEntries: 8, flags: 0},
		{name: 'g', type: 'array', keySize: 4, valueSize: 16, maxEntries: 1, flags: 1024},
		{name: 'r', type: 'ringbuf', keySize: 0, valueSize: 0, maxEntries: 4096, flags: 0},
		{name: 'p', type: 'percpu_array', keySize: 4, valueSize: 8, maxEntries: 2, flags: 0},
	];
	const helpers = [1, 2, 3, 5, 6, 7, 8, 14, 16, 125, 130, 131, 132, 133, 12, 113, 115];
	for (let n = 0; n < 400; n++) {
		const a = new Asm();
		a.movr(8, 1).ldMap(6, prng.pick(['h', 'g', 'r', 'p'])).ldMapValue(7, 'g', prng.int(0, 15)).st('dw', 10, -8, prng.int(0, 3)).st('dw', 10, -16, prng.int(0, 100));
		for (let i = 0; i < 12; i++) {
			const roll = prng.int(0, 5);
			if (roll === 0) a.movr(1, prng.pick([6, 7, 8, 10])).movr(2, 10).alu64('ADD', 2, prng.pick([-8, -16, -4])).movr(3, prng.pick([10, 7, 0])).alu64('ADD', 3, prng.pick([-16, 0, 8])).mov(4, prng.int(0, 3)).call(prng.pick(helpers));
			else if (roll === 1) a.ldx(prng.pick(['b', 'h', 'w', 'dw'] as const), prng.int(0, 5), prng.pick([0, 7, 8, 10]), prng.int(-16, 16));
			else if (roll === 2) a.stx(prng.pick(['b', 'h', 'w', 'dw'] as const), prng.pick([0, 7, 10]), prng.int(-16, 8), prng.int(0, 9));
			else if (roll === 3) a.alu64(prng.pick(['ADD', 'SUB', 'MUL', 'DIV', 'MOD', 'LSH', 'RSH', 'ARSH', 'XOR'] as const), prng.int(0, 5), prng.int(-100, 100));
			else if (roll === 4) a.atomic(prng.pick(['w', 'dw'] as const), prng.pick(['ADD', 'XCHG', 'CMPXCHG', 'OR'] as const), prng.pick([0, 7, 10]), prng.int(-16, 8), prng.int(0, 9), prng.int(0, 1) === 1);
			else a.movr(prng.int(0, 5), prng.int(0, 10));
		}

		a.exit();
		const {insns, mapRefs} = a.build();
		const loaded = kernel.loadObject({name: `f${n}`, license: 'GPL', maps, programs: [{name: 'f', section: 'xdp', type: 'xdp', insns, mapRefs}]});
		const program = kernel.program(loaded.programs.f!)!;
		for (const at of [{kind: 'xdp', ifname: 'lo', ifindex: 1, mode: 'generic'}, {kind: 'kprobe', func: 'x'}] as const) {
			const result = kernel.execute(program, kernel.makeEvent(at));
			assert.ok(result.error === undefined || typeof result.error === 'string');
		}
	}
});
