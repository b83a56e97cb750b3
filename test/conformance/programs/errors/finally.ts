// finally runs after return, after throw, and its order with catch.
const log: string[] = [];
function f(x: number): number {
  try {
    log.push('try');
    if (x < 0) throw new Error('neg');
    return x;
  } catch (e) {
    log.push('catch');
    return -1;
  } finally {
    log.push('finally');
  }
}
console.log(f(5), f(-5), log.join(','));
