// The hub's dashboard: plain JavaScript, no build step. It reads the HTTP API once and then follows
// the hub's Server-Sent Events stream (/api/events): a "snapshot" on connect, then "update" batches.
// Everything from the network is shown with textContent, never as HTML, and any one text is cut to a
// bounded length with the whole of it in the title. The DOM stays bounded for a large fleet: the newest
// pushes and events and the first devices (by id, after the filter) are shown, with counts of the rest.
'use strict';

/** Serial lines kept for the device shown. */
const MAX_SERIAL = 500;
/** Push rows shown, and pushes this page remembers. */
const PUSH_ROWS = 50;
const PUSHES_KEPT = 200;
/** The devices' own events listed (newest first), and the most this page remembers. */
const EVENT_ROWS = 100;
/** Device rows shown (the filter finds the others). */
const DEVICE_ROWS = 200;
/** Characters of one text put in a cell; the rest is only in its title. */
const CUT = 300;

const state = {
  devices: new Map(),
  pushes: new Map(),
  /** Pushes the hub had at the snapshot, plus those sent since (newer than the newest seen). */
  pushCount: 0,
  newest: 0,
  /** The device whose serial lines are shown, and whether a person chose it. */
  selected: null,
  chosen: false,
  serial: [],
  /** The devices' own events, oldest first (the hub numbers them with seq). */
  events: [],
  /** The current or last rollout (the hub's RolloutView), and its devices by id. */
  rollout: null,
  otaByDevice: new Map(),
};
const $ = (sel) => document.querySelector(sel);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const c of children) if (c !== null && c !== undefined && c !== '') node.append(c);
  return node;
}

/** At most CUT characters (whole code points, so an emoji is never split). */
function short(text) {
  const s = String(text);
  if (s.length <= CUT) return s;
  const points = Array.from(s);
  return points.length <= CUT ? s : `${points.slice(0, CUT).join('')}…`;
}

/** A block holding text that is cut to one line ('cut') or wrapped to a few ('clamp'); whole in its title. */
function text(value, className = 'cut') {
  const s = String(value);
  return el('div', { className, textContent: short(s), title: s });
}

function ago(ms) {
  if (ms === null || ms === undefined) return 'before the hub started';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  if (s < 86400) return `${Math.round(s / 3600)} h ago`;
  return new Date(ms).toLocaleString();
}

/** An online device is "online now"; only a device that is away ages. */
function seen(d) {
  return d.online ? 'online now' : ago(d.lastSeen);
}

function seenTitle(d) {
  return d.lastSeen ? `last message ${new Date(d.lastSeen).toLocaleString()}` : 'known only from its retained status';
}

// What a device says about itself, with units: free memory is in JsVars (Espruino's 16-byte blocks).
const LABELS = {
  fw: (v) => `firmware ${v}`,
  ip: (v) => `IP ${v}`,
  free: (v) => (typeof v === 'number' ? `free memory ${v.toLocaleString('en')} JsVars (${Math.round((v * 16) / 1024)} KB)` : `free memory ${v}`),
  maxMessage: (v) => `pushes up to ${v} characters`,
};

function details(info) {
  const keys = Object.keys(info || {}).filter((k) => !['status', 'state', 'online'].includes(k));
  return keys
    .map((k) => {
      const v = typeof info[k] === 'object' ? JSON.stringify(info[k]) : info[k];
      return LABELS[k] ? LABELS[k](v) : `${k}: ${v}`;
    })
    .join(', ');
}

/** A device's part in the rollout as one badge: its phase, with how far a download got. */
function otaBadge(id) {
  const r = state.rollout;
  const o = state.otaByDevice.get(id);
  if (!r || !o) return null;
  const pct = o.phase === 'downloading' && o.have !== undefined && r.size > 0 ? ` ${Math.floor((o.have / r.size) * 100)}%` : '';
  const label = `OTA ${o.phase === 'rolled-back' ? 'rolled back' : o.phase}${pct}`;
  const title = `${r.version}${o.canary ? ' (canary)' : ''}: ${o.phase}${o.reason ? `: ${o.reason}` : ''}`;
  const badge = el('span', { className: `badge ota ${o.phase}`, textContent: label, title: short(title) });
  badge.dataset.ota = o.phase;
  return el('div', {}, badge);
}

/** An event's payload as the device sent it: JSON as JSON, text as text, and a cut one says so. */
function eventText(e) {
  if ('data' in e) return JSON.stringify(e.data);
  return e.truncated ? `${e.text}… (cut: ${e.bytes} bytes sent)` : e.text;
}

