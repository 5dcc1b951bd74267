// Cost of a refresh as the program count grows. Prints the figures; the ceilings are generous
// (shared CI machines are noisy) and only catch a regression by an order of magnitude.
import {test} from 'node:test';
import assert from 'node:assert/strict';
import {virtualClock} from '../../../source/clock/clock.js';
import {createEmulatorBackend} from '../../../source/backends/emulator/emulator-backend.js';

const COMMANDS = [['prog', 'show'], ['map', 'show'], ['link', 'show'], ['net', 'show']];

async function refreshCost(programs: number, refreshes: number): Promise<{cpuMs: number; runs: number; interpreted: number}> {
	const clock = virtualClock({startWallMs: 1_795_598_726_000});
	const backend = createEmulatorBackend({seed: 1, clock, programs, warmUpSeconds: 0});
	const runs = () => backend.kernel.programs().reduce((sum, p) => sum + p.stats.runCnt, 0);
	// Over the run budget only some runs are interpreted; the rest are estimated (README).
	const interpreted = () => backend.kernel.programs().reduce((sum, p) => sum + p.stats.interpreted, 0);
	// Warm the JIT first; measure the second half.
	let cpu = 0;
	let before = 0;
	let interpretedBefore = 0;
	for (let i = 0; i < refreshes * 2; i++) {
		if (i === refreshes) {
			before = runs();
			interpretedBefore = interpreted();
		}

		await clock.sleep(1000);
		const start = process.cpuUsage();
		await backend.run(COMMANDS);
		const used = process.cpuUsage(start);
		if (i >= refreshes) cpu += (used.user + used.system) / 1000;
	}

	return {cpuMs: cpu / refreshes, runs: (runs() - before) / refreshes, interpreted: (interpreted() - interpretedBefore) / refreshes};
}

test('a 1-second refresh stays cheap at 100 programs and grows linearly', async t => {
	const small = await refreshCost(100, 30);
	t.diagnostic(`100 programs: ${small.cpuMs.toFixed(2)} ms CPU per refresh, ${small.runs.toFixed(0)} runs (${small.interpreted.toFixed(0)} interpreted)`);
	assert.ok(small.cpuMs < 60, `100 programs cost ${small.cpuMs} ms`);
	const large = await refreshCost(1000, 8);
	t.diagnostic(`1000 programs: ${large.cpuMs.toFixed(2)} ms CPU per refresh, ${large.runs.toFixed(0)} runs (${large.interpreted.toFixed(0)} interpreted)`);
	assert.ok(large.cpuMs < 600, `1000 programs cost ${large.cpuMs} ms`);
});
