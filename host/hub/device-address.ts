// Which broker address a device should be given: one it can reach from its WiFi. The hub's own URLs say
// 127.0.0.1, which is this machine to this machine only; a board on the LAN needs this machine's LAN
// address (or a name given with --host). Notes say when only loopback can be offered.
import { networkInterfaces } from 'node:os';
import { DEFAULT_MQTT_PORT } from './paths.ts';
import type { RunningHub } from './running.ts';

export interface DeviceAddress {
  scheme: 'mqtt' | 'mqtts';
  host: string;
  port: number;
  /** True when only a board on this machine (a virtual one) can reach this address. */
  loopbackOnly: boolean;
  /** What the person should know about this address, one sentence each. */
  notes: string[];
}

/** localhost, 127.0.0.0/8 and ::1: this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127\./.test(h);
}

/** The first IPv4 address of this machine that is not loopback, if any. */
export function lanAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

export function deviceAddress(options: { hub?: RunningHub; dataDir: string; host?: string; port?: number; lan?: () => string | undefined }): DeviceAddress {
  const { hub } = options;
  const notes: string[] = [];
  let scheme: DeviceAddress['scheme'] = 'mqtt';
  let port = options.port ?? DEFAULT_MQTT_PORT;
  if (!hub) notes.push(`no hub is running from ${options.dataDir}: the address assumes port ${port}`);
  else if (options.port === undefined) {
    if (hub.ports.mqtt !== undefined) port = hub.ports.mqtt;
    else if (hub.ports.mqtts !== undefined) {
      scheme = 'mqtts';
      port = hub.ports.mqtts;
      notes.push('the hub serves MQTT over TLS only, which the espkit firmware does not speak: start it without --no-plain for boards');
    }
  }
  let host = options.host;
  const bound = hub && hub.host !== '0.0.0.0' && hub.host !== '::' ? hub.host : undefined;
  if (!host && bound) host = bound;
  if (!host) {
    host = (options.lan ?? lanAddress)();
    if (!host) {
      host = '127.0.0.1';
      notes.push('this machine has no LAN address, so only a board on this machine (a virtual one) can reach it: give --host with a name the board can resolve');
    }
  }
  const loopbackOnly = isLoopbackHost(host);
  if (loopbackOnly && bound) notes.push(`the hub listens on ${bound} only, which a board on WiFi cannot reach: start it with --host 0.0.0.0`);
  return { scheme, host, port, loopbackOnly, notes };
}
