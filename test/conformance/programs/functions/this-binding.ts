// call, apply and bind set `this`; arrow functions keep the enclosing `this`.
interface Named { name: string }
function hello(this: Named, greeting: string, mark: string): string { return `${greeting} ${this.name}${mark}`; }
const bob: Named = { name: 'bob' };
console.log(hello.call(bob, 'hi', '!'));
console.log(hello.apply({ name: 'amy' }, ['hey', '?']));
const bound = hello.bind(bob, 'yo');
console.log(bound('.'));
const obj = {
  name: 'outer',
  later(): () => string { return () => this.name; },
};
console.log(obj.later()());
