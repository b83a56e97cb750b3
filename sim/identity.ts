// The board's identity: the eFuse base MAC and the device id derived from it.
// A virtual board keeps its MAC in a small JSON file next to its flash file, so the same flash file is the same
// board after a restart. A new MAC is derived from the flash file's absolute path (deterministic), inside
// Espressif's OUI 24:0a:c4, the prefix real ESP32 DevKits carry.
import { deviceIdFromMac as idFromMacText } from '../core/wire/push.ts';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EspkitError } from '../core/errors.ts';

export const ESPRESSIF_OUI = [0x24, 0x0a, 0xc4] as const;

/** "24:0a:c4:12:34:56" -> 6 bytes; throws a one-line error for anything else. */
export function parseMac(text: string): Buffer {
  const m = /^([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})[:-]([0-9a-f]{2})$/i.exec(text.trim());
  if (!m) throw new EspkitError(`"${text}" is not a MAC address: write it as six hex pairs, e.g. 24:0a:c4:12:34:56`, { code: 2 });
  const mac = Buffer.from(m.slice(1).map((h) => parseInt(h, 16)));
  if (mac[0]! & 1) throw new EspkitError(`${text} is a multicast MAC (lowest bit of the first byte set); a board's MAC is unicast`, { code: 2 });
  return mac;
}

export function formatMac(mac: Uint8Array): string {
  return [...mac].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** The device id the firmware and the host tools derive from this MAC (the rule lives in core/wire/push.ts). */
export function deviceIdFromMac(mac: Uint8Array): string {
  return idFromMacText(formatMac(mac));
}

/** A MAC derived from the flash file's path: the same file always gives the same board. */
export function macForFlashFile(flashFile: string): Buffer {
  const digest = createHash('sha256').update(resolve(flashFile)).digest();
  return Buffer.from([...ESPRESSIF_OUI, digest[0]!, digest[1]!, digest[2]!]);
}

/** Where a flash file's eFuse values live. */
export function efuseFileFor(flashFile: string): string {
  return `${flashFile}.efuse.json`;
}

interface EfuseFile {
  mac: string;
}

/**
 * The MAC for a board: the one given, else the one stored beside the flash file, else a new one derived from
 * the path (and stored). A given MAC is not written to the file: it overrides for this run only.
 */
export function resolveMac(flashFile: string, given?: string | Uint8Array): Buffer {
  if (given !== undefined) return typeof given === 'string' ? parseMac(given) : Buffer.from(given);
  const file = efuseFileFor(flashFile);
  if (existsSync(file)) {
    let stored: Partial<EfuseFile>;
    try {
      stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<EfuseFile>;
    } catch (err) {
      throw new EspkitError(`bad eFuse file ${file}: not valid JSON (delete it to get a new MAC)`, { cause: err });
    }
    if (typeof stored.mac !== 'string') throw new EspkitError(`bad eFuse file ${file}: no "mac" field (delete it to get a new MAC)`);
    return parseMac(stored.mac);
  }
  const mac = macForFlashFile(flashFile);
  writeFileSync(file, `${JSON.stringify({ mac: formatMac(mac) } satisfies EfuseFile)}\n`);
  return mac;
}
