import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {Sparkline} from '../../source/components/Sparkline.js';

test('Sparkline draws blocks, or ASCII when asked', () => {
	assert.equal(render(<Sparkline values={[0, 4, 8]} width={4} />).lastFrame(), ' ▁▄█');
	assert.equal(render(<Sparkline values={[0, 4, 8]} width={3} ascii />).lastFrame(), '.+@');
});
