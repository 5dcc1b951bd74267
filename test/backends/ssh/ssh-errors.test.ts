import assert from 'node:assert/strict';
import {test} from 'node:test';
import {connectError, remoteError, sshComplaint} from '../../../source/backends/ssh/ssh-errors.js';

test("ssh's complaints: refused key, unreachable, host key, and anything else as it said", () => {
	assert.match(connectError("Warning: Permanently added '[h]:22' (ED25519) to the list of known hosts.\nroot@127.0.0.1: Permission denied (publickey).\n", 255).message, /^refused the key: root@127\.0\.0\.1: Permission denied \(publickey\)\.$/);
	assert.equal(connectError('ssh: connect to host 127.0.0.1 port 1: Connection refused\n', 255).kind, 'failed');
	assert.match(connectError('ssh: connect to host 10.1.1.1 port 22: Connection timed out\n', 255).message, /^unreachable: /);
	assert.match(connectError('ssh: Could not resolve hostname nowhere: Name or service not known\n', 255).message, /^unreachable: /);
	assert.match(connectError('No ED25519 host key is known for [127.0.0.1]:2 and you have requested strict checking.\nHost key verification failed.\n', 255).message, /^host key verification failed/);
	assert.equal(connectError('something odd\n', 3).message, 'ssh exited with code 3: something odd');
	assert.equal(sshComplaint('\n\n'), '');
});

test("the connection script's errors: no bpftool, sudo refused, bpftool failing", () => {
	const missing = remoteError('127', "/bin/sh: 1: bpftool: not found", 'bpftool');
	assert.equal(missing.kind, 'missing');
	assert.match(missing.message, /^no bpftool: "bpftool" was not found on the host/);
	assert.match(remoteError('1', 'sudo: a password is required', 'bpftool').message, /^sudo -n failed: sudo: a password is required/);
	assert.equal(remoteError('1', 'sudo: a password is required', 'bpftool').kind, 'permission');
	assert.match(remoteError('1', 'sudo: bpftool: command not found', 'bpftool').message, /^no bpftool/);
	assert.match(remoteError('1', 'sudo: not found', 'bpftool').message, /sudo is not installed/);
	assert.match(remoteError('255', 'Error: failed to get ...: Operation not permitted', 'bpftool').message, /connect as root/);
});
