// Heatshrink, the LZSS compressor Espruino has built in (`require("heatshrink").decompress`), on the host.
// The `espruino` package ships it compiled with the same window and lookahead as the firmware
// ("heatshrink_config.h matches that of Espruino", node_modules/espruino/libs/heatshrink.js), so what it
// compresses the board can decompress.
import { createRequire } from 'node:module';

interface Heatshrink {
  compress(data: Uint8Array): Uint8Array;
  decompress(data: Uint8Array): Uint8Array;
}

let loaded: Heatshrink | undefined;

function lib(): Heatshrink {
  if (!loaded) loaded = createRequire(import.meta.url)('espruino/libs/heatshrink.js') as Heatshrink;
  return loaded;
}

export function heatshrinkCompress(data: Uint8Array): Uint8Array {
  return lib().compress(data);
}

export function heatshrinkDecompress(data: Uint8Array): Uint8Array {
  return lib().decompress(data);
}
