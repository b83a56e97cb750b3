// The monitor on a real terminal (a tmux pane): raw mode, so Ctrl-C is a key for the board rather than the
// end of the monitor; colours on by default; the Ctrl-T menu; Ctrl-] gives the terminal back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SerialPeer } from '../bridge/serial-peer.ts';
import { waitFor } from '../bridge/wait.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const haveTmux = spawnSync('tmux', ['-V'], { stdio: 'ignore' }).status === 0;

test('on a terminal: colours, Ctrl-C to the board, the menu, Ctrl-] quits', { skip: haveTmux ? false : 'tmux is not installed' }, async () => {
  const peer = await SerialPeer.start();
  const server = `espkit-test-${process.pid}`;
  const { NO_COLOR: _a, FORCE_COLOR: _b, ...env } = process.env;
  const tmux = (...args: string[]) => spawnSync('tmux', ['-L', server, ...args], { encoding: 'utf8', env: { ...env, TERM: 'xterm-256color' } });
  const pane = (): string => tmux('capture-pane', '-p', '-e', '-t', 'mon').stdout ?? '';
  const running = (): boolean => tmux('has-session', '-t', 'mon').status === 0;
  try {
    const started = tmux('new-session', '-d', '-s', 'mon', '-x', '160', '-y', '40', `cd ${root} && exec ${process.execPath} bin/espkit.js --port ${peer.name} monitor`);
    assert.equal(started.status, 0, started.stderr);
    await peer.whenConnected(30_000);
    await waitFor(() => pane().includes('Ctrl-T Ctrl-H for help'), 'the banner');

    peer.send('E (12) wifi: fail\r\nplain line\r\n>');
    await waitFor(() => pane().includes('plain line'), 'the lines');
    assert.match(pane(), /\x1b\[31mE \(12\) wifi: fail/, 'errors are red on a terminal');

    tmux('send-keys', '-t', 'mon', 'C-c');
    await peer.untilReceived('\x03');
    assert.ok(running(), 'Ctrl-C did not stop the monitor');
    tmux('send-keys', '-t', 'mon', '1+1', 'Enter');
    await peer.untilReceived('1+1\r');
    tmux('send-keys', '-t', 'mon', 'C-t', 'C-h');
    await waitFor(() => pane().includes('espkit monitor keys'), 'the help');

    tmux('send-keys', '-t', 'mon', 'C-]');
    await waitFor(() => !running(), 'the monitor to quit on Ctrl-]');
  } finally {
    tmux('kill-server');
    await peer.close();
  }
});
