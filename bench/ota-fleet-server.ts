// The hub as bench/ota-fleet.ts runs it: its own process, so the RSS sampled is the hub's alone (broker,
// chunk server and rollout), with the secret from $BENCH_HUB_SECRET and a fresh data folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../host/hub/hub.ts';
import { Credentials } from '../host/hub/credentials.ts';

const dir = mkdtempSync(join(tmpdir(), 'espkit-bench-ota-'));
const hub = await startHub({
  dataDir: dir,
  host: '127.0.0.1',
  mqttPort: 0,
  httpPort: 0,
  credentials: new Credentials(Buffer.from(process.env.BENCH_HUB_SECRET ?? '', 'hex')),
  log: () => {},
});
process.stdout.write(`${JSON.stringify({ mqtt: hub.urls.mqtt, http: hub.urls.http })}\n`);
const stop = async (): Promise<void> => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
