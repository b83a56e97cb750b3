// A message round-trips through JSON unchanged.
const msg = { id: 'abc', msg: 'hello', ts: 1700000000000, ttl: 60, tags: ['a', 'b'], nested: { deep: { x: -1 } } };
const back = JSON.parse(JSON.stringify(msg)) as typeof msg;
console.log(back.id === msg.id, back.ts === msg.ts, back.tags.join(), back.nested.deep.x);
console.log(JSON.stringify(back) === JSON.stringify(msg));
