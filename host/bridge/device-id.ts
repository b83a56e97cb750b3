// Which device the bridge speaks for. Unless --device names it, the bridge asks the board's Espruino REPL
// for getSerial() at start: on the ESP32 that is the WiFi station MAC (jshGetSerialNumber() calls
// esp_wifi_get_mac(WIFI_IF_STA), which is the eFuse base MAC), printed as hex with a dash after every
// 4 bytes: "240ac412-3456". The id is then "esp32-" + its last 3 bytes (the team's agreed default).
// Sources: Espruino targets/esp32/jshardware.c and src/jswrap_interactive.c (jswrap_interface_getSerial).
import { EspkitError, oneLine } from '../../core/errors.ts';
import type { Link } from '../link/index.ts';
import { EspruinoRepl } from '../espruino/repl.ts';
import { deviceIdFromMac } from '../../core/wire/push.ts';

/** Espruino's getSerial() text ("240ac412-3456") -> "24:0a:c4:12:34:56"; a clear error for anything else. */
export function macFromSerial(serial: string): string {
  const hex = serial.trim().toLowerCase().replace(/-/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) {
    throw new EspkitError(`the board's getSerial() answered "${serial}", which is not a MAC: is this an ESP32? pass --device ID`);
  }
  return hex.match(/../g)!.join(':');
}

export interface BoardIdentity {
  mac: string;
  deviceId: string;
}

/** Ask the board for its MAC and derive the device id. */
export async function readDeviceId(link: Link, timeoutMs = 4000): Promise<BoardIdentity> {
  const repl = new EspruinoRepl(link);
  try {
    const serial = await repl.evaluate<unknown>('getSerial()', { timeoutMs, what: 'asking for its MAC (getSerial())' });
    if (typeof serial !== 'string') {
      throw new EspkitError(`the board's getSerial() answered ${JSON.stringify(serial)}, not a MAC: pass --device ID`);
    }
    const mac = macFromSerial(serial);
    return { mac, deviceId: deviceIdFromMac(mac) };
  } catch (err) {
    if (err instanceof EspkitError && /--device/.test(err.message)) throw err;
    throw new EspkitError(`cannot tell which device this is: ${oneLine(err)}; pass --device ID`, { cause: err });
  } finally {
    repl.detach();
  }
}
