// require() and Modules (src/jswrap_modules.c): the built-in libraries of the ESP32 build, modules the
// tools add with Modules.addCached, and modules stored as Storage files.
import type { SessionApi } from './session-api.ts';
import { createStorageModule } from './api-storage.ts';
import { createWifiModule } from './api-wifi.ts';
import { createNrf } from './api-nrf.ts';
import { iterateBytes } from './bytes.ts';
import { heatshrinkCompress, heatshrinkDecompress } from '../../core/codec/heatshrink.ts';

type Factory = () => unknown;

export function installModules(s: SessionApi): void {
  const { rt, sandbox } = s;
  const loaded = new Map<string, unknown>();
  const cachedCode = new Map<string, unknown>();

  const builtins: Record<string, Factory> = {
    Storage: () => createStorageModule(s),
    Wifi: () => s.wifi,
    net: () => s.library({ connect: (options: unknown, cb?: unknown) => s.net.connect(options, cb) }),
    heatshrink: () => s.library({
      compress: (data: unknown) => sandbox.bytes(heatshrinkCompress(iterateBytes(data))).buffer,
      decompress: (data: unknown) => sandbox.bytes(heatshrinkDecompress(iterateBytes(data))).buffer,
    }),
  };

  /** Run module source with `exports` and `module` in scope; what it exports is the module. */
  const evaluateModule = (name: string, code: string, source: 'console' | 'storage'): unknown => {
    const r = s.run(`(function (exports, module) {\n${code}\n})`, name, source);
    if (!r.ok) throw r.error;
    const module = sandbox.object({ exports: sandbox.object() });
    (r.value as Function).call(undefined, module.exports, module);
    return module.exports;
  };

  const require = (name: unknown): unknown => {
    if (typeof name !== 'string') s.fail('Expecting a module name as a string');
    if (loaded.has(name)) return loaded.get(name);
    let exports: unknown;
    if (builtins[name]) exports = builtins[name]!();
    else if (cachedCode.has(name)) {
      const code = cachedCode.get(name);
      exports = evaluateModule(name, typeof code === 'function' ? functionBody(code) : String(code), 'console');
    } else {
      const file = rt.storage.read(name);
      if (!file) s.fail(`Module ${name} not found`);
      exports = evaluateModule(name, file.toString('latin1'), 'storage');
    }
    loaded.set(name, exports);
    return exports;
  };
  s.defineGlobal('require', require);

  s.defineGlobal('Modules', s.library({
    addCached: (name: unknown, code: unknown) => {
      if (typeof code !== 'string' && typeof code !== 'function') s.fail('Module code should be a string or function');
      cachedCode.set(String(name), code);
      loaded.delete(String(name));
    },
    removeCached: (name: unknown) => {
      if (!cachedCode.delete(String(name)) && !loaded.delete(String(name))) s.fail(`Module ${String(name)} not found`);
      loaded.delete(String(name));
    },
    removeAllCached: () => {
      cachedCode.clear();
      loaded.clear();
    },
    getCached: () => sandbox.array([...new Set([...cachedCode.keys(), ...loaded.keys()])]),
  }));

  // the Wifi module exists from the start, so the radio's events have somewhere to go
  s.wifi = createWifiModule(s);
  s.nrf = createNrf(s);
  s.defineGlobal('NRF', s.nrf);
  // ESP32 is a global class of static methods on the chip (targets/esp32/jswrap_esp32.c), not a library:
  // require("ESP32") fails on the board
  s.defineGlobal('ESP32', s.library({
    reboot: () => rt.reboot(),
    getState: () => sandbox.data({ sdkVersion: 'v4.4.8', freeHeap: 120000, BLE: true, Wifi: true, minHeap: 100000 }),
    setBLE_Debug: () => undefined,
    enableWifi: () => undefined,
    enableBLE: () => undefined,
  }));
}

/** The statements inside a function's braces. */
function functionBody(fn: Function): string {
  const src = Function.prototype.toString.call(fn);
  const open = src.indexOf('{');
  const close = src.lastIndexOf('}');
  return open >= 0 && close > open ? src.slice(open + 1, close) : '';
}
