// Console lines: every line the firmware prints starts with "espkit <topic>", so monitors, deploy and
// tests can pick them out of whatever else the console shows.
export function log(topic: string, text: string): void {
  print('espkit ' + topic + ' ' + text);
}
