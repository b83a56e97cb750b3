// Optional chaining on properties, calls and indexes, with undefined and null along the way.
interface Dev { name: string; net?: { ip?: string; dns?: string[] }; onEvent?: (e: string) => string }
const devs: Dev[] = [
  { name: 'a', net: { ip: '10.0.0.2', dns: ['1.1.1.1'] }, onEvent: (e) => `a got ${e}` },
  { name: 'b' },
  { name: 'c', net: {} },
];
for (const d of devs) {
  console.log(d.name, d.net?.ip ?? 'no ip', d.net?.dns?.[0] ?? 'no dns', d.onEvent?.('ping') ?? 'no handler');
}
const nothing = devs.length > 5 ? devs[0] : null;
console.log(nothing?.name, nothing?.net?.ip);
