// ssh's and the connection script's complaints → one line a user can act on, with the kind of
// failure: a host that cannot be reached, one that refused the key, one without bpftool or sudo.
import {BackendError} from '../backend.js';

/** The last lines ssh wrote to stderr that say something (not warnings about known_hosts). */
export function sshComplaint(stderr: string): string {
	const lines = stderr
		.split('\n')
		.map(line => line.trim())
		.filter(line => line !== '' && !/^Warning: Permanently added/.test(line));
	return lines.at(-1) ?? '';
}

/** Why ssh could not connect (it exited before the connection script said anything). */
export function connectError(stderr: string, exitCode: number | null): BackendError {
	const text = sshComplaint(stderr);
	if (/Permission denied \(/.test(text)) return new BackendError(`refused the key: ${text}`, 'permission');
	if (/Host key verification failed|REMOTE HOST IDENTIFICATION HAS CHANGED|No .* host key is known/i.test(stderr)) {
		return new BackendError(`host key verification failed: connect once with ssh to check and accept its key (${text})`, 'permission');
	}

	if (/Could not resolve hostname|Connection refused|timed out|No route to host|Network is unreachable|Connection reset|Connection closed|kex_exchange_identification/i.test(text)) {
		return new BackendError(`unreachable: ${text}`, 'failed');
	}

	return new BackendError(`ssh exited with code ${exitCode ?? 'none'}${text ? `: ${text}` : ''}`, 'failed');
}

/** The connection script's `bpftop-ts:error STATUS OUTPUT` line: bpftool missing, sudo refused, or bpftool failing. */
export function remoteError(status: string, output: string, bpftool: string): BackendError {
	if (status === 'env') return new BackendError(`the login environment is broken: ${output}`, 'failed');
	if (/password is required|sudo: a terminal is required|may not run sudo|is not in the sudoers|not allowed to execute/i.test(output)) {
		return new BackendError(`sudo -n failed: ${output} (the user is not root: allow it bpftool without a password, or connect as root)`, 'permission');
	}

	if (/sudo: .*not found/i.test(output) && !output.includes(bpftool)) {
		return new BackendError(`the user is not root and sudo is not installed (${output})`, 'permission');
	}

	if (status === '127' || /command not found|No such file or directory/i.test(output)) {
		return new BackendError(`no bpftool: "${bpftool}" was not found on the host (install it there, or pass --bpftool PATH)${output ? ` (${output})` : ''}`, 'missing');
	}

	if (/not permitted|permission denied/i.test(output)) return new BackendError(`bpftool: ${output} (connect as root, or a user allowed sudo -n)`, 'permission');
	return new BackendError(`bpftool failed there (exit ${status}): ${output}`, 'failed');
}
