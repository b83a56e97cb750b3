// TypeScript enums and namespaces compile to plain objects.
enum Level { Debug, Info = 5, Warn, Error = 'ERR' }
const enum Gpio { Led = 2, Button = 0 }
namespace Topics {
  export const prefix = 'espkit';
  export function push(id: string): string { return `${prefix}/${id}/push`; }
}
console.log(Level.Debug, Level.Info, Level.Warn, Level[6], Level.Error, Gpio.Led + Gpio.Button);
console.log(Topics.push('esp32-123456'));
export {};
