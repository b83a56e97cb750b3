// JSON.parse of objects, arrays, numbers, strings with escapes; errors on bad input.
const o = JSON.parse('{"id":"m1","n":[1,2,3],"ok":true,"s":"a\\"b","z":null}') as { id: string; n: number[]; ok: boolean; s: string; z: null };
console.log(o.id, o.n.length, o.ok, o.s, o.z);
console.log(JSON.parse('42'), JSON.parse('"x"'), JSON.parse('[]').length);
try { JSON.parse('{bad'); console.log('parsed'); } catch { console.log('bad JSON refused'); }
