// Prepares this machine for the real-kernel tests, when we are root: installs bpftool, clang,
// iproute2, bpftrace and libbpf-tools with apt-get where missing, and mounts bpffs and tracefs where absent. Without root
// (or without apt-get) it only says what is missing; those tests are then skipped with the reason.
// BPFTOP_TEST_KERNEL=0 skips the set-up and those tests (test/helpers/kernel.ts) even as root.
import {spawnSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';

const has = command => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], {stdio: 'ignore'}).status === 0;
const run = (command, args) => spawnSync(command, args, {stdio: 'inherit'}).status === 0;
const say = text => console.log(`# kernel-setup: ${text}`);

export function kernelSetup() {
	if (process.env.BPFTOP_TEST_KERNEL === '0') return say('BPFTOP_TEST_KERNEL=0: no set-up, real-kernel tests will be skipped');
	if (process.platform !== 'linux') return say('not Linux: real-kernel tests will be skipped');
	if (process.getuid() !== 0) return say('not root: real-kernel tests will be skipped');

	// bpftrace and libbpf-tools (opensnoop …) are real tools others wrote, run by the field tests.
	const missing = [['bpftool', 'bpftool'], ['clang', 'clang'], ['ip', 'iproute2'], ['bpftrace', 'bpftrace'], ['opensnoop', 'libbpf-tools']].filter(([tool]) => !has(tool));
	if (!existsSync('/usr/include/bpf/bpf_helpers.h')) missing.push(['bpf_helpers.h', 'libbpf-dev']);
	if (missing.length > 0) {
		if (!has('apt-get')) return say(`missing ${missing.map(([tool]) => tool).join(', ')} and no apt-get to install them`);
		say(`installing ${missing.map(([, pkg]) => pkg).join(' ')} with apt-get`);
		const env = {...process.env, DEBIAN_FRONTEND: 'noninteractive'};
		spawnSync('apt-get', ['update', '-qq'], {stdio: 'inherit', env});
		spawnSync('apt-get', ['install', '-y', '-qq', ...new Set(missing.map(([, pkg]) => pkg))], {stdio: 'inherit', env});
	}

	const mounts = readFileSync('/proc/mounts', 'utf8');
	if (!/ \/sys\/fs\/bpf bpf /.test(mounts)) say(run('mount', ['-t', 'bpf', 'bpf', '/sys/fs/bpf']) ? 'mounted bpffs' : 'could not mount bpffs');
	if (!/ \/sys\/kernel\/tracing tracefs /.test(mounts) && !/ \/sys\/kernel\/debug\/tracing tracefs /.test(mounts)) {
		say(run('mount', ['-t', 'tracefs', 'tracefs', '/sys/kernel/tracing']) ? 'mounted tracefs' : 'could not mount tracefs');
	}
}

if (import.meta.url === `file://${process.argv[1]}`) kernelSetup();
