// The broker a deployed device is given: checked to be reachable from the board, or taken from the running
// hub (deploy --hub) with the device's own login, an address the board can reach and the hub's prefix.
import type { Link } from '../../core/link.ts';
import { EspkitError, UsageError } from '../../core/errors.ts';
import type { SettingsPatch } from '../espruino/settings.ts';
import { readDeviceId } from '../bridge/device-id.ts';
import { Credentials } from '../hub/credentials.ts';
import { defaultDataDir } from '../hub/paths.ts';
import { findRunningHub } from '../hub/running.ts';
import { deviceAddress, isLoopbackHost } from '../hub/device-address.ts';

/** A board reached over socket:// or rfc2217:// on this machine shares its network (a virtual board, an emulator). */
export function boardIsOnThisMachine(portName: string): boolean {
  const m = /^(?:socket|rfc2217):\/\/(\[[^\]]+\]|[^:/]+)/.exec(portName);
  return m !== null && isLoopbackHost(m[1]!);
}

/** Refuse a loopback broker for a board that is not on this machine: 127.0.0.1 would be the board itself. */
export function refuseLoopbackForRealBoard(settings: SettingsPatch, portName: string): void {
  if (typeof settings.broker !== 'string' || portName === 'auto' || boardIsOnThisMachine(portName)) return;
  const host = new URL(settings.broker).hostname;
  if (!isLoopbackHost(host)) return;
  throw new UsageError(
    `--broker ${host} is loopback: the board on ${portName} would look for the broker on itself, not on this machine; ` +
      'give an address of this machine on the board\'s WiFi (`espkit hub credentials <device>` prints one, or use --hub)',
  );
}

/** Fill in broker, login and prefix from the hub running from `dataDir`; returns notes for the person. */
export async function brokerForBoard(link: Link, settings: SettingsPatch, dataDir = defaultDataDir()): Promise<{ device: string; notes: string[] }> {
  if (typeof settings.broker === 'string') throw new UsageError('--hub and --broker both name a broker: give one of them');
  const hub = findRunningHub(dataDir);
  if (!hub) throw new EspkitError(`no hub is running from ${dataDir}: start \`espkit hub\`, or give --broker mqtt://user:password@host:1883`);
  if (hub.broker) {
    const host = new URL(hub.broker).host;
    throw new EspkitError(`the hub in ${dataDir} runs over the external broker ${host}, whose device logins are its own: deploy with --broker mqtt://<user>:<password>@${host}`);
  }
  const device = typeof settings.device === 'string' ? settings.device : (await readDeviceId(link)).deviceId;
  const address = deviceAddress({ hub, dataDir });
  if (address.scheme !== 'mqtt') throw new EspkitError(`the hub in ${dataDir} serves MQTT over TLS only, which the espkit firmware does not speak: start it without --no-plain`);
  const credentials = Credentials.load(dataDir, { create: false });
  settings.broker = `mqtt://${address.host}:${address.port}`;
  settings.brokerUser = device;
  settings.brokerPassword = credentials.devicePassword(device);
  if (settings.prefix === undefined && hub.prefix !== 'espkit') settings.prefix = hub.prefix;
  return { device, notes: address.notes };
}

/**
 * Neither --broker nor --hub: a hub running from the default folder ($ESPKIT_HUB or ~/.espkit/hub) is the
 * broker the person means; with none, the device keeps the broker stored on it. Either way the notes say
 * which, so a device that comes online on a broker nobody watches is no surprise.
 */
export async function brokerByDefault(link: Link, settings: SettingsPatch, dataDir = defaultDataDir()): Promise<string[]> {
  const hub = findRunningHub(dataDir);
  if (hub && !hub.broker) {
    const given = await brokerForBoard(link, settings, dataDir);
    return [`no --broker or --hub: using the hub running from ${dataDir} (${settings.broker}, login ${given.device})`, ...given.notes];
  }
  const keeps = 'the device keeps the broker stored on it from an earlier deploy (deploy fails if it has none)';
  if (hub) return [`no --broker or --hub, and the hub in ${dataDir} runs over an external broker whose device logins it cannot give: ${keeps}`];
  return [`no --broker or --hub, and no hub is running from ${dataDir}: ${keeps}`];
}
