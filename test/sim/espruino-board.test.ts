// Espruino on the full virtual board, through a real Link at 115200 baud: the byte stream a Storage upload
// sends stores code that load() runs (it joins WiFi and talks MQTT to aedes), the code survives a restart
// with the same flash file, E.reboot() goes through the ROM, XOFF reaches the host when the board is
// busy, and the BLE central takes the console.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { once } from 'node:events';
import { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { startBoard, type VirtualBoard } from '../../sim/index.ts';
import { startEspruino, type EspruinoPersonality } from '../../sim/espruino/index.ts';
import type { EspruinoOptions } from '../../sim/espruino/options.ts';
import { openLink, type Link } from '../../host/link/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'espkit-espruino-board-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const AP = { ssid: 'lab', password: 'secret123' };
const TIMING = { bootDelayMs: 50, wifiConnectMs: 50, wifiAttemptMs: 20 };

interface Bench {
  board: VirtualBoard;
  link: Link;
  /** The Espruino running now (a new one after every reset). */
  espruino(): EspruinoPersonality;
  text(): string;
  clear(): void;
  waitFor(pattern: RegExp | string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

async function bench(options: { flashFile?: string; espruino?: EspruinoOptions } = {}): Promise<Bench> {
  let current: EspruinoPersonality | undefined;
  const board = await startBoard({
    installEspruino: true,
    ...(options.flashFile ? { flashFile: options.flashFile } : {}),
    application: { ap: AP, timing: TIMING, ...options.espruino },
    startApplication: (services, opts) => (current = startEspruino(services, opts)),
  });
  // The board powered on before the link was attached, and a UART with nobody listening sends its bytes to no
  // one: on a loaded machine the start of that boot is gone. So EN is pressed (as a monitor does) the moment the
  // board attaches the link, once the endpoint holds its port: the link sees one whole boot, from the ROM's banner.
  const onAttach = (event: { type: string }): void => {
    if (event.type !== 'connect') return;
    board.off('event', onAttach);
    process.nextTick(() => board.reset());
  };
  board.on('event', onAttach);
  const link = await openLink(board.ports.socket);
  let received = '';
  let waiters: Array<() => void> = [];
  link.on('data', (d: Buffer) => {
    received += d.toString('latin1');
    for (const w of waiters) w();
  });
  const waitFor = (pattern: RegExp | string, timeoutMs = 10000): Promise<string> => new Promise((resolve, reject) => {
    const check = (): boolean => {
      const hit = typeof pattern === 'string' ? received.includes(pattern) : pattern.test(received);
      if (hit) {
        clearTimeout(timer);
        waiters = waiters.filter((w) => w !== check);
        resolve(received);
      }
      return hit;
    };
    const timer = setTimeout(() => {
      waiters = waiters.filter((w) => w !== check);
      reject(new Error(`no ${String(pattern)} on the link; it got ${JSON.stringify(received.slice(-500))}`));
    }, timeoutMs);
    if (!check()) waiters.push(check);
  });
  return {
    board,
    link,
    espruino: () => current!,
    text: () => received,
    clear: () => {
      received = '';
    },
    waitFor,
    close: async () => {
      await link.close();
      await board.close();
    },
  };
}

/** What the Espruino tools send to store code as .bootcde and run it (facts/espruino.md). */
function storageUpload(code: string): string[] {
  const lines: string[] = [];
  for (let at = 0; at < code.length; at += 1024) {
    lines.push(`\x10require("Storage").write(".bootcde",${JSON.stringify(code.slice(at, at + 1024))},${at},${code.length});\n`);
  }
  lines.push('\x10load()\n');
  return lines;
}

/** A firmware-like program: WiFi, then one MQTT PUBLISH (QoS 0) to the broker on `port`. */
function mqttProgram(port: number): string {
  const filler = `// ${'padding so the upload takes several 1 KB lines '.repeat(60)}\n`;
  return `${filler}
function str(s) { return String.fromCharCode(s.length >> 8, s.length & 255) + s; }
function pkt(t, b) { return String.fromCharCode(t, b.length) + b; }
E.on("init", function () {
  print("app: starting on " + getSerial());
  require("Wifi").connect("${AP.ssid}", {password: "${AP.password}"}, function (err) {
    if (err) return print("app: wifi failed " + err);
    var s = require("net").connect({host: "127.0.0.1", port: ${port}}, function () {
      s.write(pkt(0x10, str("MQTT") + "\\x04\\x02\\x00\\x3c" + str("board-test")));
      s.write(pkt(0x30, str("espkit/board/status") + "online"));
      print("app: published");
    });
  });
});
`;
}

test('the upload byte stream stores code that load() runs: WiFi, MQTT to a real broker; it survives a restart', async () => {
  const aedes = await Aedes.createBroker();
  const broker = createServer((s) => aedes.handle(s));
  broker.listen(0, '127.0.0.1');
  await once(broker, 'listening');
  const port = (broker.address() as { port: number }).port;
  const watcher = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, { clientId: 'watcher' });
  const messages: string[] = [];
  watcher.on('message', (_t, m) => messages.push(m.toString()));
  await watcher.subscribeAsync('espkit/board/status');
  const flashFile = join(dir, 'upload.bin');
  let b = await bench({ flashFile });
  try {
    await b.waitFor(/Donate\r\n\r\n>$/);
    b.clear();
    await b.link.send('\x10reset();\n');
    await b.waitFor(/Donate\r\n\r\n>$/);
    await new Promise((r) => setTimeout(r, 100)); // the tools pause after reset()
    b.clear();
    for (const line of storageUpload(mqttProgram(port))) await b.link.send(line);
    await b.waitFor('app: published');
    assert.match(b.text(), /app: starting on 240ac4[0-9a-f]{2}-[0-9a-f]{4}\r\n/);
    assert.doesNotMatch(b.text(), /Uncaught|FIFO_FULL/);
    await new Promise<void>((resolve) => {
      const tick = (): void => (messages.includes('online') ? resolve() : void setTimeout(tick, 10));
      tick();
    });

    // power the board down and start it again on the same flash file: the code is still there
    await b.close();
    messages.length = 0;
    b = await bench({ flashFile });
    const boot = await b.waitFor('app: published');
    assert.match(boot, /rst:0x1 \(POWERON_RESET\)/);
    assert.doesNotMatch(boot, /espruino\.com/, 'saved code at power-on: no banner');
  } finally {
    await b.close();
    await watcher.endAsync();
    await new Promise<void>((resolve) => broker.close(() => resolve()));
    await new Promise<void>((resolve) => aedes.close(() => resolve()));
  }
});

test('E.reboot() restarts the chip through the ROM (SW_CPU_RESET) and Espruino comes back', async () => {
  const b = await bench();
  try {
    await b.waitFor(/>$/);
    b.clear();
    await b.link.send('\x10E.reboot()\n');
    const out = await b.waitFor(/Donate\r\n\r\n>$/);
    assert.match(out, /rst:0xc \(SW_CPU_RESET\)/);
  } finally {
    await b.close();
  }
});

test('at 115200 a busy board sends XOFF; a sender that ignores it loses bytes (FIFO_FULL)', async () => {
  // The board's clock follows the wall clock, so a stall of this process while the UART delivers the 8 KB is, for the
  // board, a sender that paused and let it drain. At 1 ms a byte of flash (1 KB a second) no stall short of
  // several seconds drains enough for the rest to fit in the buffer; at 0.3 ms a 1.5 s stall did.
  const b = await bench({ espruino: { timing: { ...TIMING, flashWriteUsPerByte: 1000 } } });
  try {
    await b.waitFor(/>$/);
    b.clear();
    let code = '';
    for (let i = 0; code.length < 8000; i++) code += `var v${i} = ${i};\n`;
    const lines = storageUpload(code).slice(0, -1).join('');
    await b.link.send(lines);
    await b.waitFor('\x13', 10000);
    await b.waitFor(/New interpreter error: FIFO_FULL/, 20000);
    assert.ok(b.espruino().console.lost > 0);
    await b.waitFor('\x11', 20000); // XON once it has drained
  } finally {
    await b.close();
  }
});

test('a BLE central connecting takes the console to Bluetooth; the serial side sees it go and come back', async () => {
  const b = await bench();
  try {
    await b.waitFor(/>$/);
    b.clear();
    const central = b.espruino().ble;
    central.connect();
    await b.waitFor('-> Bluetooth\r\n');
    central.disconnect();
    await b.waitFor('<- Bluetooth\r\n');
    b.clear();
    await b.link.send('6*7\n');
    await b.waitFor('=42');
  } finally {
    await b.close();
  }
});
