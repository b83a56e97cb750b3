// The whole mission in one run (`npm start` = `espkit demo`): a board (the one plugged in, or a virtual
// DevBoard), the running hub (or, when none runs, an embedded one of its own), Espruino flashed, the TypeScript firmware built and deployed, the board's
// console shown, a push sent and its receipt shown. Every step calls the same library function the
// command of that name calls; nothing here is special to the demo but the order.
import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BoardProfile } from '../../core/board.ts';
import { EspkitError, oneLine } from '../../core/errors.ts';
import { openLink } from '../link/index.ts';
import { demoHub, type DemoHub } from './demo-hub.ts';
import { buildFirmware } from '../build/index.ts';
import { deployFirmware } from '../espruino/deploy.ts';
import { sendPush, describePush, type PushResult } from '../push/send.ts';
import { resolveBroker } from '../hub/broker-choice.ts';
import { deviceIdFromMac } from '../../core/wire/push.ts';
import { LineSplitter } from '../console/line-splitter.ts';
import { BoardConnection } from '../console/board-connection.ts';
import { SerialBridge } from '../bridge/bridge.ts';
import { visibleLine } from '../console/visible-line.ts';
import { flashRegions } from '../../flasher/jobs.ts';
import { resolveImageSet } from '../../flasher/images/sources.ts';
import { prepareImageSet, type ImageSet } from '../../flasher/images/regions.ts';
import { placeholderImages } from '../../sim/index.ts';
import { LAST_PIECE, reassemble } from '../../sim/espruino/ble-push-framing.ts';
import { chooseBoard, type ChosenBoard } from './board-choice.ts';
import type { Narrator } from './narrator.ts';

export interface DemoOptions {
  board: BoardProfile;
  narrator: Narrator;
  /** Use this port instead of looking for a board. */
  port?: string;
  /** The WiFi a real board joins (a virtual board brings its own access point). */
  wifi?: { ssid: string; password: string };
  /** Skip looking for a plugged-in board. */
  virtual?: boolean;
  /** Pace the virtual board's UART at the baud (default true: it then takes as long as a board would). */
  pacing?: boolean;
  /** Espruino release to flash (default: the flasher's pinned release), or a local release dir/.tgz/.zip. */
  espruino?: string;
  images?: string;
  /** The folder of the running hub to use (default: $ESPKIT_HUB or ~/.espkit/hub, if a hub runs there). */
  hubDir?: string;
  /** Ports of the demo's own hub, when none runs (default 1883 and 8080; 0 picks free ones). */
  mqttPort?: number;
  httpPort?: number;
  message?: string;
  /** End after the receipt instead of running until stopped. */
  once?: boolean;
  /** Resolves when the user asks to stop (Ctrl-C). */
  stopped?: Promise<void>;
}

