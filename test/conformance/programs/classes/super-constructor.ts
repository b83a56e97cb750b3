// super(...) with arguments computed from the subclass's own arguments, and fields initialised after it.
class Message {
  readonly text: string;
  constructor(text: string, public priority: number) { this.text = text.trim(); }
}
class Alert extends Message {
  acknowledged = false;
  constructor(text: string) {
    super(`ALERT ${text}`, text.length > 5 ? 2 : 1);
  }
  ack(): this { this.acknowledged = true; return this; }
}
const a = new Alert('  fire  ');
console.log(a.text, a.priority, a.acknowledged);
console.log(a.ack().acknowledged, new Alert('hi').priority);
