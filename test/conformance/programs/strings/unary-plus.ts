// Unary + on text: Espruino does not trim whitespace and reads a leading 0 as octal; the build turns +x into
// Number(x) where x can be text, and keeps + on numbers.
const inputs = [' 42 ', '\t7\n', '', '0x10', '3.5', '012', ' -1e3 ', 'x'];
console.log(inputs.map((s) => String(+s)).join(','));
const either = (v: string | number): number => +v;
console.log(either(' 5 '), either(7), +(+' 8 ' + 1));
function first<T extends string>(v: T): number {
  return+v;
}
console.log(first('010'), +true, +new Date(5));
