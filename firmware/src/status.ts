// The retained status a device publishes on <prefix>/<device>/status: JSON with "status":"online", the
// firmware version, IP, free memory (JsVars) and the longest push message it takes (characters) on every
// connect; the Will replaces it with "offline" when the broker loses us. host/push/wire.ts parseStatus
// reads both forms, and the host refuses pushes over maxMessage before sending them.
export function onlineStatus(version: string, ip: string, maxMessage: number): string {
  return JSON.stringify({ status: 'online', fw: version, ip, free: process.memory().free, maxMessage });
}

export const OFFLINE_STATUS = 'offline';
