// The knobs of the virtual Espruino: how long things take on the chip, the access point the board can
// join, and the size of the interpreter. Defaults are realistic for Espruino 2v29 on an ESP32 at 240 MHz
// with its SPI flash at 40 MHz; tests shorten the slow ones (boot delay, WiFi association).

/** The simulated WiFi network (`espkit sim --ap SSID:PASSWORD`). Behind it is the host's loopback. */
export interface AccessPoint {
  ssid: string;
  password: string;
}

export interface EspruinoTiming {
  /** targets/esp32/main.c waits 1 s (vTaskDelay(1000)) before jsiInit, after the bootloader hands over. */
  bootDelayMs: number;
  /** Handling one console byte (jsiHandleChar: append to the input line, echo). */
  charUs: number;
  /** Lexing and running one byte of an executed line or file. */
  evalUsPerByte: number;
  /** Fixed cost of executing one console line. */
  evalMsPerLine: number;
  /** Programming flash, per byte (page program of 256 bytes takes about 0.7 ms on the DevKit's flash). */
  flashWriteUsPerByte: number;
  /** Erasing one 4 KB sector (typically 45 ms, up to 400 ms). */
  flashEraseMsPerPage: number;
  /** Fixed cost of a Storage call (walking the file headers). */
  storageOpMs: number;
  /** Association plus DHCP after Wifi.connect. */
  wifiConnectMs: number;
  /** One failed association attempt (Espruino tries 3 times). */
  wifiAttemptMs: number;
  /** A console line running longer than this is interrupted, as Ctrl-C would on the chip. */
  execTimeoutMs: number;
  /** reset()/load() reinitialise the console UART; bytes arriving meanwhile are lost. */
  resetMs: number;
}

export const DEFAULT_TIMING: EspruinoTiming = {
  bootDelayMs: 1000,
  charUs: 4,
  evalUsPerByte: 15,
  evalMsPerLine: 0.5,
  flashWriteUsPerByte: 3,
  flashEraseMsPerPage: 45,
  storageOpMs: 1,
  wifiConnectMs: 1500,
  wifiAttemptMs: 1000,
  execTimeoutMs: 10000,
  resetMs: 30,
};

export interface EspruinoOptions {
  timing?: Partial<EspruinoTiming>;
  /** The access point in range; null or absent: no network in range at all. */
  ap?: AccessPoint | null;
  /** Host names the simulated network's DNS resolves (name -> IPv4). "localhost" always resolves. */
  hosts?: Record<string, string>;
  /** JsVars in the interpreter (process.memory().total). */
  jsVars?: number;
  /**
   * Prepare code as Espruino takes it (syntax-check.ts): unsupported constructs are SyntaxErrors, function
   * declarations are not hoisted, for (let ...) shares one binding. Default on.
   */
  syntaxCheck?: boolean;
  /** How TCP data is cut into 'data' events: at most 536 bytes each ("mss"), or at random sizes too. */
  netChunking?: 'mss' | 'random';
  /** Date.now() at power-on. The ESP32 has no battery-backed clock: Espruino's time starts at 0. */
  clockAtBootMs?: number;
}

export interface ResolvedOptions {
  timing: EspruinoTiming;
  ap: AccessPoint | null;
  hosts: Record<string, string>;
  jsVars: number;
  syntaxCheck: boolean;
  netChunking: 'mss' | 'random';
  clockAtBootMs: number;
}

export function resolveOptions(options: EspruinoOptions = {}): ResolvedOptions {
  return {
    timing: { ...DEFAULT_TIMING, ...options.timing },
    ap: options.ap ?? null,
    hosts: { localhost: '127.0.0.1', ...options.hosts },
    jsVars: options.jsVars ?? 5000,
    syntaxCheck: options.syntaxCheck ?? true,
    netChunking: options.netChunking ?? 'mss',
    clockAtBootMs: options.clockAtBootMs ?? 0,
  };
}

/** The firmware release the virtual board plays. */
export const ESPRUINO_VERSION = '2v29';
