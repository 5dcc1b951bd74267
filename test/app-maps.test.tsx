import {createMonitor} from '../source/monitor/monitor.js';
import assert from 'node:assert/strict';
import {test} from 'node:test';
import {App} from '../source/app.js';
import {virtualClock} from '../source/clock/clock.js';
import {fixtureBackend} from './helpers/fixture-backend.js';
import {frameMatching, renderSized, wait} from './helpers/render.js';

test('2 opens the Maps view; Enter opens the value table (dumped by id); Esc goes back', async () => {
	const backend = fixtureBackend();
	const asked: string[] = [];
	const run = backend.run.bind(backend);
	backend.run = async commands => {
		asked.push(...commands.map(command => command.join(' ')));
		return run(commands);
	};

	const instance = renderSized(<App monitor={createMonitor({backend, clock: virtualClock({yieldMs: 20}), intervalMs: 1000})} />);
	try {
		await steps(instance, asked);
	} finally {
		instance.unmount();
	}
});

async function steps(instance: ReturnType<typeof renderSized>, asked: string[]) {
	await frameMatching(instance, /hello/, 10_000);
	instance.stdin.write('2');
	let frame = await frameMatching(instance, /USED BY/, 10_000);
	assert.match(frame, /5 array +hello\.bss +4 +4 +1 +1 +8\.00K hello#10/);
	assert.match(frame, /6 array +hello\.rodata +4 +15 +1 +1 +8\.00K hello#10/);
	await wait(30);
	instance.stdin.write('\r');
	frame = await frameMatching(instance, /counter +0/, 10_000);
	assert.match(frame, /Map 5 hello\.bss \(array\)/);
	assert.ok(asked.includes('map dump id 5'));
	await wait(30);
	instance.stdin.write('\u001b');
	await frameMatching(instance, /USED BY/, 10_000);
	// Reverse the order (visible in the header) so Enter opens the other map, hello.rodata.
	instance.stdin.write('r');
	await frameMatching(instance, /ID▼/, 10_000);
	await wait(30);
	instance.stdin.write('\r');
	await frameMatching(instance, /hello\.____fmt +"Hello World %d"/, 10_000);
}
