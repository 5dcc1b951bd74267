import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {DetailLineText} from '../../../source/views/program-detail/DetailLineText.js';

test('segments are cut to the width as one line, with an ellipsis where cut', () => {
	const {lastFrame, unmount} = render(
		<DetailLineText segments={[{text: 'tag             ', tone: 'label'}, {text: '490c48c1179970a8', tone: 'value'}, {text: '  a hash of the instructions', tone: 'note'}]} width={40} selected={false} />,
	);
	assert.equal(lastFrame(), 'tag             490c48c1179970a8  a has…');
	unmount();
});
