// An arrow-function field keeps `this` when the method is passed around as a callback.
class Button {
  presses = 0;
  constructor(private readonly name: string) {}
  onPress = (): string => {
    this.presses++;
    return `${this.name} pressed ${this.presses}`;
  };
}
const b = new Button('A');
const handler = b.onPress;
handler();
console.log(handler());
const handlers = [new Button('B').onPress, new Button('C').onPress];
console.log(handlers.map((h) => h()).join('; '));
