// What the device needs of firmware over WiFi (docs/ota.md), mirrored from the two places that define it:
// the wire contract with the hub (core/wire/ota.ts) and the boot code that runs a trial (host/espruino/boot.ts).
// The firmware cannot import either (it is compiled for Espruino on its own); test/ota/contract.test.ts holds
// these equal to them, and the OTA topics that topics.ts builds equal to the wire contract's.

/** The largest chunk a manifest may name: the most image the device holds in RAM at once. */
export const OTA_MAX_CHUNK = 1024;
/** A manifest without a trial deadline gets this one (milliseconds). */
export const OTA_DEFAULT_TRIAL_MS = 60000;
/** Progress is reported at the start of a download and then every this many chunks. */
export const OTA_STATE_EVERY_CHUNKS = 4;

export type OtaState = 'downloading' | 'verifying' | 'trial' | 'updated' | 'failed' | 'rolled-back';

/** The trial record and the rollback report the boot code reads and writes (the slots are espkit.a and .b). */
export const TRIAL_FILE = 'espkit.t';
export const ROLLBACK_FILE = 'espkit.r';
/** The download under way, {"v","crc","slot"}, so one cut short by a restart goes on where it stopped. */
export const PROGRESS_FILE = 'espkit.p';
/** The global function the boot code defines during a trial; the new firmware calls it once it is online. */
export const OTA_CONFIRM = 'espkitConfirm';
