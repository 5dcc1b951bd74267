// The kernel memory tracing programs read: task_struct, cred, pid, file, sock … laid out by a BTF
// (the kernel's where it was read, else the object's own), so that CO-RE reads and
// bpf_probe_read_kernel land on the fields they name. Objects are read-only regions made on first
// use and kept; fields are set by member path ('cred.uid.val', 'thread_pid.numbers.0.nr').
import {BtfKind, memberPath, resolveSize, type Field} from '../btf/kinds.js';
import type {BtfIndex} from '../btf/parse.js';
import type {Prng} from '../prng.js';
import {Memory, type Region} from '../vm/memory.js';
import {uidOf, type Task} from './tasks.js';

/** Inode numbers of the initial namespaces, as a stock kernel numbers them. */
const INIT_NS = {pid: 4_026_531_836, mnt: 4_026_531_841, net: 4_026_531_840, uts: 4_026_531_838, ipc: 4_026_531_839, user: 4_026_531_837, cgroup: 4_026_531_835};
/** The machine booted this long before the emulated clock's zero (task start times are before it). */
const BOOTED_NS = 3_600_000_000_000n;


export class KernelMemory {
	private readonly structs = new Map<string, number | undefined>();
	private readonly tasks = new Map<number, Region>();
	private readonly singletons = new Map<string, number>();
	private readonly strings = new Map<string, number>();

	constructor(private readonly memory: Memory, readonly btf: BtfIndex) {}

	/** The id of the complete struct (or union) with this name. */
	structId(name: string): number | undefined {
		if (!this.structs.has(name)) {
			const btf = this.btf;
			this.structs.set(name, btf.byName(name, [BtfKind.STRUCT, BtfKind.UNION])[0]);
		}

		return this.structs.get(name);
	}

	/** A zeroed object of a struct type, as a region; undefined when the BTF has no such struct. */
	object(structName: string): Region | undefined {
		const id = this.structId(structName);
		const size = id === undefined ? undefined : resolveSize(this.btf, id);
		if (size === undefined) return undefined;
		return this.allocate(size);
	}

	private allocate(size: number): Region {
		return this.memory.alloc('kernel', new Uint8Array(Math.max(8, size)), false);
	}

	/** One shared object per key (init_pid_ns, a namespace, one cred per uid …), of struct `structName` (default: the key). */
	singleton(key: string, fill?: (region: Region) => void, structName = key, size?: () => number | undefined): number {
		let address = this.singletons.get(key);
		if (address === undefined) {
			const bytes = size?.();
			const region = bytes === undefined ? this.object(structName) : this.allocate(bytes);
			address = region ? Memory.address(region) : 0;
			this.singletons.set(key, address);
			if (region && fill) fill(region);
		}

		return address;
	}

	/** The address of a kernel variable (a typed __ksym) by its BTF id: zeroes of its type's size. */
	variable(btfId: number): number {
		return this.singleton(`var:${btfId}`, undefined, '', () => {
			const type = this.btf.type(btfId);
			return type.kind === 'var' ? resolveSize(this.btf, type.type) : undefined;
		});
	}

	/** A NUL-terminated string in kernel memory (a dentry name, an irq name). */
	kernelString(text: string): number {
		return this.string(`k:${text}`, 'kernel', text);
	}

	/** A NUL-terminated string in a process's memory (a path passed to open). */
	userString(text: string): number {
		return this.string(`u:${text}`, 'user', text);
	}

	private string(key: string, kind: 'kernel' | 'user', text: string): number {
		let address = this.strings.get(key);
		if (address === undefined) {
			const bytes = new Uint8Array(text.length + 1);
			bytes.set(Buffer.from(text, 'latin1'));
			address = Memory.address(this.memory.alloc(kind, bytes, false));
			this.strings.set(key, address);
		}

		return address;
	}

	/** Where a member path lies in a struct (btf/kinds.ts memberPath). */
	field(structId: number, path: string): Field | undefined {
		return memberPath(this.btf, structId, path);
	}

