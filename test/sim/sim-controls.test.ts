// `espkit sim` takes lines on stdin that drive its boards: a program's setWatch on D4 sees `pin D4 1`, `reset`
// presses EN, a bad line is one line of error and the sim carries on, the end of stdin is not the end of the sim.
// Driven as a script would, through a pipe; the program is typed on the board's socket:// console.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { join } from 'node:path';
import { background } from '../helpers/cli-process.ts';
import { isolatedEnv } from '../helpers/isolated-env.ts';
import { needsRealEspruino } from '../helpers/espruino.ts';
import { parsePinName, parseSimControl } from '../../host/commands/sim-controls.ts';

const home = isolatedEnv();
// its own registry of running sims, so `espkit ports` elsewhere does not list this one
const env = { ...home.env, ESPKIT_SIM_REGISTRY: join(home.home, 'sims') };
after(() => home.remove());
/** Guards against hanging only. */
const WAIT_MS = 60_000;

test('pin names as Espruino reads them on the ESP32, and the control lines', () => {
  assert.equal(parsePinName('D0'), 0);
  assert.equal(parsePinName('D39'), 39);
  assert.equal(parsePinName('D04'), 4);
  assert.equal(parsePinName('17'), 17);
  for (const bad of ['D40', '40', 'd4', 'A0', 'D', 'D123', '-1', 'D4.5', 'GPIO4', '']) assert.equal(parsePinName(bad), undefined, bad);
  assert.deepEqual(parseSimControl('pin D4 0', 1), { kind: 'pin', pin: 4, level: 0 });
  assert.deepEqual(parseSimControl('  PIN 0 High ', 1), { kind: 'pin', pin: 0, level: 1 });
  assert.deepEqual(parseSimControl('pin D2 low', 1), { kind: 'pin', pin: 2, level: 0 });
  assert.equal(parseSimControl('   ', 1), undefined);
  assert.deepEqual(parseSimControl('reset', 1), { kind: 'reset' });
  assert.deepEqual(parseSimControl('board 2', 3), { kind: 'board', index: 2 });
  assert.throws(() => parseSimControl('pin D40 1', 1), /^Error: "D40" is not a pin: D0\.\.D39 or 0\.\.39$/);
  assert.throws(() => parseSimControl('pin D4 2', 1), /"2" is not a level/);
  assert.throws(() => parseSimControl('pin D4', 1), /usage: pin/);
  assert.throws(() => parseSimControl('board 2', 1), /there is 1 board/);
  assert.throws(() => parseSimControl('press', 1), /unknown command "press": type help/);
});

for (const personality of ['model', 'real interpreter'] as const) {
  test(`espkit sim: a program's setWatch sees the pins driven on stdin (${personality})`, { skip: personality === 'real interpreter' ? needsRealEspruino : false, timeout: 180_000 }, async () => {
    const sim = background(['--verbose', 'sim', '--no-pacing', '--no-pty', '--espruino', ...(personality === 'model' ? ['--model'] : []), '--flash', join(home.home, `${personality}.bin`)], { env, input: true });
    const stdin = sim.child.stdin!;
    let socket: net.Socket | undefined;
    try {
      const [, device, port] = await sim.waitFor(/^(esp32-[0-9a-f]{6}) {2}MAC .* socket:\/\/127\.0\.0\.1:(\d+)/m, WAIT_MS);
      await sim.waitFor(/running; Ctrl-C stops/, WAIT_MS);
      assert.match(sim.output, personality === 'model' ? /^Espruino: model/m : /^Espruino: real interpreter/m);
      let screen = '';
      const waiters = new Set<() => void>();
      const seen = (pattern: RegExp): Promise<void> => new Promise((resolve, reject) => {
        const check = (): void => {
          if (!pattern.test(screen)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the console showed no ${pattern} within ${WAIT_MS} ms:\n${JSON.stringify(screen)}\n${sim.output}`));
        }, WAIT_MS);
        waiters.add(check);
        check();
      });
      const conn = net.connect(Number(port), '127.0.0.1');
      socket = conn;
      conn.on('data', (d: Buffer) => {
        screen += d.toString('latin1');
        for (const w of [...waiters]) w();
      });
      // the boot output goes to whoever is attached when it is printed: press EN once the board has the link
      await sim.waitFor(new RegExp(`^${device} connect `, 'm'), WAIT_MS);
      stdin.write('reset\n');
      await sim.waitFor(new RegExp(`^${device}: EN pressed$`, 'm'), WAIT_MS);
      await seen(/Donate[^]*>$/);
      conn.write('\x10setWatch(function(e) { print("door", e.state); }, D4, { repeat: true, edge: "both" }); print("watching")\n');
      await seen(/watching\r\n/);

      stdin.write('pin D40 1\n');
      await sim.waitFor(/^error: "D40" is not a pin: D0\.\.D39 or 0\.\.39$/m, WAIT_MS);
      stdin.write('pin D4 1\n');
      await seen(/door true\r\n/);
      assert.match(sim.output, new RegExp(`^${device}: D4 driven high$`, 'm'));
      // the end of stdin ends the controls, not the boards
      stdin.end('pin 4 low\n');
      await seen(/door false\r\n/);
      conn.write('\x10print("still", 6*7)\n');
      await seen(/still 42\r\n/);
      assert.equal(screen.match(/door \w+/g)?.join(','), 'door true,door false');
    } finally {
      socket?.destroy();
      assert.equal(await sim.stop(), 0, sim.output);
    }
    assert.match(sim.output, /^stopped$/m);
  });
}