function clock(ms) {
  return new Date(ms).toLocaleTimeString();
}

function lastEvent(d) {
  const e = d.lastEvent;
  if (!e) return null;
  const node = text(`event ${clock(e.at)}: ${eventText(e)}`, 'cut sub last-event');
  node.dataset.seq = String(e.seq);
  return node;
}

function deviceRow(d) {
  const info = details(d.info);
  const tr = el(
    'tr',
    { className: d.id === state.selected ? 'selected' : '' },
    el('td', {}, text(d.id), info ? text(info, 'clamp sub') : null, lastEvent(d), otaBadge(d.id)),
    el(
      'td',
      {},
      el('span', { className: `badge state ${d.online ? 'on' : 'off'}`, textContent: d.online ? 'online' : 'offline' }),
      d.bridge ? el('div', {}, el('span', { className: 'badge bridge', textContent: 'bridge', title: 'a bridge carries its console (serial lines and the Send box)' })) : null,
    ),
    el('td', { className: 'seen', textContent: seen(d), title: seenTitle(d) }),
  );
  tr.dataset.device = d.id;
  return tr;
}

function renderDevices() {
  const all = [...state.devices.values()].sort((a, b) => a.id.localeCompare(b.id));
  const filter = $('#device-filter').value.trim().toLowerCase();
  const matching = filter ? all.filter((d) => d.id.includes(filter)) : all;
  const rows = matching.slice(0, DEVICE_ROWS);
  $('#devices tbody').replaceChildren(...rows.map(deviceRow));
  $('#no-devices').hidden = all.length > 0;
  $('#device-count').textContent =
    matching.length > rows.length ? `showing ${rows.length} of ${matching.length}` : filter ? `${matching.length} of ${all.length}` : '';
  $('#targets').replaceChildren(el('option', { value: 'all' }), ...rows.map((d) => el('option', { value: d.id })));
  const online = all.filter((d) => d.online).length;
  $('#summary').textContent = `${online} of ${all.length} device${all.length === 1 ? '' : 's'} online`;
  if (!state.chosen) autoSelect(all);
  renderCmd();
}

const STAGES = {
  canary: 'the canary group is updating; the rest wait for one of them to confirm',
  rest: 'the rest of the fleet is updating',
  done: 'every device that could take it has finished',
  stopped: 'stopped: the manifest was cleared, no other device starts on it',
  'timed-out': 'the stage waited longer than its time limit',
};

function setRollout(r) {
  state.rollout = r || null;
  state.otaByDevice = new Map((r?.devices || []).map((d) => [d.id, d]));
}

function renderOta() {
  const r = state.rollout;
  $('#ota-none').hidden = r !== null;
  $('#ota-counts').hidden = r === null;
  const stage = $('#ota-stage');
  stage.hidden = r === null;
  if (!r) {
    $('#ota-version').textContent = '';
    $('#ota-outcome').textContent = '';
    return;
  }
  $('#ota-version').textContent = short(`version ${r.version} to ${r.target === 'all' ? 'all devices' : r.target}`);
  stage.textContent = r.stage;
  stage.className = `badge ${r.stage}`;
  stage.title = STAGES[r.stage] || r.stage;
  for (const dd of document.querySelectorAll('#ota-counts dd')) dd.textContent = String(r.counts[dd.dataset.count] ?? 0);
  const canary = r.canary.length ? `canary: ${r.canary.length} device${r.canary.length === 1 ? '' : 's'}` : 'no canary group';
  const limit = `stops past ${r.failureLimit} failure${r.failureLimit === 1 ? '' : 's'}`;
  $('#ota-outcome').textContent = short(`${r.counts.total} targeted, ${canary}, ${limit}${r.outcome ? `. ${r.outcome}` : ''}`);
}

function receiptsText(p) {
  const lat = p.receipts.map((r) => r.latencyMs).sort((a, b) => a - b);
  const refused = (p.rejections || []).length;
  if (p.target !== 'all') return lat.length ? `${lat[0]} ms` : '-';
  return `${p.receipts.length}/${p.expected}${lat.length ? ` (max ${lat[lat.length - 1]} ms)` : ''}${refused ? `, ${refused} refused` : ''}`;
}

