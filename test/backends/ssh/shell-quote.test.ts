// The remote command is read by the remote user's shell: every word must arrive as it was sent. Checked
// by running the quoted words through real shells and reading back what they received.
import assert from 'node:assert/strict';
import {spawnSync} from 'node:child_process';
import {test} from 'node:test';
import {shellCommand, shellQuote} from '../../../source/backends/ssh/shell-quote.js';
import {batchScript, connectionScript, perlStatsHolder, pythonStatsHolder, remoteCommand, sysctlStatsHolder, traceScript} from '../../../source/backends/ssh/remote-scripts.js';

const shells = ['sh', 'bash', 'dash', 'zsh'].filter(shell => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0);

/** What a shell's `printf '%s\0'` received, one word per NUL. */
function received(shell: string, command: string): string[] {
	const result = spawnSync(shell, ['-c', `printf '%s\\0' ${command}`], {encoding: 'utf8'});
	assert.equal(result.status, 0, result.stderr);
	return result.stdout.split('\0').slice(0, -1);
}

const odd = [
	"it's",
	'"double"',
	'$(touch /tmp/bpftop-quote-pwned)',
	'`id`',
	'a b\tc\nd',
	'; rm -rf /',
	"''",
	"'\"'\"'",
	'\\',
	'\\\\\'',
	'$HOME ${PATH} $1 $@ $*',
	'*?[a-z]~',
	'!event',
	'#comment',
	'',
	'é ü 漢字 🙂',
	'\u001b[31mred\u0007',
];

test('odd words reach the shell unchanged, in every POSIX shell here', () => {
	assert.ok(shells.includes('sh'));
	for (const shell of shells) assert.deepEqual(received(shell, shellCommand(odd)), odd, shell);
	assert.equal(spawnSync('test', ['-e', '/tmp/bpftop-quote-pwned']).status, 1, 'nothing was run');
});

test('random words of any characters but NUL survive quoting', () => {
	let seed = 7;
	const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
	const alphabet = ['a', ' ', "'", '"', '\\', '$', '`', '\n', '\t', '(', ')', ';', '&', '|', '<', '>', '*', '?', '!', '#', '~', '{', '}', '\u00e9', '\u0001'];
	for (let round = 0; round < 50; round++) {
		const words = Array.from({length: 1 + Math.floor(random() * 5)}, () => Array.from({length: Math.floor(random() * 12)}, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
		assert.deepEqual(received('sh', shellCommand(words)), words);
	}
});

test('no backslash pair a fish login shell would read differently inside single quotes', () => {
	for (const script of [connectionScript, perlStatsHolder, pythonStatsHolder, sysctlStatsHolder, batchScript, traceScript]) {
		assert.doesNotMatch(shellQuote(script), /\\\\|\\'/);
	}
});

test('the remote command runs /bin/sh with the script and its arguments as words, through sudo -n when asked', () => {
	assert.equal(remoteCommand('echo "$1"', ['x y'], false), `exec '/bin/sh' '-c' 'echo "$1"' 'bpftop-ts' 'x y'`);
	assert.match(remoteCommand('true', [], true), /^exec sudo -n '\/bin\/sh' /);
	const result = spawnSync('sh', ['-c', remoteCommand('printf "%s|" "$0" "$@"', ["it's", '$(id)'], false)], {encoding: 'utf8'});
	assert.equal(result.stdout, "bpftop-ts|it's|$(id)|");
});
