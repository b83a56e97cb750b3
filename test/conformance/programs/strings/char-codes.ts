// String.fromCharCode and charCodeAt for hex encoding and simple checksums.
function hex(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += s.charCodeAt(i).toString(16).padStart(2, '0');
  return out;
}
function unhex(h: string): string {
  let out = '';
  for (let i = 0; i < h.length; i += 2) out += String.fromCharCode(parseInt(h.slice(i, i + 2), 16));
  return out;
}
const x = hex('MQTT\x00\x04');
console.log(x, unhex(x) === 'MQTT\x00\x04', String.fromCharCode(72, 105));
let sum = 0;
for (const ch of 'checksum') sum = (sum + ch.charCodeAt(0)) & 0xff;
console.log(sum);
