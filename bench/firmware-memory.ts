// The firmware's memory on the real Espruino interpreter: process.memory().usage (JsVars in use, after a
// garbage collection) at idle while connected to a broker, on the 5000-variable build, against the peer
// measured in the same run: Espruino's own MQTT module (EspruinoDocs modules/MQTT.js, minified by the same
// minifier) doing the same job - subscribe to the device's push and broadcast topics, leave a retained
// status, answer pushes with receipts. Both run behind the same stand-ins, settings and probe
// (test/firmware/real/), so the constant part of the figure is the same for both.
//
// The MQTT module is not part of this repository (MPL-2.0, Espruino's). It is read from $ESPKIT_MQTT_MODULE,
// else from the cache (~/.cache/espkit/espruino-modules/MQTT.js); without it only espkit's figure is shown.
// Needs the real interpreter: $ESPKIT_ESPRUINO or the cache location (core/espruino/binary.ts).
// Run: node --import tsx bench/firmware-memory.ts [--idle-ms N]
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findEspruinoBinary, NO_BINARY_REASON } from '../core/espruino/binary.ts';
import { minifyForEspruino } from '../host/build/minify.ts';
import { startAedes } from '../bench/support/brokers.ts';
import { builtCode, idleMemory, MEMORY_PROBE, startOnEspruino } from '../bench/support/firmware-harness.ts';
import { reportRows, type BenchRow } from './report.ts';

/** The goal for the firmware at idle while connected, in JsVars. */
const GOAL = 1500;
const idleArg = process.argv.indexOf('--idle-ms');
const IDLE_MS = idleArg > 0 ? Number(process.argv[idleArg + 1]) : 3000;

function mqttModulePath(): string | undefined {
  const path = process.env.ESPKIT_MQTT_MODULE ?? join(homedir(), '.cache', 'espkit', 'espruino-modules', 'MQTT.js');
  return existsSync(path) ? path : undefined;
}

/** Espruino's MQTT module doing the firmware's job, as an application would write it. */
function peerProgram(moduleCode: string, port: number): string {
  const device = 'esp32-peer01';
  return `Modules.addCached("MQTT",${JSON.stringify(moduleCode)});
var m=require("MQTT").create("127.0.0.1",{port:${port},client_id:"${device}",keep_alive:30});
m.on("connected",function(){
m.subscribe("espkit/${device}/push",{qos:1});m.subscribe("espkit/all/push",{qos:1});
m.publish("espkit/${device}/status",JSON.stringify({status:"online",free:process.memory().free}),{retain:true,qos:1});
print("espkit mqtt connected");});
m.on("publish",function(p){var o=JSON.parse(p.message);print("espkit push "+o.id+" "+o.msg);
m.publish("espkit/${device}/receipt",JSON.stringify({id:o.id,at:Math.floor(Date.now())}),{qos:1});});
m.connect();
`;
}

async function measure(binary: string, code: string, broker: string): Promise<number> {
  const run = startOnEspruino(binary, {
    code,
    settings: { ssid: 'lab', wifiPassword: 'secret123', broker, device: 'esp32-mem001', prefix: 'espkit' },
    after: MEMORY_PROBE,
    timeoutMs: 60_000,
  });
  try {
    return await idleMemory(run, /^espkit mqtt connected/, IDLE_MS);
  } finally {
    await run.stop();
  }
}

const found = findEspruinoBinary();
if (!found) {
  console.log(`skipped: ${NO_BINARY_REASON}`);
  reportRows('firmware-memory', []);
} else {
  const broker = await startAedes();
  try {
    const value = await measure(found.path, await builtCode(), broker.url);
    console.log(`firmware at idle, connected: ${value} JsVars in use`);
    const row: BenchRow = { name: `firmware JsVars at idle, connected (${IDLE_MS / 1000} s)`, value, unit: 'vars', target: `<= ${GOAL}`, met: value <= GOAL };
    const modulePath = mqttModulePath();
    if (modulePath) {
      const peerValue = await measure(found.path, peerProgram(await minifyForEspruino(readFileSync(modulePath, 'utf8')), broker.port), broker.url);
      console.log(`Espruino's MQTT module doing the same job: ${peerValue} JsVars in use`);
      Object.assign(row, { peer: "Espruino's MQTT module", peerValue, ratio: value / peerValue });
    } else console.log("no peer: put EspruinoDocs' modules/MQTT.js at ~/.cache/espkit/espruino-modules/MQTT.js or set ESPKIT_MQTT_MODULE");
    reportRows('firmware-memory', [row]);
  } finally {
    await broker.close();
  }
}
