import assert from 'node:assert/strict';
import {test} from 'node:test';
import {programProblem} from '../../source/collect/program-exists.js';
import {fakeBackend} from '../helpers/fake-backend.js';
import {helloAnswers} from '../helpers/hello-answers.js';

test('--prog: a loaded id passes, a missing one is one clear line', async () => {
	const backend = fakeBackend(helloAnswers);
	assert.equal(await programProblem(backend, 10), undefined);
	assert.equal(await programProblem(backend, 11), '--prog: no BPF program with id 11 is loaded (see bpftool prog show)');
});

test('--prog: when prog show itself fails, that is the error, not "no such program"', async () => {
	await assert.rejects(programProblem(fakeBackend({'prog show': {error: 'Operation not permitted'}}), 10), /not permitted.*run as root/);
});
