// What a UART receiver makes of bytes sent at another baud. The sender's 8N1 frames are turned into a level
// on the line over time; the receiver waits for a falling edge (a start bit), then samples the middle of each
// of its own bit periods, as a real UART does. Close bauds (a few per cent apart, e.g. a divider's rounding)
// come through intact; far ones give framing errors and wrong bytes, more or fewer of them than were sent.

/** Below this relative difference every sample still lands inside the right bit (9.5 bits x 2% < 0.5 bit). */
const SAFE_RATIO_ERROR = 0.02;

export function baudsMatch(senderBaud: number, receiverBaud: number): boolean {
  return Math.abs(senderBaud / receiverBaud - 1) < SAFE_RATIO_ERROR;
}

/**
 * The bytes a receiver at `receiverBaud` reads from `data` sent back to back at `senderBaud`, starting from an
 * idle line. Bytes whose stop bit samples low (framing errors) are still returned, as Linux does by default.
 */
export function receiveAtBaud(data: Uint8Array, senderBaud: number, receiverBaud: number): Buffer {
  if (baudsMatch(senderBaud, receiverBaud)) return Buffer.from(data);
  const totalBits = data.length * 10;
  // The line level at time t, in sender bit periods from the first start bit; idle (1) outside the data.
  const level = (t: number): number => {
    if (t < 0 || t >= totalBits) return 1;
    const bit = Math.floor(t);
    const pos = bit % 10;
    if (pos === 0) return 0; // start bit
    if (pos === 9) return 1; // stop bit
    return (data[(bit - pos) / 10]! >> (pos - 1)) & 1;
  };
  const r = senderBaud / receiverBaud; // one receiver bit, measured in sender bits
  const out: number[] = [];
  let t = 0;
  while (t < totalBits) {
    // Find the next falling edge: the line is low at t, or becomes low at the next sender bit boundary.
    let edge = -1;
    if (level(t) === 0) edge = t;
    else {
      for (let b = Math.ceil(t); b < totalBits; b++) {
        if (level(b) === 0) { edge = b; break; }
      }
    }
    if (edge < 0) break;
    let value = 0;
    for (let i = 0; i < 8; i++) value |= level(edge + (1.5 + i) * r) << i;
    out.push(value);
    // The receiver looks for the next start bit after the middle of its stop bit.
    t = edge + 9.5 * r;
    if (level(t) === 0) {
      // A framing error: the receiver waits for the line to go idle (high) before hunting for a new edge.
      let b = Math.ceil(t);
      while (b < totalBits && level(b) === 0) b++;
      t = b;
    }
  }
  return Buffer.from(out);
}
