// The real Espruino interpreter for tests: the binary if there is one (ESPKIT_ESPRUINO, which .ci/run sets,
// or the cache folder), and the skip reason when there is none, so a test never passes silently without it.
import { findEspruinoBinary, NO_BINARY_REASON, type EspruinoBinary } from '../../core/espruino/binary.ts';

const found: EspruinoBinary | undefined = findEspruinoBinary();

/** The binary's path, or undefined. */
export const realEspruino: string | undefined = found?.path;

/** For node:test's options: `test(name, { skip: needsRealEspruino }, fn)` reports the reason when skipped. */
export const needsRealEspruino: string | false = found ? false : NO_BINARY_REASON;
