// A class's own fields are serialised, its methods and prototype are not.
class Receipt {
  constructor(public id: string, public at: number) {}
  describe(): string { return `${this.id}@${this.at}`; }
}
console.log(JSON.stringify(new Receipt('m1', 1234)));
console.log(JSON.stringify([new Receipt('a', 1), new Receipt('b', 2)]));
