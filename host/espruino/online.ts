// Reading whether a freshly deployed device came online, from the firmware's own console lines
// (firmware/src/main.ts, wifi.ts, mqtt/session.ts): "espkit mqtt connected ..." once the broker accepted the
// login and granted every subscription; otherwise the device's reason, turned into what to do.
import { plainLine, isUncaught } from './boot.ts';

export type OnlineVerdict =
  | { online: true; line: string }
  | { online: false; reason: string; advice: string };

/** Passing failures (a timeout, a dropped connection) count only once they repeat this often. */
const REPEATS = 2;

/** Feed console lines; the first line that decides gives a verdict. */
export class OnlineWatch {
  #ssid = '';
  #last = '';
  #passing = new Map<string, number>();

  constructor(private readonly device?: string) {}

  /** The last line the firmware printed about its WiFi or broker, for a timeout's message. */
  get last(): string {
    return this.#last;
  }

  feed(raw: string): OnlineVerdict | undefined {
    const line = plainLine(raw).replace(/^[>\s]+/, '').trim();
    if (isUncaught(line)) return { online: false, reason: `the firmware stopped: ${line.slice(0, 160)}`, advice: 'espkit monitor shows the whole trace' };
    const m = /^espkit (wifi|mqtt) (.*)$/.exec(line);
    if (!m) return undefined;
    const [, part, text] = m as unknown as [string, string, string];
    this.#last = line;
    const who = this.device ?? '<device>';
    let r: RegExpExecArray | null;
    if (part === 'mqtt' && /^connected /.test(text)) return { online: true, line };
    if (part === 'wifi') {
      if ((r = /^connecting to (.*)$/.exec(text))) this.#ssid = r[1]!;
      if (/^no network set/.test(text)) return fail('no WiFi network is set on the device', 'give --wifi SSID --password P');
      if ((r = /^connect failed \(([^)]*)\)/.exec(text))) {
        const why = r[1]!;
        if (/HANDSHAKE|AUTH|MIC_FAIL|802_1X|WRONG_PASSWORD/i.test(why)) {
          return fail(`the WiFi network "${this.#ssid}" refused the password (${why})`, 'check --password (WPA2: 8 to 63 characters)');
        }
        if (/NO_AP_FOUND/i.test(why)) {
          return fail(`no WiFi network "${this.#ssid}" is in reach (${why})`, 'check --wifi (the ESP32 joins 2.4 GHz networks only) and that the board is in range');
        }
        return this.#passingFailure('wifi', `cannot join the WiFi network "${this.#ssid}" (${why})`, 'check the network name, password and signal');
      }
      return undefined;
    }
    if (/^no broker set/.test(text)) return fail('no broker is set on the device', 'give --broker mqtt://host:1883');
    if ((r = /^broker URL refused \(([^)]*)\)/.exec(text))) return fail(`the device cannot use its broker URL: ${r[1]}`, 'give --broker mqtt://host:1883');
    if ((r = /^refused (\d+) (.*)$/.exec(text))) {
      const code = Number(r[1]);
      if (code === 4 || code === 5) {
        return fail(`the broker refused the device's login (${r[2]})`, `\`espkit hub credentials ${who}\` prints its broker URL with the right password: deploy with that --broker`);
      }
      if (code === 2) return fail(`the broker refused the client id (${r[2]})`, `the hub wants the device id as username and client id: deploy with --device matching the login`);
      return fail(`the broker refused the connection (${r[2]})`, 'check the broker (it needs MQTT 3.1.1)');
    }
    if ((r = /^subscription refused (\S+)/.exec(text))) {
      return fail(`the broker's ACL refused the subscription to ${r[1]}`, 'the topic prefix must be the broker\'s (the hub\'s --prefix, default espkit): deploy with --prefix');
    }
    if ((r = /^down cannot connect to (\S+) \((.*)\)/.exec(text))) {
      return this.#passingFailure('broker', `the device cannot reach the broker at ${r[1]} (${r[2]})`, 'is the hub running, and listening on an address the board\'s network reaches? (`espkit hub credentials` gives one)');
    }
    if ((r = /^down (no CONNACK.*|connection closed|socket error.*?);/.exec(text))) {
      return this.#passingFailure('broker', `the broker connection fails (${r[1]})`, 'check that the --broker host and port are an MQTT broker the board\'s network reaches');
    }
    return undefined;
  }

  #passingFailure(kind: string, reason: string, advice: string): OnlineVerdict | undefined {
    const n = (this.#passing.get(kind) ?? 0) + 1;
    this.#passing.set(kind, n);
    return n >= REPEATS ? fail(reason, advice) : undefined;
  }
}

function fail(reason: string, advice: string): OnlineVerdict {
  return { online: false, reason, advice };
}
