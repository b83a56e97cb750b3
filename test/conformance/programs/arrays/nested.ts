// Arrays of arrays: a grid, flattening by hand, and a transposed copy.
const grid = [[1, 2, 3], [4, 5, 6]];
const flat: number[] = [];
for (const row of grid) for (const v of row) flat.push(v);
console.log(JSON.stringify(flat));
const t = grid[0]!.map((_, c) => grid.map((row) => row[c]!));
console.log(JSON.stringify(t));
console.log(JSON.stringify(([] as number[]).concat(...grid)));
