// Joining the access point and staying on it. Espruino's Wifi.connect tries a few times and then gives
// up, and after a later drop it does not reconnect at all (facts/espruino.md), so this does: every
// failure or drop schedules another attempt with backoff.
import { backoffMs } from './backoff.ts';
import { log } from './log.ts';

export interface WifiHandlers {
  up(ip: string): void;
  down(reason: string): void;
}

type WifiState = 'idle' | 'connecting' | 'up' | 'waiting';

/** How long one connect attempt may take before it counts as failed. */
const ATTEMPT_TIMEOUT_MS = 30000;

export class WifiLink {
  private state: WifiState = 'idle';
  private timer: number | undefined;
  /** Failed attempts since the link was last up (for the backoff). */
  private failures = 0;
  private readonly wifi = require('Wifi');

  constructor(private readonly ssid: string, private readonly password: string, private readonly handlers: WifiHandlers) {}

  start(): void {
    this.wifi.on('disconnected', (details: { reason?: string | number }) => {
      // during an attempt the connect callback reports the outcome; only a drop of a working link counts
      if (this.state !== 'up') return;
      const reason = details && details.reason !== undefined ? String(details.reason) : 'unknown';
      this.handlers.down(reason);
      this.retry('lost (' + reason + ')');
    });
    this.attempt();
  }

  private attempt(): void {
    this.state = 'connecting';
    log('wifi', 'connecting to ' + this.ssid);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.failed('timeout');
    }, ATTEMPT_TIMEOUT_MS);
    const options = this.password ? { password: this.password } : {};
    this.wifi.connect(this.ssid, options, (err: string | null) => {
      if (this.state !== 'connecting') return;
      // only a pending timer may be cleared: Espruino throws "Unknown Timeout" for one that has fired
      if (this.timer !== undefined) clearTimeout(this.timer);
      this.timer = undefined;
      if (err) {
        this.failed(String(err));
        return;
      }
      this.state = 'up';
      this.failures = 0;
      const info = this.wifi.getIP();
      const ip = info && info.ip ? info.ip : '';
      log('wifi', 'up ' + ip);
      this.handlers.up(ip);
    });
  }

  /** An attempt failed (its timer has fired or been cleared). */
  private failed(reason: string): void {
    if (this.state === 'connecting') {
      try {
        this.wifi.disconnect();
      } catch (e) {
        // not connected: nothing to undo
      }
    }
    this.retry('connect failed (' + reason + ')');
  }

  private retry(why: string): void {
    this.state = 'waiting';
    const ms = backoffMs(this.failures++, 1000, 30000);
    log('wifi', why + '; retry in ' + Math.floor(ms / 1000 + 0.5) + ' s');
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.attempt();
    }, ms);
  }
}
