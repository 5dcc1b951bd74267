import assert from 'node:assert/strict';
import {test} from 'node:test';
import {sparkline} from '../../source/model/sparkline.js';

test('scaled to the maximum, right-aligned, cut to the width', () => {
	assert.equal(sparkline([0, 4, 8], 5), '  ▁▄█');
	assert.equal(sparkline([1, 2, 3, 4, 5, 6], 3), '▅▇█');
	assert.equal(sparkline([], 3), '   ');
	assert.equal(sparkline([1], 0), '');
});

test('zero, negative and non-finite values draw as the baseline; any activity shows', () => {
	assert.equal(sparkline([0, -5, Number.NaN, 1, 1000], 5), '▁▁▁▂█');
});

test('ASCII fallback', () => {
	assert.equal(sparkline([0, 4, 8], 3, {ascii: true}), '.+@');
	assert.doesNotMatch(sparkline([1, 2, 3, 9], 4, {ascii: true}), /[^\x20-\x7e]/);
});
