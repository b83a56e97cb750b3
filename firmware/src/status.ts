// The retained status a device publishes on <prefix>/<device>/status: JSON with "status":"online", the
// firmware version, IP and free memory (JsVars) on every connect; the Will replaces it with "offline"
// when the broker loses us. host/push/wire.ts parseStatus reads both forms.
export function onlineStatus(version: string, ip: string): string {
  return JSON.stringify({ status: 'online', fw: version, ip, free: process.memory().free });
}

export const OFFLINE_STATUS = 'offline';
