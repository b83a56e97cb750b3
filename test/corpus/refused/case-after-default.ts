// refused 5:5 a case after default
function name(x: number): string {
  switch (x) {
    default: return 'many';
    case 1: return 'one';
  }
}
console.log(name(1));
