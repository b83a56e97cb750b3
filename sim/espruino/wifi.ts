// The ESP32's WiFi station and `require("Wifi")` (libs/network/esp32/jswrap_esp32_network.c), joined to
// the simulated access point given with `espkit sim --ap SSID:PASSWORD`. The network behind the access
// point is the host's loopback.
//
// Behaviour kept from the real thing (facts/espruino.md):
// - connect(ssid, {password}, cb) tries 3 times, then calls cb with the reason and gives up;
// - after a drop (WifiRadio.drop, the sim's fault control) the station does NOT reconnect by itself;
// - events on the module object: 'associated' {ssid, mac, channel}, 'connected' {ip, netmask, gw},
//   'disconnected' {ssid, mac, reason, msg}; getIP gives {ip, netmask, gw, mac} with the board's MAC;
// - save() keeps the credentials in the Storage file ".wificfg", restored at boot.
import type { AccessPoint } from './options.ts';
import type { BoardEvent } from '../seam/personality.ts';

/** ESP-IDF station disconnect reasons (wifi_err_reason_t) the simulation produces. */
export const REASON = {
  ASSOC_LEAVE: 8,
  FOUR_WAY_HANDSHAKE_TIMEOUT: 15,
  BEACON_TIMEOUT: 200,
  NO_AP_FOUND: 201,
} as const;

const REASON_NAMES: Record<number, string> = {
  8: 'ASSOC_LEAVE',
  15: '4WAY_HANDSHAKE_TIMEOUT',
  200: 'BEACON_TIMEOUT',
  201: 'NO_AP_FOUND',
};

const ATTEMPTS = 3;
const CHANNEL = 6;

/** Where the radio's events go: the Wifi module of the interpreter session that is running. */
export interface WifiListener {
  event(name: 'associated' | 'connected' | 'disconnected', details: Record<string, string>): void;
  /** The outcome of connect(): null on success, the reason text on failure. */
  connectDone(error: string | null): void;
  /** The station lost its link: open sockets die with it. */
  linkDown(): void;
}

export interface IpInfo {
  ip: string;
  netmask: string;
  gw: string;
  mac: string;
}

function macText(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(':');
}

/** A stable made-up BSSID for an SSID (locally administered address). */
function bssidFor(ssid: string): string {
  let h = 0x811c9dc5;
  for (const c of Buffer.from(ssid, 'latin1')) h = Math.imul(h ^ c, 0x01000193) >>> 0;
  return macText(Uint8Array.of(0x02, 0x00, (h >>> 24) & 0xff, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff));
}

export class WifiRadio {
  listener?: WifiListener;
  hostname: string;
  private state: 'off' | 'connecting' | 'connected' = 'off';
  private ssid = '';
  private lastReason = 0;
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() until which the access point is away (a drop fault). */
  private apAwayUntil = 0;

  constructor(
    private readonly ap: AccessPoint | null,
    private readonly mac: Uint8Array,
    private readonly timing: { wifiConnectMs: number; wifiAttemptMs: number },
    private readonly emit: (e: BoardEvent) => void,
  ) {
    this.hostname = `espruino-${macText(mac.subarray(3)).replace(/:/g, '')}`;
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  get status(): string {
    if (this.state === 'connected') return 'connected';
    if (this.state === 'connecting') return 'connecting';
    return this.lastReason ? REASON_NAMES[this.lastReason] ?? 'off' : 'off';
  }

  get currentSsid(): string {
    return this.ssid;
  }

  ipInfo(): IpInfo {
    const on = this.state === 'connected';
    return {
      ip: on ? '127.0.0.1' : '0.0.0.0',
      netmask: on ? '255.0.0.0' : '0.0.0.0',
      gw: on ? '127.0.0.1' : '0.0.0.0',
      mac: macText(this.mac),
    };
  }

  /** What a scan finds: the one simulated access point, if any. */
  scan(): Array<Record<string, string | number>> {
    if (!this.ap) return [];
    return [{ ssid: this.ap.ssid, mac: bssidFor(this.ap.ssid), authMode: this.ap.password ? 'wpa2' : 'open', rssi: -52, channel: CHANNEL, isHidden: 0 }];
  }

  connect(ssid: string, password: string): void {
    this.cancel();
    if (this.state === 'connected') this.lose(REASON.ASSOC_LEAVE, false);
    this.state = 'connecting';
    this.ssid = ssid;
    this.emit({ type: 'wifi', state: 'connecting', ssid });
    this.attempt(ssid, password, 1);
  }

  disconnect(): void {
    this.cancel();
    if (this.state === 'off') return;
    this.lose(REASON.ASSOC_LEAVE, true);
  }

  /**
   * The access point goes away (the sim's "WiFi drop" fault) for `forMs`, or until the chip resets.
   * The station stays down even after the access point is back: Espruino does not reconnect by itself.
   */
  drop(forMs?: number): void {
    this.apAwayUntil = forMs === undefined ? Infinity : performance.now() + forMs;
    this.cancel();
    if (this.state === 'off') return;
    this.lose(REASON.BEACON_TIMEOUT, true);
  }

  stop(): void {
    this.cancel();
    this.listener = undefined;
  }

  private attempt(ssid: string, password: string, n: number): void {
    const away = performance.now() < this.apAwayUntil;
    const reason = !this.ap || away || this.ap.ssid !== ssid ? REASON.NO_AP_FOUND
      : this.ap.password !== password ? REASON.FOUR_WAY_HANDSHAKE_TIMEOUT : 0;
    if (reason === 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.state = 'connected';
        this.lastReason = 0;
        const ip = this.ipInfo();
        this.emit({ type: 'wifi', state: 'connected', ssid, ip: ip.ip });
        this.listener?.event('associated', { ssid, mac: bssidFor(ssid), channel: String(CHANNEL) });
        this.listener?.event('connected', { ip: ip.ip, netmask: ip.netmask, gw: ip.gw });
        this.listener?.connectDone(null);
      }, this.timing.wifiConnectMs);
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (n < ATTEMPTS) return this.attempt(ssid, password, n + 1);
      this.state = 'off';
      this.lastReason = reason;
      const name = REASON_NAMES[reason]!;
      this.emit({ type: 'wifi', state: 'failed', ssid, reason: name });
      this.listener?.event('disconnected', { ssid, mac: '00:00:00:00:00:00', reason: String(reason), msg: name });
      this.listener?.connectDone(name);
    }, this.timing.wifiAttemptMs);
  }

  private lose(reason: number, announce: boolean): void {
    const ssid = this.ssid;
    this.state = 'off';
    this.lastReason = reason;
    const name = REASON_NAMES[reason]!;
    this.emit({ type: 'wifi', state: 'disconnected', ssid, reason: name });
    this.listener?.linkDown();
    if (announce) this.listener?.event('disconnected', { ssid, mac: bssidFor(ssid), reason: String(reason), msg: name });
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
