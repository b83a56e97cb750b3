// Firmware over WiFi, the device's part (docs/ota.md): take a manifest meant for this device, pull the new
// image chunk by chunk into the slot that is not booting, check the CRC of the whole, arm a trial and reboot;
// the boot code (host/espruino/boot.ts) runs the trial and rolls back. On every connect main.ts confirms a trial
// that got this far, or reports the rollback the boot code recorded.
// While nothing downloads only the exported functions exist: a download's state and handlers are made when a
// manifest asks for one and let go when it ends (every function and closure costs JsVars for as long as it
// can be reached, docs/firmware-on-espruino.md). The code is kept short: it counts against the build budget.
import { log } from './log.ts';
import { FIRMWARE_VERSION } from './version.ts';
import { OTA_MAX_CHUNK, OTA_DEFAULT_TRIAL_MS, OTA_STATE_EVERY_CHUNKS, TRIAL_FILE, ROLLBACK_FILE, PROGRESS_FILE, OTA_CONFIRM, type OtaState } from './ota-contract.ts';

/** Where the boot code puts its confirm function while a new firmware is on trial. */
const trialGlobals = globalThis as unknown as Record<string, (() => void) | undefined>;

export interface OtaPort {
  device: string;
  /** This device's broadcast shard, -1 when the fleet is not sharded. */
  shard: number;
  /** The device's chunk requests and its OTA state (named as in topics.ts, whose object main.ts passes). */
  otaGet: string;
  otaState: string;
  /** A QoS 1 publish through the session (kept across reconnects). */
  publish(topic: string, payload: string, retain: boolean): void;
}

/** A download in progress. */
export interface OtaDownload {
  v: string;
  crc: number;
  /** A chunk message arrived; false once the download has ended (installed or failed). */
  chunk(payload: string): boolean;
  /** Ask (again) for the first chunk not yet written, or install the image when none is left; false once it has ended. */
  ask(): boolean;
  /** Stop without a word (the manifest was withdrawn or replaced). */
  cancel(): void;
}

interface Manifest {
  version: string;
  size: number;
  crc: number;
  chunk: number;
  trial: number;
  targets: string | string[];
  shards?: number[];
}

function publishState(port: OtaPort, v: string, state: OtaState, have?: number, reason?: string): void {
  // JSON.stringify leaves out the fields that are undefined, on Espruino as in V8
  const body = JSON.stringify({ v, state, have, reason });
  log('ota', body);
  port.publish(port.otaState, body, true);
}

/**
 * A manifest arrived (retained, so again after every connect). Returns the download to keep: `current` when
 * the manifest names the image already on its way, a new one when it asks this device for another version,
 * else undefined (a cleared or replaced manifest stops the current download).
 */
export function otaManifest(payload: string, port: OtaPort, current: OtaDownload | undefined): OtaDownload | undefined {
  let m: Manifest | undefined;
  try {
    // the manifest topic takes publishes from the hub's admin login only (the ACL), not from devices
    m = JSON.parse(payload) as Manifest;
  } catch (e) {
    // cleared (empty) or not JSON
  }
  const v = m ? m.version : '';
  if (current) {
    if (m && current.v === v && current.crc === m.crc) return current;
    current.cancel();
  }
  const S = require('Storage');
  const rolledBack = S.readJSON(ROLLBACK_FILE, true) as { v: string } | undefined;
  // not for us, already running, on trial (the boot code decides first), or rolled back before (an image that
  // failed is tried again when the manifest comes again, at the next connect: requests and chunks are QoS 1
  // in a kept session, so only a connection lost on the way loses one, and a reconnect asks again)
  // (the hub checks a manifest before it publishes it: core/wire/ota.ts manifestProblem)
  if (!m || !(m.chunk <= OTA_MAX_CHUNK) || v === FIRMWARE_VERSION || trialGlobals[OTA_CONFIRM] ||
    (rolledBack && rolledBack.v === v)) return undefined;
  const t = m.targets;
  // targets is "all" or a list of ids (the hub checks), so indexOf looks in the list
  if (!(t === 'all' || t.indexOf(port.device) >= 0 || (m.shards && m.shards.indexOf(port.shard) >= 0))) return undefined;
  const manifest = m;
  const fail = (reason: string): false => {
    publishState(port, v, 'failed', undefined, reason);
    return false;
  };
  const boot = S.read('.bootcde') || '';
  // a board deployed before trials existed boots a one-line stub that would never run the new slot
  if (boot.indexOf(OTA_CONFIRM) < 0) return void fail('old boot code');
  const onA = boot.indexOf('"espkit.b"') < 0;
  const active = onA ? 'espkit.a' : 'espkit.b';
  const slot = onA ? 'espkit.b' : 'espkit.a';
  let have = 0;
  let chunks = 0;
  const n = (): number => Math.min(manifest.chunk, manifest.size - have);
  const p = S.readJSON(PROGRESS_FILE, true) as { v: string; crc: number; slot: string } | undefined;
  // the same image was on its way when the chip restarted: go on at its first chunk still blank (erased flash
  // reads 0xFF), since Storage writes each place only once
  if (p && p.v === v && p.crc === m.crc && p.slot === slot && S.read(slot)) {
    while (have < manifest.size && S.read(slot, have, n()) !== E.toString(new Uint8Array(n()).fill(255))) have += n();
  } else S.writeJSON(PROGRESS_FILE, { v, crc: m.crc, slot });
  const stop = (): void => {
    have = -1;
    S.erase(PROGRESS_FILE);
  };
  const download: OtaDownload = {
    v,
    crc: m.crc,
    ask: (): boolean => {
      if (have >= manifest.size) return install();
      if (have >= 0) port.publish(port.otaGet, JSON.stringify({ v, from: have }), false);
      return have >= 0;
    },
    cancel: stop,
    chunk: (payload: string): boolean => {
      const nl = payload.indexOf('\n');
      // another version's chunk, or one already written (asked twice): the one awaited is still to come
      if (have < 0 || payload.substr(0, nl) !== v + ' ' + have) return have >= 0;
      const data = payload.substr(nl + 1);
      const at = have;
      try {
        if (data.length !== n()) throw 'size';
        // the first write makes the file at its full size, each later one fills its place: Storage writes a
        // place only once, so each chunk is written once
        S.write(slot, data, at, manifest.size);
      } catch (e) {
        stop();
        return fail((at ? 'at ' + at : 'too big') + ': ' + e);
      }
      have += data.length;
      if (++chunks % OTA_STATE_EVERY_CHUNKS === 0 && have < manifest.size) publishState(port, v, 'downloading', have);
      return download.ask();
    },
  };
  const install = (): false => {
    stop();
    publishState(port, v, 'verifying');
    // Storage.read on the ESP32 is a string mapped onto flash: the whole image is checked without a copy in RAM
    if (E.CRC32(S.read(slot) || '') !== manifest.crc) return fail('crc mismatch');
    S.writeJSON(TRIAL_FILE, { slot, prev: active, v, boots: 0, trial: manifest.trial || OTA_DEFAULT_TRIAL_MS });
    publishState(port, v, 'trial');
    // time for the states to leave before the chip restarts
    setTimeout(() => E.reboot(), 500);
    return false;
  };
  publishState(port, v, 'downloading', have);
  return download.ask() ? download : undefined;
}
