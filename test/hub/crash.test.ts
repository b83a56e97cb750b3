// A hub that dies without stopping (SIGKILL) keeps the sessions and queued pushes it had written:
// the journal is written within a turn of the event loop of each change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startHub } from '../../host/hub/hub.ts';
import { Credentials } from '../../host/hub/credentials.ts';
import { connectDevice } from '../../bench/support/device-client.ts';

const SERVER = fileURLToPath(new URL('./hub-process.ts', import.meta.url));

test('queued pushes and sessions survive a killed hub', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-hub-crash-'));
  try {
    const credentials = Credentials.load(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', SERVER, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
    const url = (JSON.parse((await lines.next()).value as string) as { mqtt: string }).mqtt;
    const dev = await connectDevice('esp32-b00001', { url, password: credentials.devicePassword('esp32-b00001') });
    await dev.drop();
    // The hub queues a push for the device, writes it, says so; then it is killed without mercy.
    child.stdin!.write('esp32-b00001 before the crash\n');
    const written = (await lines.next()).value as string;
    const id = /^written ([0-9a-f]+)$/.exec(written)![1];
    child.kill('SIGKILL');
    await once(child, 'exit');

    const hub = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0, credentials });
    try {
      const back = await connectDevice('esp32-b00001', { url: hub.urls.mqtt!, password: credentials.devicePassword('esp32-b00001'), subscribe: false });
      assert.equal((await back.nextPush('before the crash')).id, id);
      await back.end();
    } finally {
      await hub.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
