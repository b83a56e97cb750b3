// Building and reading a binary packet: header, big-endian length, payload, checksum.
function pack(type: number, payload: string): Uint8Array {
  const out = new Uint8Array(3 + payload.length + 1);
  out[0] = type;
  out[1] = (payload.length >> 8) & 0xff;
  out[2] = payload.length & 0xff;
  let sum = type;
  for (let i = 0; i < payload.length; i++) { out[3 + i] = payload.charCodeAt(i); sum += out[3 + i]!; }
  out[out.length - 1] = sum & 0xff;
  return out;
}
const p = pack(0x30, 'hi there');
console.log(p.length, p[0], (p[1]! << 8) | p[2]!, p[p.length - 1]);
let text = '';
for (let i = 3; i < p.length - 1; i++) text += String.fromCharCode(p[i]!);
console.log(text);
