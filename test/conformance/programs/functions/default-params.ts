// Default parameters, including defaults that use earlier parameters, and explicit undefined.
function range(start: number, end = start + 3, step = 1): number[] {
  const out: number[] = [];
  for (let i = start; i < end; i += step) out.push(i);
  return out;
}
console.log(JSON.stringify(range(1)));
console.log(JSON.stringify(range(0, 10, 4)));
console.log(JSON.stringify(range(5, undefined, 2)));
const greet = (name = 'world', punct = '!'): string => `hello ${name}${punct}`;
console.log(greet(), greet('you'), greet(undefined, '?'));
