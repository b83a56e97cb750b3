// `arguments` in an ordinary function (not an arrow): its length and elements.
function count(..._xs: unknown[]): number {
  // eslint-disable-next-line prefer-rest-params
  return arguments.length;
}
function first(): unknown {
  return arguments[0];
}
console.log(count(), count(1, 2, 3), first());
