// The arguments a tracing program gets: for a BTF tracepoint (tp_btf, raw_tp) the tracepoint's
// prototype (typedef btf_trace_<name>), for fentry/fexit/kprobe the traced function's — read from
// the kernel's BTF, with a small table for the common scheduler tracepoints when there is none.
import {BtfKind, resolveSize, skipMods} from '../btf/kinds.js';
import type {BtfIndex} from '../btf/parse.js';

export type TraceArg =
	| {readonly kind: 'struct'; readonly name: string; readonly struct: string}
	| {readonly kind: 'int'; readonly name: string; readonly size: number; readonly signed: boolean}
	| {readonly kind: 'pointer'; readonly name: string};

const task = (name: string): TraceArg => ({kind: 'struct', name, struct: 'task_struct'});
const int = (name: string, size = 4, signed = false): TraceArg => ({kind: 'int', name, size, signed});

/** Without a kernel BTF: the tracepoints scheduler tools attach to. */
const KNOWN_TRACEPOINTS: Readonly<Record<string, readonly TraceArg[]>> = {
	sched_switch: [int('preempt', 1), task('prev'), task('next'), int('prev_state')],
	sched_wakeup: [task('p')],
	sched_wakeup_new: [task('p')],
	sched_waking: [task('p')],
	sched_process_exit: [task('p')],
	sched_process_free: [task('p')],
	sched_process_fork: [task('parent'), task('child')],
	sched_process_exec: [task('p'), int('old_pid'), {kind: 'struct', name: 'bprm', struct: 'linux_binprm'}],
	irq_handler_entry: [int('irq', 4, true), {kind: 'struct', name: 'action', struct: 'irqaction'}],
	irq_handler_exit: [int('irq', 4, true), {kind: 'struct', name: 'action', struct: 'irqaction'}, int('ret', 4, true)],
	softirq_entry: [int('vec_nr')],
	softirq_exit: [int('vec_nr')],
};

/** The arguments of a prototype, by BTF (the first `skip` parameters left out). */
function protoArgs(btf: BtfIndex, protoId: number, skip: number): TraceArg[] | undefined {
	const proto = btf.type(skipMods(btf, protoId));
	if (proto.kind !== 'func_proto') return undefined;
	return proto.params.slice(skip).map(param => {
		const id = skipMods(btf, param.type);
		const type = btf.type(id);
		if (type.kind === 'ptr') {
			const target = skipMods(btf, type.type);
			const kind = btf.kindOf(target);
			if (kind === BtfKind.STRUCT || kind === BtfKind.UNION) return {kind: 'struct', name: param.name, struct: btf.nameOf(target)};
			return {kind: 'pointer', name: param.name};
		}

		const signed = type.kind === 'int' ? type.signed : type.kind === 'enum' ? type.signed : false;
		return {kind: 'int', name: param.name, size: resolveSize(btf, id) ?? 8, signed};
	});
}

/** The arguments of BTF tracepoint `name` (tp_btf/NAME, raw_tp/NAME). */
export function tracepointArgs(btf: BtfIndex | undefined, name: string): readonly TraceArg[] {
	if (btf) {
		const typedef = btf.byName(`btf_trace_${name}`, [BtfKind.TYPEDEF])[0];
		const pointer = typedef === undefined ? undefined : btf.type(skipMods(btf, typedef));
		// typedef void (*btf_trace_NAME)(void *__data, args…)
		const args = pointer?.kind === 'ptr' ? protoArgs(btf, pointer.type, 1) : undefined;
		// Tracepoint prototypes carry no parameter names in BTF: take them from the table where it knows the tracepoint.
		const known = KNOWN_TRACEPOINTS[name];
		if (args) return known && known.length === args.length ? args.map((arg, i) => (arg.name === '' ? {...arg, name: known[i]!.name} : arg)) : args;
	}

	return KNOWN_TRACEPOINTS[name] ?? [];
}

/** The arguments of kernel function `name` (fentry/fexit/kprobe targets), and whether it returns a value. */
export function functionArgs(btf: BtfIndex | undefined, name: string): {args: readonly TraceArg[]; returns: boolean} {
	const func = btf?.byName(name, [BtfKind.FUNC])[0];
	if (btf && func !== undefined) {
		const type = btf.type(func);
		const proto = type.kind === 'func' ? btf.type(type.type) : undefined;
		const args = type.kind === 'func' ? protoArgs(btf, type.type, 0) : undefined;
		if (args) return {args, returns: proto?.kind === 'func_proto' && proto.returns !== 0};
	}

	return {args: [int('arg0', 8), int('arg1', 8), int('arg2', 8)], returns: true};
}
