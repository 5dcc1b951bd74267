import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseHostSpec} from '../../../source/backends/ssh/host-spec.js';

test('HOST, USER@HOST, USER@HOST:PORT, an alias and IPv6 in brackets', () => {
	assert.deepEqual(parseHostSpec('web1'), {ok: true, spec: {label: 'web1', host: 'web1'}});
	assert.deepEqual(parseHostSpec('ops@web2.example.com:2222'), {ok: true, spec: {label: 'ops@web2.example.com:2222', user: 'ops', host: 'web2.example.com', port: 2222}});
	assert.deepEqual(parseHostSpec('127.0.0.1:22'), {ok: true, spec: {label: '127.0.0.1:22', host: '127.0.0.1', port: 22}});
	assert.deepEqual(parseHostSpec('root@[::1]:2222'), {ok: true, spec: {label: 'root@[::1]:2222', user: 'root', host: '::1', port: 2222}});
	assert.deepEqual(parseHostSpec('[fe80::1%eth0]'), {ok: true, spec: {label: '[fe80::1%eth0]', host: 'fe80::1%eth0'}});
});

test('what ssh would read as an option, or a shell as more than a word, is refused', () => {
	for (const bad of ['-oProxyCommand=touch /tmp/x', 'web1 -p 22', 'a@-b', '-web', 'web;id', 'web$(id)', 'web/1', 'web|1', '', 'a@', '@b', 'web:', 'web:0', 'web:70000', 'web:22:33', 'we\nb', '::1']) {
		const parsed = parseHostSpec(bad);
		assert.equal(parsed.ok, false, bad);
		if (!parsed.ok) assert.match(parsed.error, /--host/);
	}
});
