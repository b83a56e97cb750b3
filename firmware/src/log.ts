// Console lines: every line the firmware prints starts with "espkit <topic>", so monitors, deploy and
// tests can pick them out of whatever else the console shows. Control characters (a push message could
// carry newlines or escape sequences) become spaces, so no text from outside can forge a line.
export function log(topic: string, text: string): void {
  print('espkit ' + topic + ' ' + text.replace(/[\x00-\x1f\x7f]/g, ' '));
}