	/** Writes a number, an address or a string at a member path of an object of struct `structName`. */
	set(region: Pick<Region, 'bytes' | 'base' | 'size'>, structName: string, path: string, value: number | bigint | string): boolean {
		const id = this.structId(structName);
		const field = id === undefined ? undefined : this.field(id, path);
		if (!field || field.offset + Math.min(field.size, 8) > region.size) return false;
		const bytes = region.bytes;
		const at = region.base + field.offset;
		if (typeof value === 'string') {
			const text = Buffer.from(value, 'latin1').subarray(0, Math.max(0, field.size - 1));
			bytes.fill(0, at, at + field.size);
			bytes.set(text, at);
			return true;
		}

		const raw = BigInt.asUintN(64, BigInt(value));
		for (let i = 0; i < Math.min(field.size, 8); i++) bytes[at + i] = Number((raw >> BigInt(i * 8)) & 0xffn);
		return true;
	}

	/** The task_struct of a process: ids, name, parent, credentials, pid and namespaces, start time. */
	taskAddress(task: Task, parent?: Task): number {
		let region = this.tasks.get(task.pid);
		if (region === undefined) {
			region = this.object('task_struct');
			if (region === undefined) return 0;
			this.tasks.set(task.pid, region);
			this.fillTask(region, task, parent);
		}

		return Memory.address(region);
	}

	/** Sets a task's scheduler state (__state on 5.14+, state before): 0 running, 1 sleeping. */
	setTaskState(task: Task, state: number): void {
		const region = this.tasks.get(task.pid);
		if (region === undefined) return;
		if (!this.set(region, 'task_struct', '__state', state)) this.set(region, 'task_struct', 'state', state);
	}

	private fillTask(region: Region, task: Task, parent?: Task): void {
		const set = (path: string, value: number | bigint | string) => this.set(region, 'task_struct', path, value);
		const kernelThread = task.pid === 0 || task.comm.startsWith('kworker') || task.comm.startsWith('ksoftirqd');
		set('pid', task.pid);
		set('tgid', task.tgid);
		set('comm', task.pid === 0 ? 'swapper/0' : task.comm);
		set('flags', kernelThread ? 0x0020_0040 : 0x0040_0100);
		for (const prio of ['prio', 'static_prio', 'normal_prio']) set(prio, 120);
		set('exit_signal', 17);
		// Processes started a while before the emulated clock's zero, in pid order.
		const started = BOOTED_NS - BigInt(10_000 - Math.min(task.pid, 9_999)) * 1_000_000n;
		set('start_time', started);
		set('start_boottime', started + 1_500_000_000n);
		set('real_start_time', started + 1_500_000_000n);
		const self = Memory.address(region);
		const leader = task.tgid !== task.pid ? this.taskAddress({comm: task.comm, pid: task.tgid, tgid: task.tgid}) : self;
		set('group_leader', leader);
		const parentAddress = task.pid <= 1 ? self : this.taskAddress(parent ?? {comm: 'systemd', pid: 1, tgid: 1});
		set('real_parent', parentAddress);
		set('parent', parentAddress);
		const cred = this.credAddress(uidOf(task));
		set('cred', cred);
		set('real_cred', cred);
		set('thread_pid', this.pidAddress(task.pid));
		set('nsproxy', this.nsproxyAddress());
		if (!kernelThread) set('mm', this.singleton('mm_struct'));
	}

	private credAddress(uid: number): number {
		return this.singleton(`cred:${uid}`, region => {
			for (const id of ['uid', 'gid', 'suid', 'sgid', 'euid', 'egid', 'fsuid', 'fsgid']) this.set(region, 'cred', `${id}.val`, uid);
		}, 'cred');
	}

	private pidNamespace(): number {
		return this.singleton('pid_namespace', region => {
			this.set(region, 'pid_namespace', 'ns.inum', INIT_NS.pid);
			this.set(region, 'pid_namespace', 'level', 0);
		});
	}

	private pidAddress(pid: number): number {
		const region = this.object('pid');
		if (region === undefined) return 0;
		this.set(region, 'pid', 'level', 0);
		this.set(region, 'pid', 'numbers.0.nr', pid);
		this.set(region, 'pid', 'numbers.0.ns', this.pidNamespace());
		return Memory.address(region);
	}

