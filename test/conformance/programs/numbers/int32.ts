// 32-bit wrap-around with |0 and >>>0, as checksums and counters need.
let h = 0;
for (const c of 'espkit') h = (h * 31 + c.charCodeAt(0)) | 0;
console.log(h, h >>> 0);
let u = 0xffffffff;
u = (u + 1) >>> 0;
console.log(u, (0x7fffffff + 1) | 0);
