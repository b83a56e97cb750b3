// Immediately invoked functions and a module-pattern object with private state.
const counter = (() => {
  let hidden = 0;
  return { bump(): number { return ++hidden; }, peek: (): number => hidden };
})();
counter.bump();
counter.bump();
console.log(counter.peek());
const value = (function (x: number) { return x * 3; })(7);
console.log(value);
