// refused 3:16 "arguments" inside an arrow function
function outer(): () => number {
  return () => arguments.length;
}
console.log(outer()());
