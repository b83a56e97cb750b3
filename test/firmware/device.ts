// A virtual board running the compiled firmware, for the end-to-end tests: the firmware is built once per
// test process (with the real compiler), the board boots Espruino unpaced with short boot and WiFi times,
// and deploy stores the firmware and its settings the way `espkit deploy` does.
// The board runs the real Espruino interpreter when a binary is found (test/helpers/espruino.ts), else the
// model; `onInterpreter` puts which one into a test's name, so a run without a binary says so.
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildFirmware } from '../../host/build/index.ts';
import { startBoard, type VirtualBoard } from '../../sim/index.ts';
import { openLink } from '../../host/link/index.ts';
import { deployFirmware, type DeployResult, type DeployOptions } from '../../host/espruino/deploy.ts';
import type { SettingsPatch } from '../../host/espruino/settings.ts';
import type { EspruinoChoice } from '../../sim/espruino-real/interpreter-choice.ts';
import { realEspruino } from '../helpers/espruino.ts';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const AP = { ssid: 'espkit-lab', password: 'lab-pass-123' };

let built: Promise<Buffer> | undefined;

/** dist/firmware.js as `espkit build` makes it, built into a temporary folder once per process. */
export function firmware(): Promise<Buffer> {
  built ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), 'espkit-fw-'));
    try {
      const out = join(dir, 'firmware.js');
      await buildFirmware({ root: ROOT, out });
      return readFileSync(out);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  })();
  return built;
}

export interface BoardOptions {
  pacing?: boolean;
  /** Set the board's clock to the host's at power-on (as SNTP would), so pushes can expire. */
  clockSet?: boolean;
  /** Which Espruino the board runs (sim/board.ts): default 'auto', the real interpreter when one is found. */
  espruino?: EspruinoChoice;
}

/** What 'auto' runs here, for test names: "on the real interpreter" or "on the model (no binary)". */
export const onInterpreter: string = realEspruino ? 'on the real interpreter' : 'on the model (no real Espruino binary)';

/** The suffix for a test forced to `choice`. */
export function onChoice(choice: EspruinoChoice): string {
  return choice === 'model' ? 'on the model' : choice === 'real' ? 'on the real interpreter' : onInterpreter;
}

/** A board that boots Espruino quickly, near the test's access point. */
export function startTestBoard(options: BoardOptions = {}): Promise<VirtualBoard> {
  return startBoard({
    pacing: options.pacing ?? false,
    installEspruino: true,
    espruino: options.espruino ?? 'auto',
    ap: AP,
    application: {
      timing: { bootDelayMs: 20, wifiConnectMs: 50, wifiAttemptMs: 50 },
      ...(options.clockSet ? { clockAtBootMs: Date.now() } : {}),
    },
  });
}

/** Deploy `code` (default: the firmware) with `settings` over the board's socket endpoint. */
export async function deployTo(board: VirtualBoard, settings?: SettingsPatch, extra: Partial<DeployOptions> = {}): Promise<DeployResult> {
  const link = await openLink(board.ports.socket);
  try {
    return await deployFirmware(link, { code: extra.code ?? (await firmware()), settings, readyTimeoutMs: 10_000, ...extra });
  } finally {
    await link.close();
  }
}

/** Settings that put the firmware on the test AP and `brokerUrl`. */
export function labSettings(brokerUrl: string, more: SettingsPatch = {}): SettingsPatch {
  return { ssid: AP.ssid, wifiPassword: AP.password, broker: brokerUrl, keepalive: 5, ...more };
}

/**
 * The first complete console line (ended by a newline) matching `pattern` since the last clearOutput(),
 * waiting for it if needed: a line still being printed may not have all its text yet.
 */
export async function lineMatching(board: VirtualBoard, pattern: RegExp, timeoutMs = 15_000): Promise<string> {
  const test = new RegExp(pattern.source, pattern.flags.replace('g', ''));
  const find = (): string | undefined => board.outputText().split(/\r?\n/).slice(0, -1).find((l) => test.test(l));
  const deadline = Date.now() + timeoutMs;
  for (let line = find(); ; line = find()) {
    if (line !== undefined) return line;
    if (Date.now() > deadline) {
      throw new Error(`no line matching ${pattern} within ${timeoutMs} ms; the board printed: ${JSON.stringify(board.outputText().slice(-600))}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}
