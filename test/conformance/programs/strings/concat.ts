// Building strings: concat, += in a loop, and concatenation with numbers.
let out = '';
for (let i = 0; i < 5; i++) out += i;
console.log(out, 'a'.concat('b', 'c'), 1 + 2 + '3', '1' + 2 + 3);
const parts: string[] = [];
for (let i = 0; i < 3; i++) parts.push(`#${i}`);
console.log(parts.join(''));
