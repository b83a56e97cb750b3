// Which devices have a bridge listening: a bridge (`espkit bridge`, `monitor --bridge`) subscribes to its
// board's <prefix>/<device>/cmd topic, so the embedded broker sees it come and go. The dashboard's Send box
// uses this to say "no bridge for this device" instead of publishing a line nobody reads.
// Only exact cmd topics count (a wildcard watcher is not a bridge), and only connected clients: bridges
// use clean sessions, so a subscription ends with its connection.
import type { Aedes, Client } from 'aedes';
import { parseTopic } from '../../core/wire/push.ts';

/** Told when a device gains its first bridge or loses its last one. */
export type BridgeChange = (device: string, present: boolean) => void;

export function watchBridges(aedes: Aedes, prefix: string, onChange: BridgeChange): void {
  const byClient = new Map<Client, Set<string>>();
  const counts = new Map<string, number>();

  const add = (client: Client, device: string): void => {
    let mine = byClient.get(client);
    if (!mine) byClient.set(client, (mine = new Set()));
    if (mine.has(device)) return;
    mine.add(device);
    const n = (counts.get(device) ?? 0) + 1;
    counts.set(device, n);
    if (n === 1) onChange(device, true);
  };
  const remove = (client: Client, device: string): void => {
    const mine = byClient.get(client);
    if (!mine?.delete(device)) return;
    if (mine.size === 0) byClient.delete(client);
    const n = (counts.get(device) ?? 1) - 1;
    if (n > 0) return void counts.set(device, n);
    counts.delete(device);
    onChange(device, false);
  };
  const cmdDevice = (topic: string): string | undefined => {
    const t = parseTopic(prefix, topic);
    return t?.kind === 'cmd' ? t.device : undefined;
  };

  aedes.on('subscribe', (subs, client) => {
    for (const s of subs) {
      const device = (s.qos as number) === 128 ? undefined : cmdDevice(s.topic); // 128: refused by the ACL
      if (device) add(client, device);
    }
  });
  aedes.on('unsubscribe', (topics, client) => {
    for (const t of topics) {
      const device = cmdDevice(t);
      if (device) remove(client, device);
    }
  });
  aedes.on('clientDisconnect', (client) => {
    for (const device of [...(byClient.get(client) ?? [])]) remove(client, device);
  });
}
