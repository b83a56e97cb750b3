// Constants and pure functions shared by the module programs.
export const KILO = 1000;
export function kb(bytes: number): string { return `${Math.round(bytes / 1024)} KB`; }
export default function percent(part: number, whole: number): string { return `${Math.round((part * 100) / whole)}%`; }
