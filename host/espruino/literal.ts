// Bytes as a JavaScript string literal that the Espruino console can take: printable ASCII as is,
// everything else as \xNN, so no byte can be read as a console key (Ctrl-C, DLE, escape sequences,
// backspace, tab completion) or be re-encoded as UTF-8 on the way. Espruino strings are byte strings,
// so the literal evaluates to exactly these bytes.

/** `"..."` whose value on the board is exactly `bytes`. */
export function byteLiteral(bytes: Uint8Array): string {
  let out = '"';
  for (const b of bytes) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\x${b.toString(16).padStart(2, '0')}`;
  }
  return `${out}"`;
}
