// Runs assembled bytecode in a bare VM (no kernel) for instruction-level tests.
import {Asm} from '../../../source/backends/emulator/vm/asm.js';
import {HELPERS, type HelperHost, type RunTask} from '../../../source/backends/emulator/vm/helpers.js';
import {Interpreter, type RunResult} from '../../../source/backends/emulator/vm/interpreter.js';
import {Memory, VmFault} from '../../../source/backends/emulator/vm/memory.js';
import {prepareProgram} from '../../../source/backends/emulator/vm/program.js';
import {Prng} from '../../../source/backends/emulator/prng.js';

export function bareVm() {
	const memory = new Memory();
	const trace: string[] = [];
	const task: RunTask = {cpu: 1, pid: 42, tgid: 40, comm: 'tester', flags: '...21', address: 0, uid: 1000, nowNs: 5_000_000_000n, bootNs: 6_000_000_000n};
	const host: HelperHost = {memory, task, prng: new Prng(1), trace: lines => trace.push(...lines)};
	const interpreter = new Interpreter({
		memory,
		callHelper(id, args) {
			const helper = HELPERS.get(id);
			if (helper === undefined) throw new VmFault(`unknown helper ${id}`);
			return helper.call(host, args);
		},
		tailCallTarget: () => undefined,
	}, 10_000);
	return {memory, trace, task, interpreter};
}

/** Runs a program built by `build` and returns r0 (as bigint) or the error. */
export function run(build: (a: Asm) => void, r1 = 0): RunResult {
	const a = new Asm();
	build(a);
	const {interpreter} = bareVm();
	return interpreter.run(prepareProgram('test', a.build().insns), r1);
}

export function r0(build: (a: Asm) => void): bigint {
	const result = run(build);
	if (result.error !== undefined) throw new Error(result.error);
	return result.r0;
}
