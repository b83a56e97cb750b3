// The program a flash boot hands the UART to when the application image is valid: the Espruino runtime
// (sim/espruino/index.ts, `startEspruino(services, options)`). Kept behind this one module so the board does
// not care how the runtime is loaded.
import type { BoardServices, Personality } from './personality.ts';
import type { EspruinoOptions } from './espruino/options.ts';

export type ApplicationOptions = EspruinoOptions;
export type StartApplication = (services: BoardServices, options?: ApplicationOptions) => Personality;

interface EspruinoModule {
  startEspruino?: StartApplication;
}

let loaded: Promise<StartApplication | undefined> | undefined;

/** The Espruino runtime's entry point, or undefined if sim/espruino/index.ts is not there. */
export function loadApplication(): Promise<StartApplication | undefined> {
  // A computed specifier keeps the type checker from requiring the module while it is being written.
  const specifier = './espruino/index.ts';
  loaded ??= import(specifier).then(
    (mod: EspruinoModule) => mod.startEspruino,
    () => undefined,
  );
  return loaded;
}