function pushRow(p) {
  const reason = p.state === 'rejected' ? p.reason || (p.rejections || [])[0]?.reason : undefined;
  const tr = el(
    'tr',
    {},
    el('td', { className: 'wide-only' }, text(p.id)),
    el('td', {}, text(p.target)),
    el('td', {}, text(p.msg, 'clamp')),
    el('td', {}, el('span', { className: `badge state ${p.state}`, textContent: p.state, title: reason || p.state }), reason ? text(reason, 'clamp sub') : null),
    el('td', { className: 'receipts' }, text(receiptsText(p))),
  );
  tr.dataset.push = p.id;
  return tr;
}

function renderPushes() {
  // pushes are remembered oldest first; ties in sentAt (a burst within one millisecond) keep that order
  const newest = [...state.pushes.values()].reverse().sort((a, b) => b.sentAt - a.sentAt);
  // forget what will never be shown again
  for (const p of newest.slice(PUSHES_KEPT)) state.pushes.delete(p.id);
  const rows = newest.slice(0, PUSH_ROWS);
  $('#pushes tbody').replaceChildren(...rows.map(pushRow));
  const total = Math.max(state.pushCount, state.pushes.size);
  $('#push-count').textContent = total > rows.length ? `(the latest ${rows.length} of ${total})` : '';
}

function eventRow(e) {
  const tr = el(
    'tr',
    {},
    el('td', { className: 'at', textContent: clock(e.at), title: new Date(e.at).toLocaleString() }),
    el('td', {}, text(e.device)),
    el('td', {}, text(eventText(e), 'clamp')),
  );
  tr.dataset.seq = String(e.seq);
  tr.dataset.device = e.device;
  return tr;
}

function renderEvents() {
  if (state.events.length > EVENT_ROWS) state.events.splice(0, state.events.length - EVENT_ROWS);
  $('#events tbody').replaceChildren(...state.events.slice().reverse().map(eventRow));
  $('#no-events').hidden = state.events.length > 0;
}

/** Keep the event as its device's latest unless a newer one came first (a device update can trail an event). */
function noteEvent(e) {
  const d = state.devices.get(e.device);
  if (d && (!d.lastEvent || d.lastEvent.seq < e.seq)) d.lastEvent = e;
}

function renderSerial() {
  const pre = $('#serial');
  const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  pre.textContent = state.serial.map((l) => l.line).join('\n');
  if (atBottom) pre.scrollTop = pre.scrollHeight;
  const d = state.devices.get(state.selected);
  const empty = $('#serial-empty');
  empty.hidden = !state.selected || state.serial.length > 0;
  empty.textContent = d?.bridge
    ? `No serial lines from ${state.selected} yet.`
    : `No serial lines from ${state.selected}: they come from a bridge (espkit bridge, or espkit monitor --bridge) on the machine the board is plugged into.`;
}

/** The Send box is usable only when a line would reach the board; otherwise it says why. */
function renderCmd() {
  const d = state.devices.get(state.selected);
  const why = !d
    ? 'Pick a device to type into its console.'
    : d.bridge === false
      ? `No bridge for ${d.id} is connected, so a line would reach nobody: run espkit bridge --device ${d.id} (or espkit monitor --bridge) where the board is plugged in.`
      : '';
  $('#cmd-line').disabled = why !== '';
  $('#cmd-form button').disabled = why !== '';
  const status = $('#cmd-status');
  if (why) {
    status.textContent = why;
    status.className = 'hint';
  } else if (status.dataset.for !== d.id) {
    status.textContent = `Lines go to ${d.id}'s console through its bridge.`;
    status.className = 'hint';
  }
  status.dataset.for = d ? d.id : '';
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const message = res.status === 401 ? 'not logged in as admin: reload the page and log in as admin' : data.error || `${res.status} ${res.statusText}`;
    throw Object.assign(new Error(message), { status: res.status });
  }
  return data;
}

/** Until a person picks a device, show one: a bridged one if any, else the first. */
function autoSelect(all) {
  const current = state.devices.get(state.selected);
  if (current?.bridge) return;
  const pick = all.find((d) => d.bridge) || current || all[0];
  if (pick && pick.id !== state.selected) void select(pick.id, false);
}

async function select(id, chosen) {
  state.selected = id;
  state.chosen = state.chosen || chosen;
  state.serial = [];
  $('#serial-device').textContent = id;
  if (chosen) $('#push-target').value = id;
  for (const tr of document.querySelectorAll('#devices tbody tr')) tr.className = tr.dataset.device === id ? 'selected' : '';
  renderCmd();
  renderSerial();
  try {
    const lines = await api('GET', `/api/devices/${encodeURIComponent(id)}/serial`);
    if (state.selected !== id) return;
    // lines that came on the event stream while we asked are newer than what the answer holds
    const last = lines.length ? lines[lines.length - 1].at : 0;
    state.serial = lines.concat(state.serial.filter((l) => l.at > last)).slice(-MAX_SERIAL);
  } catch (err) {
    $('#cmd-status').textContent = err.message;
  }
  renderSerial();
}

