import assert from 'node:assert/strict';
import {test} from 'node:test';
import {render} from 'ink-testing-library';
import {virtualClock} from '../../../source/clock/clock.js';
import {collect} from '../../../source/collect/collect.js';
import {advanceModel} from '../../../source/model/model.js';
import {initialUiState} from '../../../source/ui/ui-state.js';
import {attachmentsView} from '../../../source/views/attachments/attachments-view.js';
import {AttachmentsView} from '../../../source/views/attachments/AttachmentsView.js';
import {keymap} from '../../../source/views/views.js';
import {fakeBackend} from '../../helpers/fake-backend.js';
import {helloAnswers, helloNetnsAnswers} from '../../helpers/hello-answers.js';

test('key 3 switches to Attachments; the view asks for attachments in the chosen namespace', () => {
	assert.ok(keymap.some(binding => binding.keys.includes('3') && binding.action === 'view:attachments'));
	assert.deepEqual(attachmentsView.request({...initialUiState(1000), netns: 'blue'}), {attachments: true, netns: 'blue'});
});

test('hello attached xdp generic to lo in namespace blue: one row; Enter opens the program', async () => {
	const ui = {...initialUiState(1000), view: 'attachments' as const, netns: 'blue'};
	const model = advanceModel(undefined, await collect(fakeBackend(helloAnswers, helloNetnsAnswers), attachmentsView.request(ui), virtualClock()));
	const keys = attachmentsView.rowKeys(model, ui);
	assert.equal(keys.length, 1);
	const {lastFrame, unmount} = render(<AttachmentsView model={model} ui={ui} selectedKey={keys[0]} width={100} height={10} />);
	const text = lastFrame() ?? '';
	unmount();
	assert.match(text, /namespace "blue"/);
	assert.match(text, /xdp\s+lo \(1\)\s+generic\s+10 hello\s+blue/);
	assert.deepEqual(attachmentsView.open?.(keys[0]!, ui), {type: 'open', view: 'program-detail', progId: 10});
});

test('nothing attached: says so rather than an empty table', async () => {
	const ui = {...initialUiState(1000), view: 'attachments' as const};
	const model = advanceModel(undefined, await collect(fakeBackend(helloAnswers), attachmentsView.request(ui), virtualClock()));
	const {lastFrame, unmount} = render(<AttachmentsView model={model} ui={ui} width={100} height={10} />);
	assert.match(lastFrame() ?? '', /No attachments seen/);
	unmount();
});
