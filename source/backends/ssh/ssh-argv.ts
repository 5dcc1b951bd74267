// The ssh command lines, as argument arrays: one connection per host (ssh -M, the ControlMaster,
// running the connection script), and sessions multiplexed over it (-S, ControlMaster=no). The
// user's ssh config, agent, ProxyJump and known_hosts apply; these options come first on the
// command line, so they win over the config where they must (no forwarding, no prompt).
import type {HostSpec} from './host-spec.js';

export type SshTarget = {
	readonly spec: HostSpec;
	/** The control socket of this host's connection (a private directory: see ssh-backend.ts). */
	readonly controlPath: string;
	/** --ssh-config FILE: used instead of ~/.ssh/config (ssh -F). */
	readonly configFile?: string;
};

/** How long ssh waits for the TCP connection; the whole connect is bounded by the backend. */
export const connectTimeoutS = 10;
/** A connection that stopped answering is found dead after ServerAliveInterval × ServerAliveCountMax. */
const aliveIntervalS = 5;
const aliveCount = 3;

function common(target: SshTarget): string[] {
	const {spec, configFile, controlPath} = target;
	return [
		// Never a prompt (a password, a new host key): a monitor has nobody to answer it.
		'-o',
		'BatchMode=yes',
		'-o',
		'ClearAllForwardings=yes',
		'-o',
		'ForwardAgent=no',
		'-o',
		'ForwardX11=no',
		// A RemoteCommand in the user's config would clash with ours.
		'-o',
		'RemoteCommand=none',
		'-T',
		'-S',
		controlPath,
		...(configFile === undefined ? [] : ['-F', configFile]),
		...(spec.port === undefined ? [] : ['-p', String(spec.port)]),
		...(spec.user === undefined ? [] : ['-l', spec.user]),
	];
}

/** The connection: the master, whose own session runs `remote` (it lives as long as that does). */
export function connectionArgv(target: SshTarget, remote: string): string[] {
	return [
		'-M',
		'-o',
		'ControlPersist=no',
		'-o',
		`ConnectTimeout=${connectTimeoutS}`,
		'-o',
		`ServerAliveInterval=${aliveIntervalS}`,
		'-o',
		`ServerAliveCountMax=${aliveCount}`,
		...common(target),
		'--',
		target.spec.host,
		remote,
	];
}

/** A session over the host's connection. */
export function sessionArgv(target: SshTarget, remote: string): string[] {
	return ['-o', 'ControlMaster=no', ...common(target), '--', target.spec.host, remote];
}
