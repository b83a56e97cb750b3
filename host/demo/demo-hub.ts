// The hub the demo uses: the one already running (found by its card in --hub DIR, $ESPKIT_HUB or
// ~/.espkit/hub), so the devices, pushes and dashboard the person already has open show the demo; or,
// only when none runs, an embedded hub of its own that ends with the demo. Both look alike to the demo.
import { oneLine, EspkitError } from '../../core/errors.ts';
import { startHub, type Hub } from '../hub/hub.ts';
import { Credentials, ADMIN_USER } from '../hub/credentials.ts';
import { defaultDataDir } from '../hub/paths.ts';
import { findRunningHub, type RunningHub } from '../hub/running.ts';
import { deviceAddress } from '../hub/device-address.ts';
import { hubRequest } from '../hub/hub-request.ts';
import { requestLoginLink } from '../hub/login-link.ts';

export interface DemoHub {
  /** Found running (the demo leaves it running) or started by the demo. */
  running: boolean;
  /** Which hub this is, for the narration. */
  describe: string;
  mqttPort: number;
  httpUrl: string;
  prefix: string;
  /** mqtt:// with the admin login, for push and the console bridge. */
  adminUrl: string;
  devicePassword(device: string): string;
  /** The broker host a board reaches: a virtual board shares this machine, a real one needs its LAN address. */
  brokerHost(virtualBoard: boolean, lan: () => string): string;
  waitOnline(device: string, timeoutMs: number): Promise<void>;
  loginLink(): Promise<string>;
  close(): Promise<void>;
}

export interface DemoHubOptions {
  /** The data folder to look for a running hub in (default $ESPKIT_HUB or ~/.espkit/hub). */
  dataDir?: string;
  /** For an embedded hub: where it listens, and its ports (default 1883 and 8080, else free ones). */
  host: string;
  mqttPort?: number;
  httpPort?: number;
}

export async function demoHub(options: DemoHubOptions): Promise<DemoHub> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const card = findRunningHub(dataDir);
  if (card) return runningHub(card);
  if (options.dataDir !== undefined) throw new EspkitError(`no hub is running from ${dataDir} (--hub): start \`espkit hub --data ${dataDir}\`, or leave --hub out for a hub of the demo's own`);
  return embeddedHub(await startEmbedded(options));
}

function runningHub(card: RunningHub): DemoHub {
  if (card.broker) throw new EspkitError(`the hub in ${card.dataDir} runs over an external broker, whose device logins it cannot give: stop it, or give the demo --hub with another hub's folder`);
  if (card.urls.mqtt === undefined || card.ports.mqtt === undefined) {
    throw new EspkitError(`the hub in ${card.dataDir} serves MQTT over TLS only, which the espkit firmware does not speak: restart it without --no-plain`);
  }
  const credentials = Credentials.load(card.dataDir, { create: false });
  const admin = new URL(card.urls.mqtt);
  admin.username = ADMIN_USER;
  admin.password = credentials.adminPassword();
  const bound = card.host !== '0.0.0.0' && card.host !== '::' ? card.host : undefined;
  return {
    running: true,
    describe: `the hub already running from ${card.dataDir} (pid ${card.pid}): MQTT on port ${card.ports.mqtt}, dashboard at ${card.urls.http}`,
    mqttPort: card.ports.mqtt,
    httpUrl: card.urls.http,
    prefix: card.prefix,
    adminUrl: admin.toString(),
    devicePassword: (device) => credentials.devicePassword(device),
    brokerHost: (virtualBoard, lan) => bound ?? (virtualBoard ? '127.0.0.1' : deviceAddress({ hub: card, dataDir: card.dataDir, lan }).host),
    async waitOnline(device, timeoutMs) {
      // the hub's own view (its broker sees the connection), asked until the deadline
      const until = Date.now() + timeoutMs;
      for (;;) {
        const { status, body } = await hubRequest(card, 'GET', `/api/devices/${encodeURIComponent(device)}`);
        if (status === 200 && (body as { online?: unknown }).online === true) return;
        if (Date.now() > until) throw offline(device, timeoutMs);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
    loginLink: async () => (await requestLoginLink(card.dataDir)).url,
    close: async () => {},
  };
}

async function startEmbedded(options: DemoHubOptions): Promise<Hub> {
  const want = { host: options.host, mqttPort: options.mqttPort ?? 1883, httpPort: options.httpPort ?? 8080 };
  try {
    return await startHub(want);
  } catch (err) {
    // Another broker or web server on the usual ports is common; the demo does not need those exact ones.
    if (!/already in use/.test(oneLine(err)) || (options.mqttPort !== undefined && options.httpPort !== undefined)) throw err;
    return startHub({ ...want, mqttPort: 0, httpPort: 0 });
  }
}

function embeddedHub(hub: Hub): DemoHub {
  return {
    running: false,
    describe: `no hub was running: started one for the demo (MQTT on port ${hub.ports.mqtt}, dashboard at ${hub.urls.http}), which stops with it`,
    mqttPort: hub.ports.mqtt!,
    httpUrl: hub.urls.http,
    prefix: hub.prefix,
    adminUrl: hub.adminUrl('mqtt'),
    devicePassword: (device) => hub.credentials.devicePassword(device),
    brokerHost: (virtualBoard, lan) => (virtualBoard ? '127.0.0.1' : lan()),
    waitOnline: (device, timeoutMs) => fleetOnline(hub, device, timeoutMs),
    loginLink: async () => hub.loginLink(),
    close: () => hub.close(),
  };
}

function offline(device: string, timeoutMs: number): EspkitError {
  return new EspkitError(`${device} did not come online at the hub within ${timeoutMs / 1000} s: check its WiFi and broker settings (espkit monitor shows why)`);
}

function fleetOnline(hub: Hub, device: string, timeoutMs: number): Promise<void> {
  const isOnline = (): boolean => hub.fleet.devices().some((d) => d.id === device && d.online);
  if (isOnline()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      hub.fleet.off('device', onDevice);
      reject(offline(device, timeoutMs));
    }, timeoutMs);
    const onDevice = (): void => {
      if (!isOnline()) return;
      clearTimeout(timer);
      hub.fleet.off('device', onDevice);
      resolve();
    };
    hub.fleet.on('device', onDevice);
  });
}
