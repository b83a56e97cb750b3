// The retained status a device publishes on <prefix>/<device>/status: on every connect, JSON with
// "status":"online", the firmware version ("fw"), "ip", free memory in JsVars ("free") and the longest push
// message it takes in characters ("maxMessage"), written where the device connects (main.ts); the Will
// replaces it with "offline" when the broker loses us. core/wire/push.ts parseStatus reads both forms, and
// the host refuses pushes over maxMessage before sending them.
export const OFFLINE_STATUS = 'offline';
