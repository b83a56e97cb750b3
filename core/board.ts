// The board profile: chip and board facts as data (boards/*.json), loaded and validated here.
// `--board` takes a profile id (a file in boards/) or a path to a JSON file.
import { readFileSync, existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { EspkitError } from './errors.ts';

export const DEFAULT_BOARD = 'esp32-devkit';
export const BOARDS_DIR = fileURLToPath(new URL('../boards/', import.meta.url));

export interface UsbId {
  /** USB vendor id, 4 lowercase hex digits. */
  vid: string;
  /** USB product id; absent means any product of the vendor. */
  pid?: string;
  bridge: string;
  /** True for the bridge this board actually carries (the one `auto` looks for). */
  board?: boolean;
}

export type FlashMode = 'qio' | 'qout' | 'dio' | 'dout';
export type FlashFreq = '80m' | '40m' | '26m' | '20m';
export type FlashSize = '1MB' | '2MB' | '4MB' | '8MB' | '16MB';

export interface BoardProfile {
  id: string;
  name: string;
  chip: 'ESP32';
  usb: UsbId[];
  consoleBaud: number;
  maxFlashBaud: number;
  flash: { size: FlashSize; mode: FlashMode; freq: FlashFreq };
  /** Offsets of the Espruino release's three images. */
  images: { bootloader: number; partitions: number; app: number };
  appPartitionSize: number;
  /** Espruino's Storage area inside the flash. */
  storage: { offset: number; size: number };
  pins: { led: number; boot: number };
  /** What the Espruino build on this board holds; absent in a profile, the ESP32 figures of DEFAULT_MEMORY apply. */
  memory?: BoardMemory;
}

/** The Espruino build's memory, which the firmware compiler budgets against (docs/budget.md). */
export interface BoardMemory {
  /** JsVars the build has for everything: code, strings, objects. */
  variables: number;
  /** Bytes the compiled firmware, with the modules it bundles, may take. */
  codeBudget: number;
  /** Bytes of code sent to RAM per JsVar it takes once loaded, as measured; estimates variables from bytes. */
  codeBytesPerVariable: number;
}

/** An ESP32 without PSRAM: about 5000 JsVars; a 16 KB program loads in about 1600 of them when sent to RAM. */
export const DEFAULT_MEMORY: BoardMemory = { variables: 5000, codeBudget: 16384, codeBytesPerVariable: 10 };

export function boardMemory(board: BoardProfile): BoardMemory {
  return board.memory ?? DEFAULT_MEMORY;
}

const FLASH_BYTES: Record<FlashSize, number> = {
  '1MB': 1 << 20, '2MB': 2 << 20, '4MB': 4 << 20, '8MB': 8 << 20, '16MB': 16 << 20,
};

export function flashBytes(board: BoardProfile): number {
  return FLASH_BYTES[board.flash.size];
}

/** The USB ids that `auto` treats as this board (the board's own bridge). */
export function boardUsbIds(board: BoardProfile): UsbId[] {
  const own = board.usb.filter((u) => u.board);
  return own.length > 0 ? own : board.usb;
}

export function usbIdMatches(id: UsbId, vid?: string, pid?: string): boolean {
  if (!vid) return false;
  if (id.vid !== vid.toLowerCase()) return false;
  return id.pid === undefined || (pid !== undefined && id.pid === pid.toLowerCase());
}

export function listBoards(): string[] {
  return readdirSync(BOARDS_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** Load a profile by id or path; throws an EspkitError naming the file and the bad field. */
export function loadBoard(idOrPath: string = DEFAULT_BOARD): BoardProfile {
  const looksLikePath = idOrPath.includes('/') || idOrPath.endsWith('.json');
  const file = looksLikePath ? resolve(idOrPath) : join(BOARDS_DIR, `${idOrPath}.json`);
  if (!existsSync(file)) {
    if (looksLikePath) throw new EspkitError(`board file ${file} does not exist`);
    throw new EspkitError(`unknown board "${idOrPath}": known boards are ${listBoards().join(', ')} (or pass a JSON file)`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new EspkitError(`bad board file ${file}: not valid JSON (${(err as Error).message})`);
  }
  return validateBoard(raw, file);
}

type Check = (v: unknown) => string | undefined;
const isInt = (min: number, max = Number.MAX_SAFE_INTEGER): Check => (v) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : `must be an integer from ${min} to ${max}`;
const isString: Check = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'must be a non-empty string');
const oneOf = (...values: string[]): Check => (v) =>
  typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`;
const hex4: Check = (v) => (typeof v === 'string' && /^[0-9a-fA-F]{4}$/.test(v) ? undefined : 'must be 4 hex digits');

/** Validate a parsed profile. `source` names the file in messages. */
export function validateBoard(raw: unknown, source = 'board profile'): BoardProfile {
  const fail = (field: string, why: string): never => {
    throw new EspkitError(`bad board file ${source}: field "${field}" ${why}`);
  };
  const get = (path: string): unknown =>
    path.split('.').reduce<unknown>((o, k) => (o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), raw);
  const need = (path: string, check: Check): void => {
    const why = check(get(path));
    if (why) fail(path, get(path) === undefined ? 'is missing' : why);
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) fail('(root)', 'must be a JSON object');
  need('id', isString);
  need('name', isString);
  need('chip', oneOf('ESP32'));
  const usb = get('usb');
  if (!Array.isArray(usb) || usb.length === 0) fail('usb', 'must be a non-empty list of {vid, pid, bridge}');
  (usb as unknown[]).forEach((_, i) => {
    need(`usb.${i}.vid`, hex4);
    if (get(`usb.${i}.pid`) !== undefined) need(`usb.${i}.pid`, hex4);
    need(`usb.${i}.bridge`, isString);
  });
  need('consoleBaud', isInt(300, 5_000_000));
  need('maxFlashBaud', isInt(300, 5_000_000));
  need('flash.size', oneOf(...Object.keys(FLASH_BYTES)));
  need('flash.mode', oneOf('qio', 'qout', 'dio', 'dout'));
  need('flash.freq', oneOf('80m', '40m', '26m', '20m'));
  const size = FLASH_BYTES[get('flash.size') as FlashSize];
  for (const k of ['bootloader', 'partitions', 'app']) need(`images.${k}`, isInt(0, size - 1));
  need('appPartitionSize', isInt(1, size));
  need('storage.offset', isInt(0, size - 1));
  need('storage.size', isInt(1, size));
  if ((get('storage.offset') as number) + (get('storage.size') as number) > size) fail('storage', `runs past the end of the ${get('flash.size')} flash`);
  need('pins.led', isInt(0, 39));
  need('pins.boot', isInt(0, 39));
  if (get('memory') !== undefined) {
    need('memory.variables', isInt(100));
    need('memory.codeBudget', isInt(1));
    need('memory.codeBytesPerVariable', isInt(1, 1000));
  }
  const board = raw as BoardProfile;
  board.usb = board.usb.map((u) => ({ ...u, vid: u.vid.toLowerCase(), pid: u.pid?.toLowerCase() }));
  return board;
}
