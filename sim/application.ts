// The program a flash boot hands the UART to when the application image is valid: the Espruino runtime
// (sim/espruino/index.ts, `startEspruino(services, options)`). Kept behind this one module so the board does
// not care how the runtime is loaded.
import type { BoardServices, Personality } from './seam/personality.ts';
import type { EspruinoOptions } from './espruino/options.ts';
import { startEspruino } from './espruino/index.ts';

export type ApplicationOptions = EspruinoOptions;
export type StartApplication = (services: BoardServices, options?: ApplicationOptions) => Personality;

/** The Espruino runtime's entry point (async so a lazily loaded runtime stays possible). */
export async function loadApplication(): Promise<StartApplication | undefined> {
  return startEspruino;
}
