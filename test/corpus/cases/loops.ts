// Per-iteration let/const bindings in loops: lowered (Espruino shares one binding across iterations).
const fns: Array<() => string> = [];
for (let i = 0; i < 3; i++) fns.push(() => `c${i}`);
for (const s of ['a', 'b']) fns.push(() => `of-${s}`);
for (const k in { x: 1, y: 2 }) fns.push(() => `in-${k}`);
for (let i = 0; i < 10; i++) {
  if (i === 1) continue;
  if (i % 3 === 0) { i++; continue; }
  fns.push(() => `skip${i}`);
  if (i > 6) break;
}
for (let i = 0, j = 10; i < j; i += 4, j--) fns.push(() => `${i}/${j}`);
console.log(fns.map((f) => f()).join(' '));
const grid: string[] = [];
for (let r = 0; r < 2; r++) {
  for (let c = 0; c < 2; c++) {
    const cell = `${r}${c}`;
    setTimeout(() => grid.push(cell + (r + c)), 10);
  }
}
setTimeout(() => console.log(grid.join(',')), 20);
let total = 0;
for (let i = 0; i < 5; i++) total += i;
console.log(total);
