// A hub in its own process for test/hub/crash.test.ts and held-pushes.test.ts: durable, in the folder given, on free ports.
// Prints its MQTT URL as one JSON line; each stdin line "<device> <message>" is pushed, written to
// disk, and answered with "written <push id>". Runs until killed. With "--die-after-push" after the folder it
// answers as soon as the push call returns and kills itself in the same turn, so only what the hub wrote
// before the call returned is on disk.
import { writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { startHub } from '../../host/hub/hub.ts';

const hub = await startHub({ dataDir: process.argv[2]!, host: '127.0.0.1', mqttPort: 0, httpPort: 0 });
process.stdout.write(`${JSON.stringify({ mqtt: hub.urls.mqtt })}\n`);
for await (const line of createInterface({ input: process.stdin })) {
  const [device, ...words] = line.split(' ');
  const push = await hub.push(device!, words.join(' '));
  if (process.argv[3] === '--die-after-push') {
    writeSync(1, `written ${push.id}\n`);
    process.kill(process.pid, 'SIGKILL');
  }
  await hub.flush();
  process.stdout.write(`written ${push.id}\n`);
}
