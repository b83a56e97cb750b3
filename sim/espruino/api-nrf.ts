// The `NRF` object on the ESP32 (libs/bluetooth/jswrap_bluetooth.c with targets/esp32/BLE): a GATT
// server, advertising, and connect/disconnect events. ble.ts holds the radio's state and the central.
import type { SessionApi } from './session-api.ts';
import { characteristicUuid, normaliseUuid, type Characteristic, type Service } from './ble.ts';
import { iterateBytes } from './bytes.ts';

type Spec = Record<string, unknown>;

/** Object entries with UUID keys: a key written as a number (0xbcde) is an integer key, a 16-bit UUID. */
function entries(v: unknown): Array<[string | number, unknown]> {
  if (typeof v !== 'object' || v === null) return [];
  return Object.entries(v).map(([k, x]) => [/^\d+$/.test(k) ? Number(k) : k, x]);
}

export function createNrf(s: SessionApi): Record<string, unknown> {
  const { rt, sandbox } = s;
  const ble = rt.ble;

  const uuid = (v: string | number, what: string, char: boolean): string => {
    try {
      return char ? characteristicUuid(v) : normaliseUuid(v);
    } catch (err) {
      return s.fail(`${what}: ${(err as Error).message}`);
    }
  };

  const nrf = s.library({
    setServices: (data: unknown, options?: unknown) => {
      if (ble.central) return; // the ESP32 build skips this while a central is connected
      const services: Service[] = entries(data).map(([su, chars]) => ({
        uuid: uuid(su, 'Invalid Service UUID', false),
        nus: false,
        chars: entries(chars).map(([cu, specValue]): Characteristic => {
          const spec = (specValue ?? {}) as Spec;
          return {
            uuid: uuid(cu, 'invalid Char UUID', true),
            value: iterateBytes(spec.value),
            readable: Boolean(spec.readable),
            writable: Boolean(spec.writable),
            notify: Boolean(spec.notify),
            indicate: Boolean(spec.indicate),
            description: typeof spec.description === 'string' ? spec.description : undefined,
            onWrite: typeof spec.onWrite === 'function' ? spec.onWrite : undefined,
          };
        }),
      }));
      const opts = (typeof options === 'object' && options !== null ? options : {}) as { uart?: unknown };
      ble.setServices(services, opts.uart === undefined ? true : Boolean(opts.uart));
      rt.services.emit({
        type: 'ble-services',
        uart: ble.uart,
        services: ble.services.map((x) => ({ uuid: x.uuid, characteristics: x.chars.map((c) => c.uuid) })),
      });
    },
    updateServices: (data: unknown) => {
      for (const [su, chars] of entries(data)) {
        const service = uuid(su, 'Invalid Service UUID', false);
        for (const [cu, specValue] of entries(chars)) {
          const spec = (specValue ?? {}) as Spec;
          const ch = ble.find(service, uuid(cu, 'invalid Char UUID', true));
          if (!ch) s.fail(`Unable to find service ${su} characteristic ${cu}: call NRF.setServices first`);
          const value = spec.value === undefined ? ch.value : iterateBytes(spec.value);
          ble.update(service, ch, value, Boolean(spec.notify || spec.indicate));
        }
      }
    },
    setAdvertising: (data: unknown, options?: unknown) => {
      ble.advertising = { data, options, on: true };
      const name = typeof options === 'object' && options !== null ? (options as { name?: unknown }).name : undefined;
      rt.services.emit({ type: 'ble-advertising', name: name === undefined ? undefined : String(name), data: s.formatter.format(data, 0) });
    },
    disconnect: () => ble.disconnect(0x16),
    sleep: () => {
      ble.advertising.on = false;
      ble.disconnect(0x16);
    },
    wake: () => {
      ble.advertising.on = true;
    },
    getAddress: () => ble.address,
    setTxPower: () => undefined,
    setConnectionInterval: () => undefined,
    setLowPowerConnection: () => undefined,
    findDevices: (cb: unknown) => {
      if (typeof cb === 'function') setTimeout(() => s.invoke(cb, undefined, [sandbox.array([])]), 100);
    },
    restart: (cb?: unknown) => {
      if (typeof cb === 'function') setImmediate(() => s.invoke(cb, undefined, []));
    },
  });
  s.onStop(() => {
    // the next session starts with the default services (only the Nordic UART)
    ble.setServices([], true);
  });
  return nrf;
}
