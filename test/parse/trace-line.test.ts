import assert from 'node:assert/strict';
import {test} from 'node:test';
import {parseTraceLine} from '../../source/parse/trace-line.js';

test('a bpf_printk line from this machine', () => {
	assert.deepEqual(parseTraceLine('         python3-3383    [001] ..s21   243.925586: bpf_trace_printk: Hello World 0\n'), {
		time: 243.925586,
		task: 'python3',
		pid: 3383,
		cpu: 1,
		flags: '..s21',
		function: 'bpf_trace_printk',
		message: 'Hello World 0',
	});
});

test('tasks with angle brackets, slashes, colons, dashes and spaces', () => {
	const idle = parseTraceLine('          <idle>-0       [003] d.h2.  1090.971119: bpf_trace_printk: tick');
	assert.equal(idle.task, '<idle>');
	assert.equal(idle.pid, 0);
	assert.equal(idle.cpu, 3);
	assert.equal(idle.flags, 'd.h2.');
	const worker = parseTraceLine('  kworker/1:2-123     [001] ..... 5.000001: bpf_trace_printk: x');
	assert.equal(worker.task, 'kworker/1:2');
	assert.equal(worker.pid, 123);
	const dashed = parseTraceLine('  my-prog-name-9-77  [000] ....  1.5: bpf_trace_printk: y');
	assert.equal(dashed.task, 'my-prog-name-9');
	assert.equal(dashed.pid, 77);
	assert.equal(dashed.flags, '....');
	const spaced = parseTraceLine('     Web Content-4242    [002] ..s1. 12.000000: bpf_trace_printk: z');
	assert.equal(spaced.task, 'Web Content');
	assert.equal(spaced.pid, 4242);
	assert.equal(spaced.message, 'z');
});

test('optional tgid and flags columns, and other events', () => {
	const tgid = parseTraceLine('            bash-1977    (   1977) [000] .... 17284.993652: sys_close -> 0x0');
	assert.equal(tgid.task, 'bash');
	assert.equal(tgid.cpu, 0);
	assert.equal(tgid.function, '');
	assert.equal(tgid.message, 'sys_close -> 0x0');
	const noFlags = parseTraceLine('            bash-1977  [000] 17284.993652: bpf_trace_printk: no irq-info');
	assert.equal(noFlags.flags, '');
	assert.equal(noFlags.time, 17284.993652);
	assert.equal(noFlags.message, 'no irq-info');
});

test('the message keeps colons, dashes and raw control bytes', () => {
	const line = parseTraceLine('node-1 [000] ..s21 1.000000: bpf_trace_printk: a: b -2 [9] \u001b[31mred\r');
	assert.equal(line.task, 'node');
	assert.equal(line.message, 'a: b -2 [9] \u001b[31mred\r');
});

test('a header forged inside a message cannot change the task', () => {
	const line = parseTraceLine('   x-5  [000] ..s21 1.000000: bpf_trace_printk: evil-666 [007] ..... 9.9: bpf_trace_printk: spoof');
	assert.equal(line.task, 'x');
	assert.equal(line.pid, 5);
	assert.equal(line.message, 'evil-666 [007] ..... 9.9: bpf_trace_printk: spoof');
});

test('lost-events lines count the loss; anything else is kept whole', () => {
	assert.deepEqual(parseTraceLine('CPU:3 [LOST 120 EVENTS]'), {cpu: 3, lost: 120, message: 'CPU:3 [LOST 120 EVENTS]'});
	assert.deepEqual(parseTraceLine('second line of a %s with a newline'), {message: 'second line of a %s with a newline'});
	assert.deepEqual(parseTraceLine(''), {message: ''});
});