/** Remember a push; count it if it is new (the hub stamps pushes in the order they go out). */
function remember(p) {
  if (p.sentAt > state.newest || (p.sentAt === state.newest && !state.pushes.has(p.id))) state.pushCount++;
  state.newest = Math.max(state.newest, p.sentAt);
  state.pushes.set(p.id, p);
}

function apply(update) {
  for (const d of update.devices || []) {
    const known = state.devices.get(d.id)?.lastEvent;
    state.devices.set(d.id, known && (!d.lastEvent || d.lastEvent.seq < known.seq) ? { ...d, lastEvent: known } : d);
  }
  const events = update.events || [];
  for (const e of events) {
    state.events.push(e);
    noteEvent(e);
  }
  if (events.length) renderEvents();
  for (const p of update.pushes || []) remember(p);
  let serialChanged = false;
  for (const s of update.serial || []) {
    if (s.device !== state.selected) continue;
    state.serial.push(s);
    serialChanged = true;
  }
  if (state.serial.length > MAX_SERIAL) state.serial.splice(0, state.serial.length - MAX_SERIAL);
  if (update.rollout) {
    setRollout(update.rollout);
    renderOta();
  }
  if ((update.devices || []).length || update.rollout || events.length) renderDevices();
  if ((update.pushes || []).length) renderPushes();
  if (serialChanged || (update.devices || []).some((d) => d.id === state.selected)) renderSerial();
}

function follow() {
  const source = new EventSource('/api/events');
  const link = $('#link');
  source.addEventListener('open', () => {
    link.textContent = 'live';
    link.className = 'badge on';
  });
  source.addEventListener('error', () => {
    // EventSource reconnects by itself; the next snapshot brings everything up to date.
    link.textContent = 'reconnecting';
    link.className = 'badge off';
  });
  source.addEventListener('snapshot', (e) => {
    const snap = JSON.parse(e.data);
    state.devices = new Map(snap.devices.map((d) => [d.id, d]));
    state.pushes = new Map(snap.pushes.map((p) => [p.id, p]).reverse()); // the hub sends newest first
    state.pushCount = snap.pushCount ?? snap.pushes.length;
    state.newest = Math.max(0, ...snap.pushes.map((p) => p.sentAt));
    state.events = snap.events || [];
    setRollout(snap.rollout);
    renderOta();
    renderEvents();
    renderDevices();
    renderPushes();
    if (state.selected) void select(state.selected, false);
  });
  source.addEventListener('update', (e) => apply(JSON.parse(e.data)));
}

$('#devices tbody').addEventListener('click', (e) => {
  const tr = e.target.closest('tr[data-device]');
  if (tr) void select(tr.dataset.device, true);
});

$('#device-filter').addEventListener('input', () => renderDevices());

$('#push-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const target = $('#push-target').value.trim();
  const msg = $('#push-msg').value;
  const ttl = Number($('#push-ttl').value || 0);
  $('#push-error').textContent = '';
  try {
    const path = target === 'all' ? '/api/push' : `/api/devices/${encodeURIComponent(target)}/push`;
    const p = await api('POST', path, { msg, ttl });
    remember(p);
    renderPushes();
    $('#push-msg').value = '';
  } catch (err) {
    $('#push-error').textContent = err.message;
  }
});

$('#cmd-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const line = $('#cmd-line').value;
  const device = state.selected;
  if (!device || line === '') return;
  const status = $('#cmd-status');
  try {
    await api('POST', `/api/devices/${encodeURIComponent(device)}/cmd`, { line });
    $('#cmd-line').value = '';
    status.textContent = `sent to ${device}'s console: ${short(line)}`;
    status.className = 'hint';
  } catch (err) {
    status.textContent = err.message;
    status.className = 'error';
  }
});

// the "last seen" of devices that are away ages while nothing happens
setInterval(() => {
  for (const td of document.querySelectorAll('#devices td.seen')) {
    const d = state.devices.get(td.parentElement.dataset.device);
    if (d) td.textContent = seen(d);
  }
}, 5000);

follow();
