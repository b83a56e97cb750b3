// `require("Storage")` (src/jswrap_storage.c) over the Storage area of the flash (flash-storage.ts).
import type { SessionApi } from './session-api.ts';
import { StorageError, FLAG_STORAGEFILE } from './flash-storage.ts';
import { charArrayBytes } from './bytes.ts';

export function createStorageModule(s: SessionApi): Record<string, unknown> {
  const { rt, sandbox } = s;
  const storage = rt.storage;
  /** Storage calls cost the header walk; flash writes and erases are charged as they happen. */
  const op = <T>(fn: () => T): T => {
    rt.charge(rt.options.timing.storageOpMs);
    try {
      return fn();
    } catch (err) {
      if (err instanceof StorageError) s.fail(err.message);
      throw err;
    }
  };
  const name = (v: unknown): string => (typeof v === 'string' ? v : String(v));
  const int = (v: unknown): number => (v === undefined ? 0 : Math.trunc(Number(v)) || 0);
  const matches = (file: string, regex: unknown): boolean => {
    if (regex === undefined || regex === null) return true;
    return String.prototype.match.call(file, regex as RegExp) !== null;
  };

  return s.library({
    write: (file: unknown, data: unknown, offset?: unknown, size?: unknown) => op(() => {
      if (typeof data === 'object' && data !== null && !Array.isArray(data) && !ArrayBuffer.isView(data) &&
          Object.prototype.toString.call(data) !== '[object ArrayBuffer]') {
        // objects are written as JSON, always whole
        return storage.write(name(file), Buffer.from(JSON.stringify(data), 'latin1'));
      }
      return storage.write(name(file), charArrayBytes(data), int(offset), int(size));
    }),
    writeJSON: (file: unknown, data: unknown) => op(() => storage.write(name(file), Buffer.from(JSON.stringify(data) ?? 'undefined', 'latin1'))),
    read: (file: unknown, offset?: unknown, length?: unknown) => op(() => storage.read(name(file), int(offset), int(length))?.toString('latin1')),
    readJSON: (file: unknown, noExceptions?: unknown) => op(() => {
      const text = storage.read(name(file))?.toString('latin1');
      if (text === undefined) return undefined;
      try {
        return (sandbox.intrinsics.JSON.parse as (t: string) => unknown)(text);
      } catch (err) {
        if (noExceptions) return undefined;
        throw err;
      }
    }),
    readArrayBuffer: (file: unknown) => op(() => {
      const bytes = storage.read(name(file));
      return bytes === undefined ? undefined : sandbox.bytes(bytes).buffer;
    }),
    erase: (file: unknown) => op(() => {
      storage.erase(name(file));
    }),
    eraseAll: () => op(() => storage.eraseAll()),
    list: (regex?: unknown, filter?: unknown) => op(() => {
      const sf = typeof filter === 'object' && filter !== null ? (filter as { sf?: unknown }).sf : undefined;
      const names = storage.list()
        .filter((h) => sf === undefined || Boolean(h.flags & FLAG_STORAGEFILE) === Boolean(sf))
        .map((h) => h.name)
        .filter((n) => matches(n, regex));
      return sandbox.array(names);
    }),
    getFree: () => op(() => storage.stats().freeBytes),
    getStats: () => op(() => sandbox.data(storage.stats())),
    compact: () => op(() => storage.compact()),
    hash: (regex?: unknown) => op(() => {
      let hash = 0xabcddcba;
      for (const h of storage.list()) {
        if ((h.flags & FLAG_STORAGEFILE) || !matches(h.name, regex)) continue;
        hash = ((hash << 1) | (hash >>> 31)) >>> 0;
        hash = (hash ^ h.addr) >>> 0;
      }
      return hash | 0;
    }),
  });
}
