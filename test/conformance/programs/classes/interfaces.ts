// Classes implementing an interface, used through the interface type.
interface Driver { name: string; read(): number }
class Fixed implements Driver {
  name = 'fixed';
  read(): number { return 42; }
}
class Ramp implements Driver {
  name = 'ramp';
  private v = 0;
  read(): number { return this.v += 5; }
}
const drivers: Driver[] = [new Fixed(), new Ramp()];
for (let i = 0; i < 3; i++) console.log(drivers.map((d) => `${d.name}=${d.read()}`).join(' '));
