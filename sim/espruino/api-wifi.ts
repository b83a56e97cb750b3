// `require("Wifi")`: the JavaScript side of the station (wifi.ts holds the radio's state).
import type { SessionApi } from './session-api.ts';

/** The Storage file Wifi.save() writes and the boot restores. */
export const WIFI_CONFIG_FILE = '.wificfg';

export function createWifiModule(s: SessionApi): Record<string, unknown> {
  const { rt, sandbox } = s;
  const radio = rt.wifi;
  let pending: Function | undefined;
  let lastCredentials: { ssid: string; password: string } | undefined;

  const expectCallback = (cb: unknown): void => {
    if (cb !== undefined && cb !== null && typeof cb !== 'function') s.fail(`Expecting callback function but got ${String(cb)}`);
  };
  const ipInfo = (): Record<string, unknown> => sandbox.data({ ...radio.ipInfo() });

  const wifi: Record<string, unknown> = s.library({
    connect: (ssid: unknown, options?: unknown, cb?: unknown) => {
      if (typeof ssid !== 'string') s.fail('No SSID provided');
      if (options !== undefined && options !== null && typeof options !== 'object') s.fail(`Expecting options object but got ${typeof options}`);
      expectCallback(cb);
      const password = (options as { password?: unknown } | undefined)?.password;
      if (password !== undefined && typeof password !== 'string') s.fail(`Expecting options.password to be a string but got ${typeof password}`);
      pending = typeof cb === 'function' ? cb : undefined;
      lastCredentials = { ssid, password: password ?? '' };
      radio.connect(ssid, password ?? '');
    },
    disconnect: (cb?: unknown) => {
      expectCallback(cb);
      radio.disconnect();
      if (typeof cb === 'function') setImmediate(() => s.invoke(cb, undefined, []));
    },
    getIP: (cb?: unknown) => {
      expectCallback(cb);
      const info = ipInfo();
      if (typeof cb === 'function') setImmediate(() => s.invoke(cb, undefined, [null, info]));
      return info;
    },
    getDetails: (cb?: unknown) => {
      expectCallback(cb);
      const details = sandbox.data(radio.connected
        ? { status: 'connected', ssid: radio.currentSsid, authMode: 'wpa2' }
        : { status: radio.status });
      if (typeof cb === 'function') setImmediate(() => s.invoke(cb, undefined, [details]));
      return details;
    },
    getStatus: (cb?: unknown) => {
      const status = sandbox.data({ station: radio.status, ap: 'disabled', mode: radio.connected ? 'sta' : 'off', powersave: 'modem' });
      if (typeof cb === 'function') setImmediate(() => s.invoke(cb, undefined, [status]));
      return status;
    },
    scan: (cb: unknown) => {
      if (typeof cb !== 'function') s.fail(`Expecting callback function but got ${String(cb)}`);
      const found = sandbox.data(radio.scan());
      setTimeout(() => s.invoke(cb, undefined, [found]), 500);
    },
    setHostname: (name: unknown, cb?: unknown) => {
      radio.hostname = String(name);
      if (typeof cb === 'function') setImmediate(() => s.invoke(cb, undefined, []));
    },
    getHostname: (cb?: unknown) => {
      if (typeof cb === 'function') setImmediate(() => s.invoke(cb, undefined, [radio.hostname]));
      return radio.hostname;
    },
    startAP: (_ssid: unknown, _options?: unknown, cb?: unknown) => {
      if (typeof cb === 'function') setImmediate(() => s.invoke(cb, undefined, [null]));
    },
    stopAP: (cb?: unknown) => {
      if (typeof cb === 'function') setImmediate(() => s.invoke(cb, undefined, []));
    },
    /** save() keeps the station credentials in Storage for the next boot; save("clear") forgets them. */
    save: (what?: unknown) => {
      if (what === 'clear') {
        rt.storage.erase(WIFI_CONFIG_FILE);
        return;
      }
      if (!lastCredentials) return;
      rt.storage.write(WIFI_CONFIG_FILE, Buffer.from(JSON.stringify({ mode: 'sta', ...lastCredentials }), 'latin1'));
    },
  });

  radio.listener = {
    event: (name, details) => s.events.dispatch(wifi, name, [sandbox.data(details)]),
    connectDone: (error) => {
      const cb = pending;
      pending = undefined;
      if (cb) s.invoke(cb, undefined, [error]);
    },
    linkDown: () => s.net.closeAll(),
  };
  const listener = radio.listener;
  s.onStop(() => {
    if (radio.listener === listener) radio.listener = undefined;
  });
  return wifi;
}

/** At boot: reconnect with the credentials saved in .wificfg, if any (jswrap_ESP32_wifi_restore). */
export function restoreWifi(s: SessionApi): void {
  const raw = s.rt.storage.read(WIFI_CONFIG_FILE);
  if (!raw) return;
  try {
    const cfg = JSON.parse(raw.toString('latin1')) as { ssid?: unknown; password?: unknown };
    if (typeof cfg.ssid === 'string' && cfg.ssid) s.rt.wifi.connect(cfg.ssid, typeof cfg.password === 'string' ? cfg.password : '');
  } catch {
    // a damaged .wificfg is ignored, as the firmware ignores it
  }
}
