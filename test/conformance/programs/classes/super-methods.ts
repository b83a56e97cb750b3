// super.method() calls through three levels, each adding to the result.
class Base {
  greet(who: string): string { return `hello ${who}`; }
}
class Middle extends Base {
  greet(who: string): string { return `${super.greet(who)}!`; }
}
class Leaf extends Middle {
  greet(who: string): string { return `[${super.greet(who.toUpperCase())}]`; }
}
console.log(new Base().greet('a'));
console.log(new Middle().greet('b'));
console.log(new Leaf().greet('c'));
