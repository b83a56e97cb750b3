import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { openLink } from '../../host/link/index.ts';
import {
  CONTROL, CPO, DO, OPT_COM_PORT, SERVER_OFFSET, TelnetParser, WILL, comPort, escapeData, negotiate,
} from '../../core/protocol/telnet.ts';
import { collect, patternBytes } from '../helpers/bytes.ts';

function listen(onSocket: (s: net.Socket) => void): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    onSocket(s);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        port,
        close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
      });
    });
  });
}

test('socket:// moves bytes both ways and says in --verbose that it has no modem lines', async () => {
  let peer: net.Socket | undefined;
  const server = await listen((s) => { peer = s; });
  const notes: string[] = [];
  const link = await openLink(`socket://127.0.0.1:${server.port}`, { verbose: (m) => notes.push(m) });
  try {
    assert.equal(link.kind, 'socket');
    for (let i = 0; i < 100 && !peer; i++) await new Promise((r) => setTimeout(r, 10));
    const out = patternBytes(100_000, 3);
    const got = collect(peer!, (all) => all.length >= out.length);
    await link.send(out);
    assert.deepEqual(await got, out);
    const back = patternBytes(50_000, 4);
    const got2 = collect(link, (all) => all.length >= back.length);
    peer!.write(back);
    assert.deepEqual(await got2, back);
    await link.setSignals({ dtr: true, rts: true });
    await link.setBaud(460800);
    assert.ok(notes.some((n) => /no modem lines/.test(n)), notes.join('\n'));
    assert.ok(notes.some((n) => /no baud/.test(n)), notes.join('\n'));
    // The other end going away is reported as a lost device.
    const closed = new Promise<void>((r) => link.once('close', () => r()));
    peer!.destroy();
    await closed;
    assert.equal(link.lost, true);
  } finally {
    await link.close();
    await server.close();
  }
});

/** A minimal RFC 2217 server that records what the client asks for and echoes data back. */
function rfc2217Server(log: string[]) {
  return listen((s) => {
    const parser = new TelnetParser();
    s.on('data', (chunk: Buffer) => {
      for (const ev of parser.feed(chunk)) {
        if (ev.type === 'negotiate' && ev.verb === WILL && ev.option === OPT_COM_PORT) s.write(negotiate(DO, OPT_COM_PORT));
        if (ev.type === 'subnegotiation' && ev.option === OPT_COM_PORT) {
          const [cmd = 0, ...value] = ev.data;
          if (cmd === CPO.SET_BAUDRATE) log.push(`baud ${Buffer.from(value).readUInt32BE(0)}`);
          if (cmd === CPO.SET_CONTROL) {
            const names: Record<number, string> = {
              [CONTROL.DTR_ON]: 'dtr on', [CONTROL.DTR_OFF]: 'dtr off', [CONTROL.RTS_ON]: 'rts on', [CONTROL.RTS_OFF]: 'rts off',
            };
            if (names[value[0]!]) log.push(names[value[0]!]!);
          }
          s.write(comPort(cmd + SERVER_OFFSET, Buffer.from(value)));
        }
        if (ev.type === 'data') s.write(escapeData(ev.data)); // echo, IAC escaped
      }
    });
  });
}

test('rfc2217:// sends baud and DTR/RTS changes to the server and escapes 0xff in data', async () => {
  const log: string[] = [];
  const server = await rfc2217Server(log);
  const link = await openLink(`rfc2217://127.0.0.1:${server.port}`, { baud: 115200 });
  try {
    assert.equal(link.kind, 'rfc2217');
    // Opening sets the baud and lowers both lines (opening must not reset the board).
    assert.ok(log.includes('baud 115200'), log.join(', '));
    assert.ok(log.includes('dtr off') && log.includes('rts off'), log.join(', '));
    log.length = 0;
    // The classic esptool reset: (DTR off, RTS on) then (DTR on, RTS off) then DTR off.
    await link.setSignals({ dtr: false, rts: true });
    await link.setSignals({ dtr: true, rts: false });
    await link.setSignals({ dtr: false, rts: false });
    await link.setBaud(921600);
    assert.deepEqual(log, ['dtr off', 'rts on', 'dtr on', 'rts off', 'dtr off', 'rts off', 'baud 921600']);
    const out = Buffer.concat([Buffer.from([0xff, 0xff, 0x00, 0xfa, 0xf0]), patternBytes(20_000, 5)]);
    const got = collect(link, (all) => all.length >= out.length);
    await link.send(out);
    assert.deepEqual(await got, out);
  } finally {
    await link.close();
    await server.close();
  }
});

test('rfc2217:// to a plain TCP port is a clear error', async () => {
  const server = await listen(() => {});
  try {
    await assert.rejects(openLink(`rfc2217://127.0.0.1:${server.port}`), /is not an RFC 2217 server.*socket:\/\//);
  } finally {
    await server.close();
  }
});

test('unreachable socket:// and rfc2217:// hosts give one clear line', async () => {
  const server = await listen(() => {});
  const port = server.port;
  await server.close(); // nothing listens there now
  await assert.rejects(openLink(`socket://127.0.0.1:${port}`), /^EspkitError: cannot reach socket:\/\/127\.0\.0\.1:\d+: connection refused/);
  await assert.rejects(openLink(`rfc2217://127.0.0.1:${port}`), /cannot reach rfc2217:\/\/.*connection refused/);
  await assert.rejects(openLink('socket://no-such-host.invalid:4000'), /unknown host/);
  await assert.rejects(openLink('socket://127.0.0.1:99999'), /port from 1 to 65535/);
  await assert.rejects(openLink('telnet://127.0.0.1:23'), /unknown port scheme "telnet:\/\/"/);
});
