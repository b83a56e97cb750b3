// Which board the demo drives: the one given with --port, the single DevBoard plugged in, or, when none is,
// a virtual DevBoard started here (with its simulated access point), running the real Espruino interpreter
// when a binary is found.
import { randomBytes } from 'node:crypto';
import type { BoardProfile } from '../../core/board.ts';
import { EspkitError } from '../../core/errors.ts';
import { openLink } from '../link/index.ts';
import { describePorts, listPorts, looksLikeBoard } from '../link/ports.ts';
import { startBoard, type VirtualBoard } from '../../sim/index.ts';

export interface ChosenBoard {
  /** The port name flash and deploy open (rfc2217:// for a virtual board, so its reset lines work). */
  port: string;
  virtual?: VirtualBoard;
  /** The WiFi the firmware joins. */
  wifi: { ssid: string; password: string };
  describe: string;
  close(): Promise<void>;
}

export interface BoardChoiceOptions {
  board: BoardProfile;
  port?: string;
  wifi?: { ssid: string; password: string };
  forceVirtual?: boolean;
  pacing: boolean;
}

export async function chooseBoard(options: BoardChoiceOptions): Promise<ChosenBoard> {
  let port = options.port;
  if (!port && !options.forceVirtual) {
    const boards = (await listPorts()).filter((p) => looksLikeBoard(options.board, p));
    if (boards.length > 1) throw new EspkitError(`several boards found: ${describePorts(boards)}; pick one with --port`);
    port = boards[0]?.path;
  }
  if (port) {
    if (!options.wifi) {
      throw new EspkitError(`a real board needs your WiFi: pass --wifi SSID --password PASSWORD (the board joins it to reach the hub)`);
    }
    const wifi = options.wifi;
    // Open it once now: a wrong, busy or unplugged port should fail before anything is downloaded.
    await (await openLink(port, { board: options.board })).close();
    return { port, wifi, describe: `${options.board.name} on ${port}`, close: async () => {} };
  }
  const wifi = options.wifi ?? { ssid: 'espkit-demo', password: randomBytes(6).toString('hex') };
  // A fresh board each run, its flash in a temporary file the board removes when it closes.
  const virtual = await startBoard({
    board: options.board,
    pacing: options.pacing,
    ap: wifi,
    // the real Espruino interpreter when a binary is found (README "The real interpreter"), else the model
    espruino: 'auto',
  });
  return {
    port: virtual.ports.rfc2217,
    virtual,
    wifi,
    describe: `a virtual ${options.board.chip} DevBoard (MAC ${virtual.macAddress}) on ${virtual.ports.rfc2217}`,
    close: () => virtual.close(),
  };
}
