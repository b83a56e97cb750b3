// Bitwise operators and shifts on 32-bit values, including >>> on negatives.
console.log(0xf0 & 0x3c, 0xf0 | 0x0f, 0xff ^ 0x0f, ~5, 1 << 10, -16 >> 2, -16 >>> 28, 0x80000000 | 0);
const crc = (0xedb88320 >>> 1) ^ 0x1234;
console.log(crc, (crc >>> 0).toString(16), (-1 >>> 0).toString(16));