	private nsproxyAddress(): number {
		return this.singleton('nsproxy', region => {
			this.set(region, 'nsproxy', 'pid_ns_for_children', this.pidNamespace());
			this.set(region, 'nsproxy', 'mnt_ns', this.singleton('mnt_namespace', ns => this.set(ns, 'mnt_namespace', 'ns.inum', INIT_NS.mnt)));
			this.set(region, 'nsproxy', 'net_ns', this.singleton('net', ns => this.set(ns, 'net', 'ns.inum', INIT_NS.net)));
			this.set(region, 'nsproxy', 'uts_ns', this.singleton('uts_namespace', ns => this.set(ns, 'uts_namespace', 'ns.inum', INIT_NS.uts)));
			this.set(region, 'nsproxy', 'ipc_ns', this.singleton('ipc_namespace', ns => this.set(ns, 'ipc_namespace', 'ns.inum', INIT_NS.ipc)));
			this.set(region, 'nsproxy', 'cgroup_ns', this.singleton('cgroup_namespace', ns => this.set(ns, 'cgroup_namespace', 'ns.inum', INIT_NS.cgroup)));
		});
	}

	/**
	 * An object for a pointer argument of struct type (a file, a socket, a request …): fields that
	 * commonly matter filled by name, the rest zero. One per struct and variant, reused.
	 */
	argument(structName: string, prng: Prng, variant = 0): number {
		const key = `${structName}#${variant}`;
		let address = this.singletons.get(key);
		if (address === undefined) {
			const region = this.object(structName);
			address = region ? Memory.address(region) : 0;
			this.singletons.set(key, address);
			if (region) fillByName(this, region, structName, prng, variant);
		}

		return address;
	}
}

const FILES = ['access.log', 'libc.so.6', 'passwd', 'stat', 'index.html', '000000010000000000000001', 'config.yaml', 'system.journal'];
const DIRECTORIES = ['nginx', 'x86_64-linux-gnu', 'etc', 'self', 'html', 'pg_wal', 'app', 'journal'];

/** A few fields of common kernel objects, set so that reads through them look like a real system. */
function fillByName(kernel: KernelMemory, region: Region, struct: string, prng: Prng, variant: number): void {
	const set = (path: string, value: number | bigint | string) => kernel.set(region, struct, path, value);
	switch (struct) {
		case 'file':
			set('f_path.dentry', kernel.argument('dentry', prng, variant));
			set('f_inode', kernel.argument('inode', prng, variant));
			set('f_mode', 0x1d);
			set('f_pos', prng.int(0, 1 << 20));
			break;

		case 'dentry': {
			// A file's dentry, whose parent is a directory's, whose parent is the root (its own parent).
			const root = variant >= 2_000;
			const name = root ? '/' : variant >= 1_000 ? DIRECTORIES[variant % DIRECTORIES.length]! : FILES[variant % FILES.length]!;
			set('d_name.name', kernel.kernelString(name));
			set('d_name.len', name.length);
			set('d_inode', kernel.argument('inode', prng, variant));
			set('d_parent', root ? Memory.address(region) : kernel.argument('dentry', prng, variant < 1_000 ? variant + 1_000 : 2_000));
			break;
		}

		case 'inode':
			set('i_ino', 131_072 + variant * 17);
			set('i_mode', 0o100644);
			set('i_size', prng.int(4096, 1 << 24));
			set('i_sb', kernel.argument('super_block', prng, 0));
			break;
		case 'super_block':
			set('s_dev', 0x800003);
			set('s_type', kernel.argument('file_system_type', prng, 0));
			break;
		case 'file_system_type':
			set('name', kernel.kernelString('ext4'));
			break;
		case 'sock':
		case 'inet_sock':
		case 'tcp_sock': {
			const base = struct === 'sock' ? '' : struct === 'inet_sock' ? 'sk.' : 'inet_conn.icsk_inet.sk.';
			set(`${base}__sk_common.skc_family`, 2);
			set(`${base}__sk_common.skc_daddr`, 0x0100_007f + (variant << 24));
			set(`${base}__sk_common.skc_rcv_saddr`, 0x0100_007f);
			set(`${base}__sk_common.skc_dport`, ((443 >> 8) | ((443 & 0xff) << 8)));
			set(`${base}__sk_common.skc_num`, 40_000 + variant);
			set(`${base}__sk_common.skc_state`, 1);
			set(`${base}sk_protocol`, 6);
			break;
		}

		case 'request':
			set('__data_len', 4096 * prng.int(1, 64));
			set('__sector', prng.int(0, 1 << 30));
			set('cmd_flags', prng.int(0, 1));
			break;
		case 'irqaction':
			set('name', kernel.kernelString(['eth0', 'nvme0q1', 'timer', 'virtio0'][variant % 4]!));
			break;
		default:
			break;
	}
}
