// The part of the firmware made only when it is needed: the OTA download client (ota.ts otaManifest).
// `espkit build` compiles this file on its own and carries it at the end of the firmware file inside a block
// comment, which the boot skips without keeping anything in RAM; the firmware evaluates it from its own Storage
// file when a manifest comes (main.ts) and lets it go when the download ends. Being in the same file, it travels
// with the firmware it belongs to: an OTA image is the whole file, so the new firmware brings its own client.
import { otaManifest } from './ota.ts';
import { ON_DEMAND_GLOBAL } from './on-demand-contract.ts';

/** What the part gives the firmware. */
export interface OnDemand {
  manifest: typeof otaManifest;
}

const client: OnDemand = { manifest: otaManifest };
(global as Record<string, OnDemand | undefined>)[ON_DEMAND_GLOBAL] = client;
