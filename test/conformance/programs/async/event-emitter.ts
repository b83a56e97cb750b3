// A tiny event emitter with on/off/emit, driven from timers.
type Handler = (arg: string) => void;
class Emitter {
  private handlers: Record<string, Handler[]> = {};
  on(ev: string, h: Handler): void { (this.handlers[ev] ??= []).push(h); }
  off(ev: string, h: Handler): void { this.handlers[ev] = (this.handlers[ev] ?? []).filter((x) => x !== h); }
  emit(ev: string, arg: string): number { const hs = this.handlers[ev] ?? []; hs.forEach((h) => h(arg)); return hs.length; }
}
const em = new Emitter();
const loud: Handler = (a) => console.log('loud', a.toUpperCase());
em.on('msg', (a) => console.log('got', a));
em.on('msg', loud);
setTimeout(() => { console.log(em.emit('msg', 'one')); em.off('msg', loud); }, 5);
setTimeout(() => console.log(em.emit('msg', 'two'), em.emit('none', 'x')), 15);
