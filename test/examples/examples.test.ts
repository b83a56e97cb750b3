// Every example under examples/ builds as a user gets it (espkit init --example, then espkit build's compiler),
// and each runs on the real Espruino interpreter behind the stand-ins (stand-ins.ts) for what the Linux build
// lacks: the door sensor publishes one event per settled change of its pin over a real broker, the display
// shows a push's text through the I2C bus, the buzzer plays its notes with analogWrite, the sensor reads and
// deep-sleeps for 60 s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import mqtt, { type MqttClient } from 'mqtt';
import { exampleNames } from '../../host/init/project.ts';
import { realEspruino, needsRealEspruino } from '../helpers/espruino.ts';
import { startAedes, type TestBroker } from '../../bench/support/brokers.ts';
import { buildExample, removeExampleFolders, runExample } from './run-example.ts';
import { standIns, i2cWrites } from './stand-ins.ts';
import { CharacterLcd } from './lcd-model.ts';

const EXAMPLES = ['door-sensor', 'push-display', 'push-buzzer', 'sleepy-sensor'];

let broker: TestBroker;
let watcher: MqttClient;
/** Every message the broker carried, in order. */
const seen: Array<{ topic: string; payload: string }> = [];

before(async () => {
  broker = await startAedes();
  watcher = await mqtt.connectAsync(broker.url, { clientId: `test-examples-${process.pid}`, clean: true, reconnectPeriod: 0 });
  watcher.on('message', (topic, payload) => seen.push({ topic, payload: payload.toString() }));
  await watcher.subscribeAsync('espkit/#', { qos: 1 });
});

after(async () => {
  await watcher?.endAsync();
  await broker?.close();
  removeExampleFolders();
});

/** The settings espkit deploy would store for `device` on the test broker. */
function labSettings(device: string): Record<string, string | number> {
  return { ssid: 'espkit-lab', wifiPassword: 'lab-pass-123', broker: broker.url, device, keepalive: 5 };
}

/** The payloads the broker carried on `topic` so far. */
function payloadsOn(topic: string): string[] {
  return seen.filter((m) => m.topic === topic).map((m) => m.payload);
}

