// refused 3:19 Function.name is undefined
function hello(): void {}
console.log(hello.name);
