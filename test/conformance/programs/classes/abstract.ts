// An abstract class with an abstract method and a template method calling it.
abstract class Task {
  abstract run(input: number): number;
  execute(inputs: number[]): string {
    return inputs.map((i) => this.run(i)).join(' ');
  }
}
class Doubler extends Task { run(i: number): number { return i * 2; } }
class Squarer extends Task { run(i: number): number { return i * i; } }
const tasks: Task[] = [new Doubler(), new Squarer()];
for (const t of tasks) console.log(t.execute([1, 2, 3]));
