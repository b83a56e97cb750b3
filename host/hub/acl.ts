// Who may read and write which topics on the hub. The admin may do anything; a device reads only its
// own push topic and the broadcast ones, and writes only its own status, receipt, nack, serial and event topics.
// Wildcard subscriptions are refused to devices (a device has no business listening to the fleet).
// Firmware over WiFi: a device reads the fleet's manifest and its own chunks and writes only its own
// chunk requests and OTA state; manifests and chunks come from the admin login alone, so no device (and no
// stolen device login) can offer firmware to the fleet.
import type { Identity } from './credentials.ts';
import { ALL, parseTopic } from '../../core/wire/push.ts';
import { parseOtaTopic } from '../../core/wire/ota.ts';

const DEVICE_WRITES = new Set(['status', 'receipt', 'nack', 'serial', 'event']);

export function maySubscribe(who: Identity, filter: string, prefix: string): boolean {
  if (who.role === 'admin') return true;
  if (filter.includes('+') || filter.includes('#')) return false;
  const ota = parseOtaTopic(prefix, filter);
  if (ota) return ota.kind === 'manifest' || (ota.kind === 'chunk' && ota.device === who.device);
  const t = parseTopic(prefix, filter);
  if (!t || t.kind !== 'push') return false;
  return t.device === who.device || t.device === ALL;
}

export function mayPublish(who: Identity, topic: string, prefix: string): boolean {
  if (topic.startsWith('$SYS')) return false;
  if (who.role === 'admin') return true;
  const ota = parseOtaTopic(prefix, topic);
  if (ota) return ota.device === who.device && (ota.kind === 'get' || ota.kind === 'state');
  const t = parseTopic(prefix, topic);
  return t !== undefined && t.device === who.device && DEVICE_WRITES.has(t.kind);
}
