// CRC-32 exactly as Espruino's E.CRC32 computes it: the standard reflected CRC-32 (polynomial 0xEDB88320,
// initial value 0xFFFFFFFF, final inversion), one byte per element, returned unsigned.
// Source: Espruino src/jswrap_espruino.c, jswrap_espruino_CRC32.

const TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The CRC-32 of some bytes (the value E.CRC32 prints for the same bytes). */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
