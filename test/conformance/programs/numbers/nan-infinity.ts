// isNaN, isFinite, NaN comparisons and typeof.
const v = [NaN, Infinity, -Infinity, 0, '12', 'x'];
console.log(v.map((x) => isNaN(x as number)).join(','), v.map((x) => isFinite(x as number)).join(','));
const nan: number = NaN;
console.log(nan === nan, nan !== nan, typeof nan, [NaN].indexOf(NaN), [NaN].includes(NaN));
