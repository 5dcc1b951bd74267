import assert from 'node:assert/strict';
import {test} from 'node:test';
import {allHoldersText, holdersText} from '../../source/present/holders.js';

test('PROCESS: comm[pid], +N for the others, escapes shown not obeyed', () => {
	assert.equal(holdersText(undefined), '-');
	assert.equal(holdersText([]), '-');
	assert.equal(holdersText([{pid: 12, comm: 'opensnoop'}]), 'opensnoop[12]');
	assert.equal(holdersText([{pid: 12, comm: 'a'}, {pid: 13, comm: 'b'}, {pid: 14, comm: 'c'}]), 'a[12] +2');
	assert.equal(holdersText([{pid: 7, comm: ''}]), '[7]');
	assert.equal(holdersText([{pid: 7, comm: 'x\u001b[2J'}]), 'x\\e[2J[7]');
	assert.equal(allHoldersText([{pid: 12, comm: 'a'}, {pid: 13, comm: 'b'}]), 'a[12], b[13]');
});
