// The `E` object (src/jswrap_espruino.c) as far as the firmware and the tools use it. The members that need
// only the JavaScript world (languageE) are apart from those that act on the board (reboot, Storage, the
// console), so a bare sandbox without a board (test/corpus) can run compiled firmware with the same E.
import type { SessionApi } from './session-api.ts';
import type { Sandbox } from './sandbox.ts';
import { iterateBytes } from './bytes.ts';
import { crc32 } from '../../core/codec/crc32.ts';
import { CONSOLE_RESULT_FLAGS, JSON_DROP_QUOTES, type ValueFormatter } from './format.ts';

/** E's members that touch no hardware: bytes, CRC, formatting, flags, and the no-ops of a board at rest. */
export function languageE(sandbox: Sandbox, formatter: ValueFormatter): Record<string, Function> {
  return {
    /** A byte string from strings, numbers, arrays, typed arrays and {data, count}. */
    toString: (...args: unknown[]) => iterateBytes(args).toString('latin1'),
    toUint8Array: (...args: unknown[]) => sandbox.bytes(iterateBytes(args)),
    /** Espruino's CRC32: the standard reflected CRC-32 over the same bytes, unsigned. */
    CRC32: (data: unknown) => crc32(iterateBytes(data)),
    toJS: (v: unknown) => formatter.format(v, JSON_DROP_QUOTES).replace(/\n\s*/g, ''),
    getSizeOf: (v: unknown) => Math.max(1, Math.ceil(formatter.format(v, CONSOLE_RESULT_FLAGS).length / 12)),
    kickWatchdog: () => undefined,
    enableWatchdog: () => undefined,
    getTemperature: () => 42.5,
    hwRand: () => (Math.random() * 0x100000000) | 0,
    setTimeZone: () => undefined,
    setFlags: () => undefined,
    getFlags: () => sandbox.object({}),
    defrag: () => undefined,
  };
}

export function installE(s: SessionApi): void {
  const { rt, sandbox } = s;
  const E = s.library({
    ...languageE(sandbox, s.formatter),
    reboot: () => rt.reboot(),
    /** Save code that runs at boot; alwaysRun keeps it after reset() too (.bootrst instead of .bootcde). */
    setBootCode: (code: unknown, alwaysRun?: unknown) => {
      rt.storage.erase('.bootcde');
      rt.storage.erase('.bootrst');
      const text = code === undefined ? '' : String(code);
      if (text.length) rt.storage.write(alwaysRun ? '.bootrst' : '.bootcde', Buffer.from(text, 'latin1'));
    },
    getErrorFlags: () => sandbox.array(rt.takeErrorFlags()),
    setConsole: (device: unknown, options?: unknown) => {
      const name = typeof device === 'string' ? device : (device === sandbox.global.Serial1 ? 'Serial1' : String(device));
      if (name !== 'Serial1' && name !== 'Bluetooth') s.fail(`Unknown console device ${name}`);
      const force = typeof options === 'object' && options !== null && Boolean((options as { force?: unknown }).force);
      rt.setConsole(name, force);
    },
    getConsole: () => rt.console(),
  });
  s.defineGlobal('E', E);
}
