// XON/XOFF: when the board says stop, nothing more is sent until it says go (the `espruino` package keeps
// sending and loses bytes); a board that never lets go is a clear error, not a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { openLink } from '../../host/link/index.ts';
import { EspruinoRepl } from '../../host/espruino/repl.ts';
import { XON, XOFF } from '../../core/espruino/console-bytes.ts';
import { patternBytes } from '../helpers/bytes.ts';

/** A TCP "board" that says XOFF as soon as we connect and records what it receives. */
async function stallingBoard() {
  const received: Buffer[] = [];
  let socket: Socket | undefined;
  const server = createServer((s) => {
    socket = s;
    s.on('data', (d) => received.push(d));
    s.write(Buffer.from([0x41, XOFF, 0x42, 0x0a])); // "A", XOFF, "B\n": the stop byte sits inside output
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as { port: number }).port;
  return {
    url: `socket://127.0.0.1:${port}`,
    received: () => Buffer.concat(received),
    go: () => socket!.write(Buffer.from([XON])),
    close: () => new Promise<void>((resolve) => {
      socket?.destroy();
      server.close(() => resolve());
    }),
  };
}

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), what);
}

test('after XOFF nothing is sent until XON, then everything arrives in order', async () => {
  const board = await stallingBoard();
  const link = await openLink(board.url);
  const lines: string[] = [];
  const repl = new EspruinoRepl(link, { onLine: (l) => lines.push(l) });
  try {
    await until(() => repl.flow.paused, 'the XOFF was seen');
    assert.deepEqual(lines, ['AB'], 'flow-control bytes are taken out of the console text');
    const data = patternBytes(5000);
    let done = false;
    const sending = repl.send(data.toString('latin1')).then(() => (done = true));
    // give a sender that ignored XOFF every chance to be caught
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(board.received().length, 0, 'nothing was sent while the board said stop');
    assert.equal(done, false);
    board.go();
    await sending;
    await until(() => board.received().length === data.length, 'all bytes arrived');
    assert.deepEqual(board.received(), data);
    assert.equal(repl.flow.xoffCount, 1);
  } finally {
    repl.detach();
    await link.close();
    await board.close();
  }
});

test('a board that holds XOFF too long is reported, not waited for forever', async () => {
  const board = await stallingBoard();
  const link = await openLink(board.url);
  const repl = new EspruinoRepl(link, { flow: { stallTimeoutMs: 300 } });
  try {
    await until(() => repl.flow.paused, 'the XOFF was seen');
    await assert.rejects(repl.send('print(1)\n'), /^EspkitError: the board on socket:\/\/127\.0\.0\.1:\d+ held XOFF \(flow control\) for 0\.3 s: it is stuck; reset it and try again$/);
  } finally {
    repl.detach();
    await link.close();
    await board.close();
  }
});
