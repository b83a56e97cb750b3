// Brokers that can be stopped and started again on the same port with their sessions kept, for the
// "no line lost through a broker restart" tests: aedes in this process (its in-memory persistence object
// outlives the broker instance, as a durable store would), Debian's mosquitto (persistence to a file
// in a temporary folder, written when it stops and read when it starts) and the espkit hub (its durable
// session store in a data folder; clients log in as its admin).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Aedes } from 'aedes';
import { MOSQUITTO, startAedes, startMosquitto, type TestBroker } from './brokers.ts';
import { startHub, type Hub } from '../../host/hub/hub.ts';
import { Credentials } from '../../host/hub/credentials.ts';

export { MOSQUITTO };

export interface RestartableBroker extends TestBroker {
  /**
   * Payloads of the serial lines the broker received from publishers, in the order it received them
   * (across restarts), where the broker lets us see that (aedes and the hub, which runs aedes).
   */
  received?: string[];
}

/** Record serial lines as an aedes instance receives them from clients. */
function recordSerial(aedes: Aedes, into: string[]): void {
  aedes.on('publish', (packet, client) => {
    if (client && packet.topic.endsWith('/serial')) into.push(packet.payload.toString());
  });
}

export async function restartableAedes(): Promise<RestartableBroker> {
  const received: string[] = [];
  const broker = await startAedes({ restartBroker: true, onBroker: (aedes) => recordSerial(aedes, received) });
  return { ...broker, received };
}

/** Debian's mosquitto persisting its sessions to a file across restarts. */
export function restartableMosquitto(): Promise<RestartableBroker> {
  return startMosquitto({ persistence: true });
}

export async function restartableHub(): Promise<RestartableBroker> {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-hub-bridge-'));
  const credentials = Credentials.load(dir);
  let hub: Hub | undefined = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: 0, httpPort: 0, credentials });
  const received: string[] = [];
  recordSerial(hub.broker.aedes, received);
  const port = hub.ports.mqtt!;
  const url = hub.adminUrl('mqtt');
  const stop = async (): Promise<void> => {
    const h = hub;
    hub = undefined;
    await h?.close();
  };
  return {
    name: 'espkit hub',
    url,
    port,
    stop,
    start: async () => {
      hub = await startHub({ dataDir: dir, host: '127.0.0.1', mqttPort: port, httpPort: 0, credentials });
      recordSerial(hub.broker.aedes, received);
    },
    received,
    close: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
