// Who may read and write which topics on the hub. The admin may do anything; a device reads only its
// own push topic and the broadcast ones, and writes only its own status, receipt, nack, serial and event topics.
// Wildcard subscriptions are refused to devices (a device has no business listening to the fleet).
import type { Identity } from './credentials.ts';
import { ALL, parseTopic } from '../../core/wire/push.ts';

const DEVICE_WRITES = new Set(['status', 'receipt', 'nack', 'serial', 'event']);

export function maySubscribe(who: Identity, filter: string, prefix: string): boolean {
  if (who.role === 'admin') return true;
  if (filter.includes('+') || filter.includes('#')) return false;
  const t = parseTopic(prefix, filter);
  if (!t || t.kind !== 'push') return false;
  return t.device === who.device || t.device === ALL;
}

export function mayPublish(who: Identity, topic: string, prefix: string): boolean {
  if (topic.startsWith('$SYS')) return false;
  if (who.role === 'admin') return true;
  const t = parseTopic(prefix, topic);
  return t !== undefined && t.device === who.device && DEVICE_WRITES.has(t.kind);
}
