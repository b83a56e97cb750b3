// The hub as bench/support/hub-process.ts runs it, in a process of its own: the durable session store in a
// fresh temporary folder (or memory with --memory), the credentials secret from $BENCH_HUB_SECRET. Its first
// line on stdout is JSON saying where it listens; SIGTERM or SIGINT closes it and removes the folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHub } from '../../host/hub/hub.ts';
import { Credentials } from '../../host/hub/credentials.ts';

const memory = process.argv.includes('--memory');
const dir = mkdtempSync(join(tmpdir(), 'espkit-bench-hub-'));
const hub = await startHub({
  dataDir: dir,
  durable: !memory,
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
