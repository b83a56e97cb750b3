// Iterating a string with for..of and by index; counting characters.
const counts: Record<string, number> = {};
for (const ch of 'mississippi') counts[ch] = (counts[ch] ?? 0) + 1;
console.log(Object.keys(counts).sort().map((k) => `${k}${counts[k]}`).join(' '));
let rev = '';
for (let i = 'abc'.length - 1; i >= 0; i--) rev += 'abc'[i];
console.log(rev);