/** Wait (bounded) until the broker has carried `count` messages on `topic`. */
async function messagesOn(topic: string, count: number, deadlineMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const found = seen.filter((m) => m.topic === topic).map((m) => m.payload);
    if (found.length >= count) return found;
    if (Date.now() > deadline) assert.fail(`${found.length} of ${count} message(s) on ${topic} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function publishPush(device: string, id: string, msg: string): Promise<void> {
  await watcher.publishAsync(`espkit/${device}/push`, JSON.stringify({ id, msg, ts: 0, ttl: 0 }), { qos: 1 });
}

test('the examples shipped are the ones tested', () => {
  assert.deepEqual(exampleNames(), [...EXAMPLES].sort());
});

for (const name of EXAMPLES) {
  test(`example ${name} builds from espkit init --example`, { timeout: 120_000 }, async () => {
    const built = await buildExample(name);
    assert.ok(built.bytes > 0 && built.budgeted <= built.budget, `${built.budgeted} of ${built.budget} bytes`);
  });
}

test('door sensor: one event per settled change of the pin, none for a glitch, over MQTT (real interpreter)', { skip: needsRealEspruino, timeout: 120_000 }, async () => {
  const { code } = await buildExample('door-sensor');
  const device = 'door1';
  // three bursts, each within one callback so that machine load cannot split them: bouncing open, bouncing
  // shut, and a glitch that returns to shut at once. Each burst waits for the line of the one before: burst
  // times fixed in advance merge two bursts when the interpreter stalls past the firmware's 50 ms settle timer,
  // since Espruino then runs the due timers in the order they were created and a burst's timer, made at the
  // start, comes before the settle timer. "scenario done" is timed from a callback queued behind the glitch's
  // watch callbacks, so its timer comes after the glitch's settle timer by creation and by due time: a line
  // the glitch wrongly printed would be in the output before it.
  const scenario = `
    level(4, 1); level(4, 0); level(4, 1); level(4, 0); level(4, 1);
    var step = 0, before = print;
    global.print = function(t) {
      before(t);
      if (step == 0 && /^espkit door open/.test(String(t))) {
        step = 1;
        setTimeout(function() { level(4, 0); level(4, 1); level(4, 0); }, 0);
      } else if (step == 1 && /^espkit door closed/.test(String(t))) {
        step = 2;
        setTimeout(function() {
          level(4, 1); level(4, 0);
          setTimeout(function() { setTimeout(function() { say("scenario done"); }, 300); }, 0);
        }, 0);
      }
    };`;
  const run = await runExample(realEspruino!, standIns({
    settings: labSettings(device),
    pins: { 4: 0 },
    scenario: { startOn: /espkit mqtt connected/, code: scenario },
  }), code, (out) => /scenario done/.test(out) && payloadsOn(`espkit/${device}/event`).length >= 2);
  assert.ok(run.seen, `the scenario did not finish:\n${run.output}`);
  assert.deepEqual(run.output.match(/^espkit door .*$/gm), ['espkit door open', 'espkit door closed']);
  const events = (await messagesOn(`espkit/${device}/event`, 2)).map((p) => JSON.parse(p) as { door: string; at: number });
  assert.deepEqual(events.map((e) => e.door), ['open', 'closed']);
  assert.ok(events.every((e) => typeof e.at === 'number'));
  assert.equal(JSON.parse((await messagesOn(`espkit/${device}/status`, 1))[0]!).status, 'online');
});

test('push display: a push\'s text reaches the display over I2C and is acknowledged (real interpreter)', { skip: needsRealEspruino, timeout: 120_000 }, async () => {
  const { code } = await buildExample('push-display');
  const device = 'display1';
  const msg = 'Door open at the back porch';
  let pushed = false;
  // the push line, both rows written to the display after it, and the receipt at the broker
  const shown = (out: string): boolean => /espkit push p-1 [^]*(stand-in i2c 39 .*\n[^]*){2}/.test(out) && payloadsOn(`espkit/${device}/receipt`).length > 0;
  const run = await runExample(realEspruino!, standIns({ settings: labSettings(device) }), code, shown, 30_000, (text) => {
    if (!pushed && /espkit mqtt connected/.test(text)) {
      pushed = true;
      void publishPush(device, 'p-1', msg);
    }
  });
  assert.ok(run.seen, `the push was not delivered:\n${run.output}`);
  assert.deepEqual(JSON.parse((await messagesOn(`espkit/${device}/receipt`, 1))[0]!).id, 'p-1');
  const lcd = new CharacterLcd();
  for (const w of i2cWrites(run.output)) {
    assert.equal(w.address, 0x27);
    lcd.write(w.bytes);
  }
  assert.match(run.output, /^stand-in i2c setup 22 21$/m);
  assert.equal(lcd.text(0), msg.slice(0, 16));
  assert.equal(lcd.text(1), msg.slice(16, 32).padEnd(16));
});

test('push buzzer: a push plays the pattern\'s notes with analogWrite and ends silent (real interpreter)', { skip: needsRealEspruino, timeout: 120_000 }, async () => {
  const { code } = await buildExample('push-buzzer');
  const device = 'buzzer1';
  let pushed = false;
  // the pattern is three notes and gaps of 150 ms: the last silence comes within half a second of the push
  const done = (out: string): boolean => /espkit push b-1 [^]*(stand-in pwm 25 0 -\n[^]*){3}/.test(out) && payloadsOn(`espkit/${device}/receipt`).length > 0;
  const run = await runExample(realEspruino!, standIns({ settings: labSettings(device) }), code, done, 30_000, (text) => {
    if (!pushed && /espkit mqtt connected/.test(text)) {
      pushed = true;
      void publishPush(device, 'b-1', 'someone at the door');
    }
  });
  assert.ok(run.seen, `the pattern did not play to its end:\n${run.output}`);
  const afterPush = run.output.slice(run.output.indexOf('espkit push b-1'));
  const pwm = [...afterPush.matchAll(/^stand-in pwm (\d+) (\S+) (\S+)$/gm)].map((m) => `${m[2]}@${m[3]}`);
  assert.deepEqual(pwm, ['0.5@1047', '0@-', '0.5@1319', '0@-', '0.5@1568', '0@-']);
  assert.deepEqual(JSON.parse((await messagesOn(`espkit/${device}/receipt`, 1))[0]!).id, 'b-1');
});

test('sleepy sensor: reads, publishes the reading, then deep-sleeps for 60 s (real interpreter)', { skip: needsRealEspruino, timeout: 120_000 }, async () => {
  const { code } = await buildExample('sleepy-sensor');
  const device = 'sensor1';
  const run = await runExample(realEspruino!, standIns({ settings: labSettings(device), pins: { 32: 0.4217 } }), code, (out) => /stand-in deepSleep \d+\n/.test(out));
  assert.ok(run.seen, `it did not go to sleep:\n${run.output}`);
  assert.match(run.output, /^espkit reading 0\.422$/m);
  assert.match(run.output, /^stand-in deepSleep 60000000$/m);
  const reading = JSON.parse((await messagesOn(`espkit/${device}/event`, 1))[0]!) as { light: number };
  assert.equal(reading.light, 0.422);
});

test('sleepy sensor without a network: reads and sleeps at once (real interpreter)', { skip: needsRealEspruino, timeout: 60_000 }, async () => {
  const { code } = await buildExample('sleepy-sensor');
  const run = await runExample(realEspruino!, standIns({ pins: { 32: 0.5 } }), code, (out) => /stand-in deepSleep \d+\n/.test(out));
  assert.ok(run.seen, run.output);
  assert.match(run.output, /^espkit reading 0\.5\n[^]*^stand-in deepSleep 60000000$/m);
});
