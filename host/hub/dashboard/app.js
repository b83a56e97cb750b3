// The hub's dashboard: plain JavaScript, no build step. It reads the HTTP API once and then follows
// the hub's Server-Sent Events stream (/api/events): a "snapshot" on connect, then "update" batches.
// Everything from the network is shown with textContent, never as HTML.
'use strict';

const state = {
  devices: new Map(),
  pushes: new Map(),
  selected: null,
  serial: [],
};
const MAX_SERIAL = 500;
const $ = (sel) => document.querySelector(sel);

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const c of children) node.append(c);
  return node;
}

function ago(ms) {
  if (ms === null || ms === undefined) return 'before the hub started';
  const s = Math.max(0, Math.round((Date.now() - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(ms).toLocaleString();
}

function details(info) {
  const keys = Object.keys(info || {}).filter((k) => !['status', 'state', 'online'].includes(k));
  return keys.map((k) => `${k}: ${typeof info[k] === 'object' ? JSON.stringify(info[k]) : info[k]}`).join(', ');
}

function renderDevices() {
  const body = $('#devices tbody');
  const rows = [...state.devices.values()].sort((a, b) => a.id.localeCompare(b.id));
  body.replaceChildren(
    ...rows.map((d) => {
      const tr = el(
        'tr',
        { className: d.id === state.selected ? 'selected' : '' },
        el('td', { textContent: d.id }),
        el('td', {}, el('span', { className: `badge state ${d.online ? 'on' : 'off'}`, textContent: d.online ? 'online' : 'offline' })),
        el('td', { className: 'seen', textContent: ago(d.lastSeen) }),
        el('td', { textContent: details(d.info) }),
      );
      tr.dataset.device = d.id;
      tr.addEventListener('click', () => select(d.id));
      return tr;
    }),
  );
  $('#no-devices').hidden = rows.length > 0;
  $('#targets').replaceChildren(el('option', { value: 'all' }), ...rows.map((d) => el('option', { value: d.id })));
  const online = rows.filter((d) => d.online).length;
  $('#summary').textContent = `${online} of ${rows.length} device${rows.length === 1 ? '' : 's'} online`;
}

function renderPushes() {
  const body = $('#pushes tbody');
  const rows = [...state.pushes.values()].sort((a, b) => b.sentAt - a.sentAt).slice(0, 50);
  body.replaceChildren(
    ...rows.map((p) => {
      const lat = p.receipts.map((r) => r.latencyMs).sort((a, b) => a - b);
      const receipts =
        p.target === 'all'
          ? `${p.receipts.length}/${p.expected}${lat.length ? ` (max ${lat[lat.length - 1]} ms)` : ''}`
          : lat.length
            ? `${lat[0]} ms`
            : '-';
      const tr = el(
        'tr',
        {},
        el('td', { textContent: p.id }),
        el('td', { textContent: p.target }),
        el('td', { textContent: p.msg }),
        el('td', {}, el('span', { className: `badge state ${p.state}`, textContent: p.state })),
        el('td', { className: 'receipts', textContent: receipts }),
      );
      tr.dataset.push = p.id;
      return tr;
    }),
  );
}

function renderSerial() {
  const pre = $('#serial');
  const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  pre.textContent = state.serial.map((l) => l.line).join('\n');
  if (atBottom) pre.scrollTop = pre.scrollHeight;
}

async function api(method, path, body) {
  const res = await fetch(path, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || `${res.status} ${res.statusText}`);
  return data;
}

async function select(id) {
  state.selected = id;
  $('#serial-device').textContent = id;
  $('#cmd-line').disabled = false;
  $('#cmd-form button').disabled = false;
  $('#push-target').value = id;
  renderDevices();
  state.serial = await api('GET', `/api/devices/${encodeURIComponent(id)}/serial`);
  renderSerial();
}

function apply(update) {
  for (const d of update.devices || []) state.devices.set(d.id, d);
  for (const p of update.pushes || []) state.pushes.set(p.id, p);
  let serialChanged = false;
  for (const s of update.serial || []) {
    if (s.device !== state.selected) continue;
    state.serial.push(s);
    serialChanged = true;
  }
  if (state.serial.length > MAX_SERIAL) state.serial.splice(0, state.serial.length - MAX_SERIAL);
  if ((update.devices || []).length) renderDevices();
  if ((update.pushes || []).length) renderPushes();
  if (serialChanged) renderSerial();
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
    state.pushes = new Map(snap.pushes.map((p) => [p.id, p]));
    renderDevices();
    renderPushes();
  });
  source.addEventListener('update', (e) => apply(JSON.parse(e.data)));
}

$('#push-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const target = $('#push-target').value.trim();
  const msg = $('#push-msg').value;
  const ttl = Number($('#push-ttl').value || 0);
  $('#push-error').textContent = '';
  try {
    const path = target === 'all' ? '/api/push' : `/api/devices/${encodeURIComponent(target)}/push`;
    const p = await api('POST', path, { msg, ttl });
    state.pushes.set(p.id, p);
    renderPushes();
    $('#push-msg').value = '';
  } catch (err) {
    $('#push-error').textContent = err.message;
  }
});

$('#cmd-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const line = $('#cmd-line').value;
  if (!state.selected || line === '') return;
  try {
    await api('POST', `/api/devices/${encodeURIComponent(state.selected)}/cmd`, { line });
    $('#cmd-line').value = '';
  } catch (err) {
    $('#push-error').textContent = err.message;
  }
});

// "last seen" ages while nothing happens
setInterval(() => {
  for (const td of document.querySelectorAll('#devices td.seen')) {
    const d = state.devices.get(td.parentElement.dataset.device);
    if (d) td.textContent = ago(d.lastSeen);
  }
}, 5000);

follow();
