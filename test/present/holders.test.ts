import assert from 'node:assert/strict';
import {test} from 'node:test';
import {allHoldersText, holdersFitting, holdersText} from '../../source/present/holders.js';

test('PROCESS: comm[pid], +N for the others, escapes shown not obeyed', () => {
	assert.equal(holdersText(undefined), '-');
	assert.equal(holdersText([]), '-');
	assert.equal(holdersText([{pid: 12, comm: 'opensnoop'}]), 'opensnoop[12]');
	assert.equal(holdersText([{pid: 12, comm: 'a'}, {pid: 13, comm: 'b'}, {pid: 14, comm: 'c'}]), 'a[12] +2');
	assert.equal(holdersText([{pid: 7, comm: ''}]), '[7]');
	assert.equal(holdersText([{pid: 7, comm: 'x\u001b[2J'}]), 'x\\e[2J[7]');
	assert.equal(allHoldersText([{pid: 12, comm: 'a'}, {pid: 13, comm: 'b'}]), 'a[12], b[13]');
});

test('holdersFitting: all when there is room, else the first and +N, else a shorter name, never a shorter pid', () => {
	const holders = [{pid: 2811, comm: 'unlinkwatch'}, {pid: 2812, comm: 'sh'}];
	assert.equal(holdersFitting(holders, 40), 'unlinkwatch[2811], sh[2812]');
	assert.equal(holdersFitting(holders, 20), 'unlinkwatch[2811] +1');
	assert.equal(holdersFitting(holders, 14), 'unli…[2811] +1');
	assert.equal(holdersFitting([holders[0]!], 13), 'unlink…[2811]');
	// Too narrow even for one letter: as it is (the column cuts it).
	assert.equal(holdersFitting([holders[0]!], 6), 'unlinkwatch[2811]');
	assert.equal(holdersFitting(undefined, 10), '-');
});

test('the Maps filter matches a bpftrace map by the name shown (@opens) and by the kernel\'s (AT_opens)', async () => {
	const {mapFilterTexts} = await import('../../source/present/maps/map-columns.js');
	const texts = mapFilterTexts({map: {id: 7, type: 'percpu_hash', name: 'AT_opens'}, usedBy: [], entries: undefined} as never).join(' ');
	assert.match(texts, /@opens/);
	assert.match(texts, /AT_opens/);
});
