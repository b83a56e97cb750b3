// The test phone's side of the push characteristic's framing (docs/ble.md, firmware/src/ble.ts): each
// notification is one header byte and a piece of the message's UTF-8; the header's low 7 bits count the
// pieces from 0 (modulo 128) and bit 7 marks the last. Pieces are joined as bytes, then decoded, since a
// character may be split between two notifications.

export const LAST_PIECE = 0x80;

/** Whole messages from notifications in arrival order; a piece out of sequence drops its message. */
export function reassemble(notifications: readonly Buffer[]): string[] {
  const out: string[] = [];
  let pieces: Buffer[] = [];
  for (const n of notifications) {
    if (n.length === 0) continue;
    const index = n[0]! & 0x7f;
    if (index === 0) pieces = [];
    else if (index !== (pieces.length & 0x7f)) {
      pieces = [];
      continue;
    }
    pieces.push(n.subarray(1));
    if (n[0]! & LAST_PIECE) {
      out.push(Buffer.concat(pieces).toString('utf8'));
      pieces = [];
    }
  }
  return out;
}