export interface DemoResult {
  device: string;
  dashboard: string;
  push: PushResult;
  flashed: string;
  firmwareBytes: number;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEMO_STEPS = 7;

/** An address of this machine that a board on the LAN can reach. */
function lanAddress(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new EspkitError('this machine has no network address a board could reach: connect it to the WiFi the board joins');
}

async function imagesFor(options: DemoOptions, chosen: ChosenBoard): Promise<ImageSet> {
  const inputs = options.images ? [options.images] : [];
  try {
    return await resolveImageSet(inputs, options.board, { espruino: options.images ? undefined : options.espruino, note: (l) => options.narrator.note(l) });
  } catch (err) {
    if (!chosen.virtual || options.images || options.espruino) throw err;
    options.narrator.note(`${oneLine(err)}`);
    options.narrator.note('offline: the virtual board takes a built-in placeholder application image instead');
    return {
      description: 'placeholder images (bootloader, partition table, application)',
      regions: placeholderImages(options.board).map((r, i) => ({ address: r.offset, data: r.data, name: ['bootloader', 'partitions', 'application'][i] ?? `region ${i}` })),
    };
  }
}

/** Terminal control sequences (Espruino clears the line around its prompt): not for a narrated log. */
const CSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Print the board's console lines as they arrive, until stopped. */
function showConsole(source: BoardConnection, narrator: Narrator): () => void {
  const splitter = new LineSplitter();
  const onData = (chunk: Buffer): void => {
    for (const line of splitter.push(chunk)) {
      const text = visibleLine(line.toString('latin1').replace(CSI, ''));
      if (text.trim() !== '' && text.trim() !== '>') narrator.board(text);
    }
  };
  source.on('data', onData);
  return () => source.off('data', onData);
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const { narrator, board } = options;
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanup = async (): Promise<void> => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch { /* closing is best effort */ }
    }
  };
  try {
    narrator.step('Finding a board');
    const chosen = await chooseBoard({ board, port: options.port, wifi: options.wifi, forceVirtual: options.virtual, pacing: options.pacing ?? true });
    cleanups.push(() => chosen.close());
    narrator.done(chosen.virtual ? `no DevBoard plugged in: started ${chosen.describe}` : `using ${chosen.describe}`);
    if (chosen.virtual) narrator.note(chosen.virtual.interpreterLine);

    narrator.step('Finding the hub (MQTT broker, push API, dashboard)');
    const hub = await demoHub({ dataDir: options.hubDir, host: chosen.virtual ? '127.0.0.1' : '0.0.0.0', mqttPort: options.mqttPort, httpPort: options.httpPort });
    cleanups.push(() => hub.close());
    narrator.done(hub.describe);

    narrator.step('Flashing Espruino');
    const set = await imagesFor(options, chosen);
    const regions = prepareImageSet(set, board);
    let link = await openLink(chosen.port, { baud: board.consoleBaud, board });
    let flashed;
    try {
      flashed = await flashRegions(link, regions, {
        board,
        before: 'default-reset',
        after: 'hard-reset',
        baud: board.maxFlashBaud,
        diff: true,
        onProgress: (p) => narrator.progress(p.total > 0 ? p.sent / p.total : 1, `${p.name} ${p.phase}`),
      });
    } finally {
      await link.close();
    }
    const device = deviceIdFromMac(flashed.chip.mac);
    narrator.done(`${set.description}: ${flashed.bytes} bytes (${flashed.compressed} compressed) at ${flashed.baud} baud to ${flashed.chip.description}, MD5 verified`);

    narrator.step('Building the firmware (TypeScript -> Espruino)');
    const built = await buildFirmware({ root: ROOT });
    narrator.done(`${built.out}: ${built.bytes} bytes, ${Math.round((100 * built.bytes) / built.budget)}% of the ${built.budget / 1024} KB budget`);

    narrator.step(`Deploying it to ${device}`);
    const brokerHost = hub.brokerHost(chosen.virtual !== undefined, lanAddress);
    link = await openLink(chosen.port, { baud: board.consoleBaud, board });
    cleanups.push(() => link.close());
    const deployed = await deployFirmware(link, {
      code: Buffer.from(built.code, 'latin1'),
      settings: {
        ssid: chosen.wifi.ssid,
        wifiPassword: chosen.wifi.password,
        broker: `mqtt://${brokerHost}:${hub.mqttPort}`,
        brokerUser: device,
        brokerPassword: hub.devicePassword(device),
        device,
        ...(hub.prefix !== 'espkit' ? { prefix: hub.prefix } : {}),
      },
      // the device's own word that the broker took it, or its reason (a running hub may hold an old "online")
      waitOnline: true,
      onProgress: (e) => {
        if (e.phase === 'upload' && e.total) narrator.progress((e.done ?? 0) / e.total, e.message);
      },
    });
    narrator.done(`${(deployed.bytes / 1024).toFixed(1)} KB in Storage (CRC verified), firmware ${deployed.version} running in ${(deployed.ms.total / 1000).toFixed(2)} s`);
    const boardConsole = BoardConnection.from(link);
    cleanups.push(() => boardConsole.close());
    const stopConsole = showConsole(boardConsole, narrator);
    cleanups.push(stopConsole);
    await bridgeConsole(boardConsole, hub, device, narrator, cleanups);

    narrator.step('Waiting for the device to come online at the hub');
    await hub.waitOnline(device, 60_000);
    narrator.done(`${device} is online`);

    narrator.step('Sending a push notification');
    // On a virtual board a simulated phone subscribes to the push characteristic, to show the BLE leg.
    const phone = chosen.virtual?.ble;
    if (phone) {
      phone.connect();
      phone.subscribe('ec00', 'ec01');
      narrator.note('a simulated phone is connected over BLE and subscribed to pushes (0xEC01)');
      // a message comes in framed 20-byte pieces (docs/ble.md): the phone shows it once whole
      const pieces: Buffer[] = [];
      const offBle = chosen.virtual!.onEvent((e) => {
        if (e.type !== 'ble-notify' || !e.delivered || e.characteristic !== 'ec01') return;
        pieces.push(Buffer.from(String(e.data), 'hex'));
        for (const msg of reassemble(pieces.splice(0, (pieces.at(-1)![0]! & LAST_PIECE) ? pieces.length : 0))) narrator.note(`BLE notification to the phone: "${msg}"`);
      });
      cleanups.push(offBle);
    }
    const push = await sendPush({
      broker: resolveBroker({ broker: hub.adminUrl }),
      target: device,
      msg: options.message ?? 'Hello from espkit!',
      waitS: 30,
    });
    if (!push.delivered) throw new EspkitError(`the push was not delivered: ${describePush(push)}`);
    narrator.event('receipt', { device, latencyMs: push.receipts[0]?.latencyMs });
    narrator.done(describePush(push));

    // A one-time link logs a browser in without showing the password to it; the admin login works too.
    narrator.note(`dashboard: ${await hub.loginLink()}  (a one-time login link, good once within 10 minutes; or open ${hub.httpUrl} and log in as admin with the password in the --broker URL below)`);
    narrator.note(`send more: espkit push ${device} "your message" --broker '${hub.adminUrl}'`);
    if (hub.running) narrator.note('the hub keeps running after the demo (it was running before)');
    if (!options.once) {
      narrator.note('running until Ctrl-C');
      await (options.stopped ?? new Promise<void>(() => {}));
    }
    return { device, dashboard: hub.httpUrl, push, flashed: set.description, firmwareBytes: built.bytes };
  } finally {
    await cleanup();
  }
}

/**
 * Bridge the board's console to the hub, as `espkit monitor --bridge` does, so the dashboard's serial tail
 * shows the board and its Send box reaches it. Waits (bounded) until the bridge listens for commands.
 */
async function bridgeConsole(boardConsole: BoardConnection, hub: DemoHub, device: string, narrator: Narrator, cleanups: Array<() => Promise<void> | void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'espkit-demo-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const bridge = new SerialBridge(boardConsole, { broker: { url: hub.adminUrl }, device, prefix: hub.prefix, queueFile: join(dir, 'bridge-queue') });
  cleanups.push(() => bridge.close());
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    bridge.once('ready', () => (clearTimeout(timer), resolve(true)));
    bridge.once('fatal', () => (clearTimeout(timer), resolve(false)));
  });
  narrator.note(ready
    ? `the board's console is bridged to the hub (${bridge.serialTopic}): the dashboard's serial tail shows it and its Send box types into it`
    : 'the console bridge did not reach the hub: the dashboard will show no serial lines');
}
