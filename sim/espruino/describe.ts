// A thrown value as text, the way Espruino's printf %v shows it (jsvAsString).

/** A thrown value as Espruino's %v prints it: strings raw, errors as "Name: message". */
export function describe(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    const e = value as { name?: unknown; message?: unknown };
    if (typeof e.message === 'string' && typeof e.name === 'string') return e.message ? `${e.name}: ${e.message}` : e.name;
    try {
      return String(value);
    } catch {
      return '[object Object]';
    }
  }
  return String(value);
}
