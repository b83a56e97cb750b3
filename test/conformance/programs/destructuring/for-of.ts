// Destructuring in for..of over arrays of tuples and of objects, and over Object.entries.
const points = [{ x: 1, y: 2 }, { x: 3, y: 4 }];
let sx = 0;
for (const { x, y } of points) sx += x * y;
console.log(sx);
const scores: Record<string, number> = { ann: 3, ben: 5 };
const lines: string[] = [];
for (const [name, score] of Object.entries(scores)) lines.push(`${name}:${score}`);
console.log(lines.join(' '));
