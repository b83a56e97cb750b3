// String enums used as topic names and in a switch.
enum Topic { Push = 'push', Receipt = 'receipt', Status = 'status' }
function route(t: string): string {
  switch (t) {
    case Topic.Push: return 'deliver';
    case Topic.Receipt: return 'record';
    default: return 'ignore';
  }
}
console.log([Topic.Push, Topic.Receipt, Topic.Status].map(route).join(' '));
console.log(`espkit/dev/${Topic.Status}`, Object.keys(Topic).join(','));
