// How many bytes a compressed write puts on the line: each block of the stream in a FLASH_DEFL_DATA request
// (8-byte command header, 16-byte data header, the block), SLIP-framed with 0xC0 at both ends and 0xC0/0xDB
// inside sent as two bytes each (docs/esp32-serial.md). The acknowledgements travel the other way.
const BLOCK = 0x4000;

function escapedLength(bytes: Uint8Array): number {
  let n = bytes.length;
  for (const b of bytes) if (b === 0xc0 || b === 0xdb) n++;
  return n;
}

export function slipLineBytes(stream: Uint8Array, blockSize = BLOCK): number {
  let total = 0;
  for (let seq = 0, at = 0; at < stream.length; seq++, at += blockSize) {
    const block = stream.subarray(at, at + blockSize);
    let checksum = 0xef;
    for (const b of block) checksum ^= b;
    const head = Buffer.alloc(24);
    head[1] = 0x11;
    head.writeUInt16LE(16 + block.length, 2);
    head.writeUInt32LE(checksum, 4);
    head.writeUInt32LE(block.length, 8);
    head.writeUInt32LE(seq, 12);
    total += 2 + escapedLength(head) + escapedLength(block);
  }
  return total;
}
