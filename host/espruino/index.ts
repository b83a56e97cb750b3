// The Espruino REPL, host side: written once, used by deploy and by anything else that talks to a board
// running Espruino (monitor, demo, tests).
export { EspruinoRepl, BoardError, type ReplOptions } from './repl.ts';
export { FlowControl, type FlowOptions } from './flow.ts';
export { uploadFile, type UploadOptions, type UploadReport, type UploadProgress } from './storage-upload.ts';
export { deployFirmware, type DeployOptions, type DeployResult, type DeployEvent, type DeployPhase } from './deploy.ts';
export { writeSettings, validateSettings, redactSettings, SETTINGS_FILE, type DeviceSettings, type SettingsPatch } from './settings.ts';
export { READY_LINE, SLOTS, BOOT_FILE, bootStub, activeSlot, type Slot } from './boot.ts';
export { crc32 } from '../../core/codec/crc32.ts';
