// The firmware's version, reported in the ready line and the online status. Kept equal to package.json.
export const FIRMWARE_VERSION = '0.1.0';
