// Real OpenSSH servers for the --host tests: Debian's sshd on 127.0.0.1, each on a free port of its
// own (standing for one host), with a throwaway host key and user key in a temporary directory, root
// login by key only. The client side is an ssh config (--ssh-config) naming that key and a
// known_hosts file holding each server's key, so host keys are checked as they would be for real.
import {execFileSync, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, connect} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

export const sshdPath = '/usr/sbin/sshd';

/** Why sshd cannot be started here, or undefined when it can. */
export function sshdSkipReason(): string | undefined {
	if (process.getuid?.() !== 0) return 'not root (sshd and root login need root)';
	if (!existsSync(sshdPath)) return 'openssh-server is not installed (apt-get install openssh-server)';
	if (spawnSync('sh', ['-c', 'command -v ssh && command -v ssh-keygen']).status !== 0) return 'openssh-client is not installed';
	return undefined;
}

export type Sshd = {
	readonly port: number;
	/** `127.0.0.1:PORT`, as --host takes it. */
	readonly host: string;
	readonly pid: number;
	/** The listener and every session it started (the host dies mid-session); `sshdOnly`: only sshd's own processes. */
	kill(options?: {readonly sshdOnly?: boolean}): void;
};

export type SshdOptions = {
	/** Accept a key other than the client's: this host refuses our key. */
	readonly refuseKey?: boolean;
	/** PATH for sessions (sshd_config SetEnv): one without bpftool stands for a host that lacks it. */
	readonly path?: string;
};

export type SshFixture = {
	readonly dir: string;
	/** The client configuration, for --ssh-config. */
	readonly configFile: string;
	start(options?: SshdOptions): Promise<Sshd>;
	/** Kills every sshd started and removes the directory. */
	cleanup(): void;
};

export function sshFixture(): SshFixture {
	const dir = mkdtempSync(join(tmpdir(), 'bpftop-sshd-'));
	// sshd reads authorized_keys as the user who logs in: other users (the sudo tests') must reach it.
	chmodSync(dir, 0o755);
	// sshd refuses to start without its privilege separation directory.
	if (!existsSync('/run/sshd')) mkdirSync('/run/sshd', {mode: 0o755});
	const keygen = (name: string) => execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', name, '-f', join(dir, name)]);
	keygen('host_key');
	keygen('user_key');
	keygen('other_key');
	writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'user_key.pub')), {mode: 0o644});
	writeFileSync(join(dir, 'other_authorized_keys'), readFileSync(join(dir, 'other_key.pub')), {mode: 0o644});
	const hostKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
	const knownHosts = join(dir, 'known_hosts');
	writeFileSync(knownHosts, '');
	const configFile = join(dir, 'ssh_config');
	writeFileSync(
		configFile,
		[
			'Host *',
			`  IdentityFile ${join(dir, 'user_key')}`,
			'  IdentitiesOnly yes',
			'  IdentityAgent none',
			`  UserKnownHostsFile ${knownHosts}`,
			'  StrictHostKeyChecking yes',
			'  User root',
			'  LogLevel ERROR',
			'',
		].join('\n'),
	);
	const servers: ChildProcess[] = [];

	return {
		dir,
		configFile,
		async start(options = {}) {
			const port = await freePort();
			const config = join(dir, `sshd_${port}`);
			writeFileSync(
				config,
				[
					`Port ${port}`,
					'ListenAddress 127.0.0.1',
					`HostKey ${join(dir, 'host_key')}`,
					'PidFile none',
					`AuthorizedKeysFile ${join(dir, options.refuseKey ? 'other_authorized_keys' : 'authorized_keys')}`,
					'PermitRootLogin prohibit-password',
					'PasswordAuthentication no',
					'KbdInteractiveAuthentication no',
					'UsePAM no',
					'StrictModes no',
					'LogLevel ERROR',
					...(options.path === undefined ? [] : [`SetEnv PATH=${options.path}`]),
					'',
				].join('\n'),
			);
			writeFileSync(knownHosts, `[127.0.0.1]:${port} ${hostKey}\n`, {flag: 'a'});
			const child = spawn(sshdPath, ['-D', '-e', '-f', config], {stdio: ['ignore', 'ignore', 'pipe']});
			let log = '';
			child.stderr!.on('data', (data: Buffer) => (log += data.toString()));
			servers.push(child);
			await waitForPort(port, () => log);
			return {
				port,
				host: `127.0.0.1:${port}`,
				pid: child.pid!,
				kill: options => killTree(child.pid!, options?.sshdOnly ? isSshd : () => true),
			};
		},
		cleanup() {
			for (const server of servers) if (server.pid) killTree(server.pid);
			rmSync(dir, {recursive: true, force: true});
		},
	};
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
		});
	});
}

async function waitForPort(port: number, log: () => string, timeoutMs = 10_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const open = await new Promise<boolean>(resolve => {
			const socket = connect(port, '127.0.0.1', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		if (Date.now() > deadline) throw new Error(`sshd did not listen on ${port}: ${log()}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

/** Every process below `pid`, from /proc (sshd's sessions, and what they run). */
export function descendants(pid: number): number[] {
	const children = new Map<number, number[]>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			// The parent is the 4th field, after the command in parentheses (which may hold spaces).
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			children.set(parent, [...(children.get(parent) ?? []), Number(name)]);
		} catch {}
	}

	const found: number[] = [];
	const walk = (id: number) => {
		for (const child of children.get(id) ?? []) {
			found.push(child);
			walk(child);
		}
	};

	walk(pid);
	return found;
}

function isSshd(pid: number): boolean {
	try {
		return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sshd';
	} catch {
		return false;
	}
}

function killTree(pid: number, which: (pid: number) => boolean = () => true): void {
	for (const id of [pid, ...descendants(pid)].filter(which)) {
		try {
			process.kill(id, 'SIGKILL');
		} catch {}
	}
}

/** Processes holding run-time stats on for us on a "host": the perl holder names itself. */
export function statsHolderPids(): number[] {
	return readdirSync('/proc')
		.filter(name => /^\d+$/.test(name))
		.filter(name => {
			try {
				return readFileSync(`/proc/${name}/cmdline`, 'utf8').startsWith('bpftop-ts stats');
			} catch {
				return false;
			}
		})
		.map(Number);
}

/** Why a throwaway user with sudo cannot be made here. */
export function sudoSkipReason(): string | undefined {
	if (spawnSync('sh', ['-c', 'command -v sudo && command -v useradd && test -d /etc/sudoers.d']).status !== 0) return 'sudo is not installed (apt-get install sudo)';
	return undefined;
}

export type TestUser = {readonly name: string; remove(): void};

/**
 * A user that is not root, with no password (so not locked, and key login works) and, with `sudo`,
 * a sudoers rule for passwordless sudo. remove() deletes both.
 */
export function throwawayUser(name: string, options: {readonly sudo: boolean}): TestUser {
	spawnSync('userdel', [name]);
	execFileSync('useradd', ['--no-create-home', '--home-dir', '/nonexistent', '--shell', '/bin/sh', name]);
	execFileSync('usermod', ['-p', '*', name]);
	const rule = `/etc/sudoers.d/${name.replaceAll('.', '_')}`;
	if (options.sudo) writeFileSync(rule, `${name} ALL=(root) NOPASSWD: ALL\n`, {mode: 0o440});
	return {
		name,
		remove() {
			rmSync(rule, {force: true});
			spawnSync('userdel', [name]);
		},
	};
}
